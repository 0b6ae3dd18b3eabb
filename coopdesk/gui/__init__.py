"""The desktop application (PySide6): screens, dialogs, table models and the
worker thread that runs all database work. Imports only coopdesk.core,
coopdesk.reports, coopdesk.i18n, coopdesk.domain and PySide6 (see README.md)."""
