"""Printed documents: domain data -> formatted strings (views) -> PDF (ReportLab).

May import only ``coopdesk.i18n``, ``coopdesk.domain``, ReportLab and the
standard library (checked by import-linter).
"""

from coopdesk.reports.statement_pdf import render_member_statement, statement_filename

__all__ = ["render_member_statement", "statement_filename"]
