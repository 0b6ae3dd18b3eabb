"""Printed documents: domain data -> formatted strings (views) -> PDF (ReportLab).

May import only ``coopdesk.i18n``, ``coopdesk.domain``, ReportLab and the
standard library (checked by import-linter). The views (``account_view``,
``ledger_view``...) do not import ReportLab; the ``*_pdf`` modules do, so it is
loaded only when something is printed. The member statement's renderer is
handed out lazily for the same reason.
"""

from importlib import import_module

__all__ = ["render_member_statement", "statement_filename"]


def __getattr__(name: str):
    if name in __all__:
        return getattr(import_module("coopdesk.reports.statement_pdf"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
