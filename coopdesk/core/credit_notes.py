"""``book.credit_notes``: notas de crédito (tabla 10: 07) against a sale's comprobante.

A note names the sale it modifies (the sale's comprobante, serie, número and date
go to fields 28–31 of the 14.1), its own serie and número, the date, the reason and
the amount it credits, with the IGV included as in the sale's total. Its entry
reverses that much of the sale: the income accounts and, for a gravado sale, 40111
debited back, the buyer's receivable (1212) credited. The sale and its entry are
never touched; a sale with notes is not voided, and its collection is what the
notes left (docs/ple.md, «Notas de crédito»).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import select

from coopdesk.core.errors import InvalidInput, N_, NotFound, Problem
from coopdesk.core.registers import open_igv_account
from coopdesk.db.models import CreditNote, JournalEntry, Sale
from coopdesk.domain import postings as P
from coopdesk.domain import registers as R
from coopdesk.domain import roles
from coopdesk.domain.credit_notes import CreditNoteInput, Parts, check_credit_note, credited
from coopdesk.domain.ledger import EntryInput
from coopdesk.domain.money import ZERO, to_cents

if TYPE_CHECKING:
    from coopdesk.core.book import Book


def _money(cents: int | None) -> Decimal:
    return Decimal(int(cents or 0)).scaleb(-2)


@dataclass(frozen=True)
class CreditNoteRow:
    id: int
    sale_id: int
    date: date
    series: str
    number: str
    reason: str
    currency: str
    credited: Parts          # in the sale's currency
    total_pen: Decimal       # in soles, as posted (negative in the register)
    base_pen: Decimal
    igv_pen: Decimal
    entry_number: str


def sale_parts(sale: Sale) -> Parts:
    return Parts(_money(sale.amount_cents), _money(sale.differential_cents), _money(sale.premium_cents))


def note_parts(note: CreditNote) -> Parts:
    return Parts(_money(note.amount_cents), _money(note.differential_cents), _money(note.premium_cents))


def credited_in(session, sale_id: int) -> Parts:
    """What the sale's notas de crédito have credited of it, in its currency."""
    out = Parts()
    for note in session.scalars(select(CreditNote).where(CreditNote.sale_id == sale_id)):
        out = out + note_parts(note)
    return out


def figures(sale: Sale, parts: Parts) -> P.SaleFigures:
    """``parts`` of ``sale`` as the postings see them (its currency, rate and IGV)."""
    rate = Decimal(sale.rate_e4).scaleb(-4) if sale.rate_e4 is not None else None
    return P.SaleFigures(sale.debit_account, sale.currency, rate, parts.amount, parts.premium, parts.differential,
                         ZERO, "", sale.tax_kind, sale.date)


class CreditNotes:
    def __init__(self, book: "Book"):
        self._book = book

    def record(self, data: CreditNoteInput) -> int:
        """Record a nota de crédito against a sale and post its entry; its id. Every problem at once."""
        problems = check_credit_note(data, self._book.clock.today())
        with self._book.write(roles.RECORD_SALE) as session:
            sale = session.get(Sale, data.sale_id)
            if sale is None:
                raise NotFound(N_("No existe la venta %(id)s."), id=data.sale_id)
            left = sale_parts(sale) - credited_in(session, sale.id)
            if sale.voided_at is not None:
                problems.append(Problem("sale", N_("La venta %(id)s está anulada."), {"id": sale.id}))
            elif sale.comprobante not in R.CREDITABLE:
                problems.append(Problem("sale", N_(
                    "La venta %(id)s no tiene una factura, boleta o ticket registrado: una nota de crédito modifica "
                    "un comprobante."), {"id": sale.id}))
            elif not any(p.field == "amount" for p in problems) and data.amount > left.total:
                problems.append(Problem("amount", N_(
                    "La nota de crédito no puede pasar de lo que queda de la venta: %(left)s %(currency)s."),
                    {"left": left.total, "currency": sale.currency}))
            if data.date is not None and not any(p.field == "date" for p in problems):
                if data.date < sale.date:
                    problems.append(Problem("date", N_("La nota de crédito no puede ser anterior a la venta "
                                                       "(%(date)s)."), {"date": sale.date}))
                else:
                    problems += self._book.ledger.check_open(session, data.date)
            series, number = (data.series or "").strip().upper(), (data.number or "").strip()
            if not problems and session.scalar(select(CreditNote.id).where(
                    CreditNote.series == series, CreditNote.number == number)) is not None:
                problems.append(Problem("number", N_("Ya está registrada la nota de crédito %(series)s-%(number)s."),
                                        {"series": series, "number": number}))
            if problems:
                raise InvalidInput(problems)
            parts = credited(data.amount, left)
            note = CreditNote(sale_id=sale.id, date=data.date, series=series, number=number,
                              reason=data.reason.strip(), amount_cents=to_cents(parts.amount),
                              premium_cents=to_cents(parts.premium), differential_cents=to_cents(parts.differential),
                              created_at=self._book.clock.now(), created_by=self._book.user)
            session.add(note)
            session.flush()
            f = figures(sale, parts)
            if f.pen_figures()[2] > ZERO:
                open_igv_account(session)
            original = f"{sale.doc_series}-{sale.doc_number}"
            text = f"Nota de crédito {series}-{number} a {original} ({sale.buyer}): {data.reason.strip()}"[:200]
            entry = self._book.ledger.post_in(session, EntryInput(data.date, text, P.credit_note_lines(f, text),
                                                                  f"{series}-{number}"[:40]),
                                              P.CREDIT_NOTE, note.id, self._book.user)
            note.entry_id = entry.id
            return note.id

    def list(self, sale_id: int | None = None, start: date | None = None, end: date | None = None
             ) -> list[CreditNoteRow]:
        with self._book.read() as session:
            query = (select(CreditNote, Sale, JournalEntry).join(Sale, Sale.id == CreditNote.sale_id)
                     .outerjoin(JournalEntry, JournalEntry.id == CreditNote.entry_id)
                     .order_by(CreditNote.date, CreditNote.id))
            if sale_id is not None:
                query = query.where(CreditNote.sale_id == sale_id)
            if start is not None:
                query = query.where(CreditNote.date >= start)
            if end is not None:
                query = query.where(CreditNote.date <= end)
            rows = []
            for note, sale, entry in session.execute(query):
                total, base, igv = figures(sale, note_parts(note)).pen_figures()
                rows.append(CreditNoteRow(note.id, sale.id, note.date, note.series, note.number, note.reason,
                                          sale.currency, note_parts(note), total, base, igv,
                                          f"{entry.year}-{entry.number:06d}" if entry is not None else ""))
            return rows


__all__ = ["CreditNoteInput", "CreditNoteRow", "CreditNotes"]
