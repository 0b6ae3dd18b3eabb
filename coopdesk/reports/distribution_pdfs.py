"""The renderer the core hands distribution papers to (``book.liquidations.renderer``):
a member's liquidation, many in one file, the board summary and the criteria.

It sits above the three document modules so that none of them imports another.
"""

from __future__ import annotations

from coopdesk.reports.criteria_pdf import criteria_filename, render_criteria
from coopdesk.reports.distribution_summary_pdf import render_distribution_summary
from coopdesk.reports.liquidation_pdf import (
    batch_filename,
    liquidation_filename,
    render_liquidation,
    render_liquidations,
    render_separator,
    summary_filename,
)

__all__ = ["PDF", "LiquidationPdf"]


class LiquidationPdf:
    """The PDF renderer ``coopdesk.core.liquidations.Liquidations`` uses. It has
    no state, so worker processes receive it by reference."""

    def filename(self, run_number: int, member_code: str) -> str:
        return liquidation_filename(run_number, member_code)

    def summary_filename(self, run_number: int) -> str:
        return summary_filename(run_number)

    def member(self, context, part, out) -> None:
        render_liquidation(context, part.member, part.season, part.result, out, getattr(part, "code", ""),
                           getattr(part, "document", None))

    def members(self, context, parts, out, progress=None, cancelled=None, duplex: bool = False) -> bool:
        return render_liquidations(context, parts, out, progress, cancelled, duplex=duplex)

    def summary(self, context, result, members, out) -> None:
        render_distribution_summary(context, result, members, out)

    def batch_filename(self, run_number: int) -> str:
        return batch_filename(run_number)

    def separator(self, context, group: str, members: int, out, duplex: bool = False) -> None:
        render_separator(context, group, members, out, duplex=duplex)

    def join(self, out, title: str = "", author: str = ""):
        """A ``PdfJoin`` writing to ``out``: pieces appended one after another, in
        little memory (``append(path, bookmark)``, then ``close()``)."""
        from coopdesk.reports.pdf_join import PdfJoin

        return PdfJoin(out, title, author)

    def criteria_filename(self, run_number: int) -> str:
        return criteria_filename(run_number)

    def criteria(self, context, out) -> None:
        render_criteria(context, out)

    def __reduce__(self):
        return (LiquidationPdf, ())


PDF = LiquidationPdf()
