"""The member's Estado de cuenta corriente as an A4 PDF.

``account_view.account_statement_view`` turns the account into strings; this
module only places them, reusing the statement's letterhead, member block,
grid, footer and numbered canvas (``statement_pdf``) and the liquidation's
table fitting, text boxes, sign-off and page builder (``liquidation_pdf``).

Legible for older eyes: the table and the text at 10 pt or more, the saldo at
13 pt.
"""

from __future__ import annotations

import os
from datetime import date
from types import SimpleNamespace
from typing import BinaryIO

from reportlab.platypus import Flowable, KeepTogether, Spacer, Table
from reportlab.platypus.tables import TableStyle

from coopdesk.i18n import _
from coopdesk.reports.account_view import AccountView
from coopdesk.reports.fonts import BOLD, REGULAR, register_fonts
from coopdesk.reports.flowables import BODY, NET_SIZE, Banner, NoteBox, SignOff, Text, build, grid, wrap
from coopdesk.reports.statement_pdf import (
    BLACK,
    ZEBRA_FILL,
    page_decorator,
    Heading,
    Letterhead,
    member_table,
    safe_name,
)

__all__ = ["account_filename", "render_account_statement"]

LINE_SIZE = 10.0
LINE_PAD = 3.0
LINES_RIGHT = (4, 5, 6)  # cargo, abono, saldo
LINES_FLEX = (2, 3)  # descripción, referencia
SUMMARY_WIDTH = 380.0
BY_CONCEPT_WIDTH = 380.0
GAP = 8


def _sign_off(view: AccountView) -> SignOff:
    """The liquidation's sign-off: the officers' lines on the left, the member's
    "Recibí conforme" box with a thumbprint square on the right (no code)."""
    return SignOff(SimpleNamespace(
        verification_label="", verification_code="", run_code_line="", signatures=view.signatures,
        receipt_title=view.receipt_title,
        receipt_name=view.receipt_name, receipt_dni=view.receipt_dni, thumbprint=view.thumbprint))


def _summary(view: AccountView) -> Table:
    """Saldo anterior, plus cargos, less abonos, equals the saldo (large)."""
    amount_width = 130.0
    label_width = SUMMARY_WIDTH - amount_width
    data = [[wrap(text, REGULAR, BODY + 0.5, label_width - 12), amount] for text, amount in view.summary[:-1]]
    last = len(data)
    text, amount = view.closing
    data.append([wrap(text, BOLD, NET_SIZE, label_width - 12), amount])
    style = TableStyle((
        ("FONT", (0, 0), (-1, last - 1), REGULAR, BODY + 0.5),
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("FONT", (0, last), (-1, last), BOLD, NET_SIZE),
        ("TOPPADDING", (0, last), (-1, last), 5),
        ("BOTTOMPADDING", (0, last), (-1, last), 5),
        ("BACKGROUND", (0, last), (-1, last), ZEBRA_FILL),
        ("LINEABOVE", (0, last), (-1, last), 1, BLACK),
        ("BOX", (0, 0), (-1, -1), 1, BLACK),
    ))
    return Table(data, colWidths=[label_width, amount_width], style=style, hAlign="LEFT")


def _story(view: AccountView) -> list[Flowable]:
    story: list[Flowable] = [
        Letterhead(view),
        Spacer(0, 6),
        *([Banner(view.banner, view.banner_sub), Spacer(0, 6)] if view.banner else []),  # dated before the close
        member_table(view),
        Spacer(0, GAP),
        NoteBox(view.note, BOLD, BODY + 0.5),
        Spacer(0, GAP),
        Heading(view.lines.title),
        grid(view.lines, LINES_RIGHT, flex=LINES_FLEX, size=LINE_SIZE, pad=LINE_PAD),
    ]
    if view.no_lines:
        story += [Spacer(0, 3), Text(view.no_lines, REGULAR, BODY)]
    story.append(KeepTogether([Spacer(0, GAP + 2), _summary(view), Spacer(0, 3),
                               Text(view.closing_words, BOLD, BODY + 1)]))
    story.append(KeepTogether([
        Spacer(0, GAP),
        Heading(view.by_concept.title),
        grid(view.by_concept, (1,), flex=(0,), size=LINE_SIZE, pad=LINE_PAD + 1, width=BY_CONCEPT_WIDTH),
        Spacer(0, 3),
        Text(view.capital_line, REGULAR, BODY),
        *([Text(view.loans_line, REGULAR, BODY)] if view.loans_line else []),
        # the signatures never stand alone on a page: what the member owes goes with them
        Spacer(0, GAP + 4),
        _sign_off(view),
    ]))
    return story


def render_account_statement(view: AccountView, out: str | os.PathLike | BinaryIO) -> None:
    """Write the Estado de cuenta corriente to ``out`` (a path or a binary file)."""
    register_fonts()
    decorate = page_decorator(view)
    build(_story(view), out, title=view.pdf_title, author=view.pdf_author, subject=view.pdf_subject,
          pdf_date=view.pdf_date, mark="", decorators=lambda _index: decorate)


def account_filename(member_code: str, end: date) -> str:
    """``cuenta-corriente-S0001-2026-04-30.pdf``: safe everywhere, one per member and date."""
    stem = safe_name(_("cuenta-corriente")) or "cuenta-corriente"
    return f"{stem}-{safe_name(member_code) or 'socio'}-{end.isoformat()}.pdf"
