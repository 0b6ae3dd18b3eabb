"""``book.parties`` and ``book.registers``: the registry of buyers and suppliers
(RUC checked by módulo 11, DNI, a foreign tax number), and the registers of sales
(PLE 14.1) and purchases (8.1) of a month, written with SUNAT's file names beside
the other electronic books (docs/ple.md, «Registros de Ventas y de Compras»; the
fields are ``coopdesk.domain.registers``).
"""

from __future__ import annotations

import os
from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from coopdesk.core.errors import InvalidInput, N_, NotFound, Problem
from coopdesk.core.ledger import diario_number_in
from coopdesk.core.ple import PleFile, check_closed, check_month
from coopdesk.db.models import CreditNote, Expense, JournalEntry, JournalLine, LedgerAccount, Party, Sale
from coopdesk.domain import ple, roles
from coopdesk.domain import postings as P
from coopdesk.domain import registers as R
from coopdesk.domain.money import to_cents

if TYPE_CHECKING:
    from coopdesk.core.book import Book


@dataclass(frozen=True)
class PartyRow:
    id: int
    document_type: str
    document: str
    name: str


class Parties:
    def __init__(self, book: "Book"):
        self._book = book

    def add(self, document_type: str, document: str, name: str) -> int:
        """A buyer or supplier; its id. A RUC is checked by módulo 11."""
        document_type, document, name = (document_type or "").strip(), (document or "").strip().upper(), \
            (name or "").strip()
        problems = R.party_problems(document_type, document, name)
        with self._book.write(roles.RECORD_EXPENSE) as session:
            if not problems and session.scalar(select(Party.id).where(
                    Party.document_type == document_type, Party.document == document)) is not None:
                problems.append(Problem("document", N_("Ya está registrado el documento %(document)s."),
                                        {"document": document}))
            if problems:
                raise InvalidInput(problems)
            party = Party(document_type=document_type, document=document, name=name,
                          created_at=self._book.clock.now(), created_by=self._book.user)
            session.add(party)
            session.flush()
            return party.id

    def edit(self, party_id: int, document_type: str, document: str, name: str) -> None:
        """Correct a buyer's or supplier's document or name (checked as ``add``). The sales
        and expenses that name it keep naming it: the registers show it as it is now."""
        document_type, document, name = (document_type or "").strip(), (document or "").strip().upper(), \
            (name or "").strip()
        problems = R.party_problems(document_type, document, name)
        with self._book.write(roles.RECORD_EXPENSE) as session:
            party = session.get(Party, party_id)
            if party is None:
                raise NotFound(N_("No existe el comprador o proveedor %(id)s."), id=party_id)
            if not problems and session.scalar(select(Party.id).where(
                    Party.document_type == document_type, Party.document == document, Party.id != party_id)) \
                    is not None:
                problems.append(Problem("document", N_("Ya está registrado el documento %(document)s."),
                                        {"document": document}))
            if problems:
                raise InvalidInput(problems)
            party.document_type, party.document, party.name = document_type, document, name

    def list(self) -> list[PartyRow]:
        with self._book.read() as session:
            return [PartyRow(p.id, p.document_type, p.document, p.name)
                    for p in session.scalars(select(Party).order_by(Party.name, Party.id))]

    @staticmethod
    def find_in(session, document: str) -> Party | None:
        return session.scalars(select(Party).where(Party.document == (document or "").strip().upper())
                               .order_by(Party.id)).first()


def document_problems(session, data, purchase: bool) -> tuple[int | None, list[Problem]]:
    """A sale's or an expense's party and comprobante, when it gives them (all or none)."""
    given = (data.party, data.comprobante, data.series, data.doc_number, data.tax)
    if not any((v or "").strip() for v in given):
        return None, []
    problems = R.comprobante_problems(data.comprobante.strip(), data.series, data.doc_number, data.tax.strip(),
                                      purchase)
    if not purchase:
        problems += R.sale_tax_problems(data.tax.strip(), bool(data.cooperative_act))
    party = Parties.find_in(session, data.party)
    if party is None:
        problems.append(Problem("party", N_("No está registrado %(who)s con el documento «%(document)s»: regístrelo "
                                            "primero con su RUC o DNI."),
                                {"who": N_("el proveedor") if purchase else N_("el comprador"),
                                 "document": (data.party or "").strip()}))
    return (party.id if party is not None else None), problems


def store_document(row, data, party_id: int | None) -> None:
    row.party_id = party_id
    row.comprobante = (data.comprobante or "").strip()
    row.doc_series = (data.series or "").strip().upper()
    row.doc_number = (data.doc_number or "").strip()
    row.tax_kind = (data.tax or "").strip()


def credit_igv(session, data) -> Decimal:
    """The IGV of a gravado expense for an operation that is not an acto cooperativo: crédito
    fiscal, posted to 40111 (opened the first time); zero otherwise (the IGV of an acto
    cooperativo's purchase is part of its cost)."""
    if (data.tax or "").strip() != R.GRAVADO or data.cooperative_act or data.date is None:
        return Decimal("0.00")
    _base, igv = R.split(to_cents(data.amount), R.GRAVADO, data.date)
    if igv:
        open_igv_account(session)
    return Decimal(igv).scaleb(-2)


def open_igv_account(session) -> None:
    """40111 IGV – Cuenta propia, opened the first time an IGV is posted."""
    if session.scalar(select(LedgerAccount.id).where(LedgerAccount.code == P.IGV)) is None:
        session.add(LedgerAccount(code=P.IGV, name=P.IGV_NAME, kind="pasivo", member_ledger=False))
        session.flush()


def _line_of(session, entry_id: int, account: str) -> int:
    """The number (from 1) of the entry's first line on ``account``; 1 when it has none."""
    first_line = session.scalars(
        select(JournalLine.id).join(LedgerAccount, LedgerAccount.id == JournalLine.account_id)
        .where(JournalLine.entry_id == entry_id, LedgerAccount.code == account).order_by(JournalLine.id)).first()
    ids = session.scalars(select(JournalLine.id).where(JournalLine.entry_id == entry_id)
                          .order_by(JournalLine.id)).all()
    return ids.index(first_line) + 1 if first_line in ids else 1


class Registers:
    def __init__(self, book: "Book"):
        self._book = book

    def lines(self, libro: ple.Libro, year: int, month: int) -> list[R.RegisterLine]:
        """The month's sales (14.1) or expenses (8.1) that name their comprobante and are not
        voided, with the entry that carries them and the line of the entry their amount is on;
        in the 14.1 also the month's notas de crédito, negative, with the comprobante they modify."""
        from coopdesk.core.credit_notes import figures, note_parts, sale_parts

        start, end = date(year, month, 1), date(year, month, monthrange(year, month)[1])
        model = Sale if libro is R.VENTAS else Expense
        with self._book.read() as session:
            rows = session.execute(
                select(model, Party, JournalEntry).join(Party, Party.id == model.party_id)
                .join(JournalEntry, JournalEntry.id == model.entry_id)
                .where(model.date >= start, model.date <= end, model.voided_at.is_(None), model.comprobante != "")
                .order_by(model.date, model.id)).all()
            out = []
            for doc, party, entry in rows:
                account = doc.debit_account if model is Sale else doc.account
                line = _line_of(session, entry.id, account)
                if model is Sale:
                    rate = Decimal(doc.rate_e4).scaleb(-4) if doc.rate_e4 is not None else None
                    total, base, igv = figures(doc, sale_parts(doc)).pen_figures()
                    # the CUO is the entry's correlativo in the Libro Diario (given when the month closed), as in the 5.1
                    out.append(R.RegisterLine(entry.year, diario_number_in(session, entry.id), line, doc.date,
                                              doc.comprobante, doc.doc_series, doc.doc_number, party.document_type,
                                              party.document, party.name, to_cents(total), doc.tax_kind, doc.currency,
                                              rate,
                                              doc.cooperative_act, (to_cents(base), to_cents(igv))))
                else:
                    out.append(R.RegisterLine(entry.year, diario_number_in(session, entry.id), line, doc.date,
                                              doc.comprobante, doc.doc_series, doc.doc_number, party.document_type,
                                              party.document, party.name, to_cents(doc.amount), doc.tax_kind, "PEN",
                                              None, doc.cooperative_act))
            if model is Sale:
                out += self._credit_note_lines(session, start, end, figures, note_parts)
            return out

    @staticmethod
    def _credit_note_lines(session, start: date, end: date, figures, note_parts) -> list[R.RegisterLine]:
        out = []
        for note, sale, party, entry in session.execute(
                select(CreditNote, Sale, Party, JournalEntry).join(Sale, Sale.id == CreditNote.sale_id)
                .join(Party, Party.id == Sale.party_id).join(JournalEntry, JournalEntry.id == CreditNote.entry_id)
                .where(CreditNote.date >= start, CreditNote.date <= end).order_by(CreditNote.date, CreditNote.id)):
            rate = Decimal(sale.rate_e4).scaleb(-4) if sale.rate_e4 is not None else None
            total, base, igv = figures(sale, note_parts(note)).pen_figures()
            out.append(R.RegisterLine(entry.year, diario_number_in(session, entry.id),
                                      _line_of(session, entry.id, P.RECEIVABLE), note.date,
                                      R.NOTA_CREDITO, note.series, note.number, party.document_type, party.document,
                                      party.name, -to_cents(total), sale.tax_kind, sale.currency, rate,
                                      sale.cooperative_act, (-to_cents(base), -to_cents(igv)),
                                      (sale.date, sale.comprobante, sale.doc_series, sale.doc_number)))
        return out

    def month_files(self, year: int, month: int) -> list[PleFile]:
        check_month(year, month, [])
        check_closed(self._book, year, month)
        ruc, currency = self._book.cooperative.ruc, self._book.cooperative.currency
        files = []
        for libro in (R.VENTAS, R.COMPRAS):
            lines = R.register_lines(libro, self.lines(libro, year, month), year, month)
            files.append(PleFile(libro, ple.file_name(ruc, year, month, libro, bool(lines), currency), tuple(lines)))
        return files

    def totals(self, libro: ple.Libro, year: int, month: int) -> R.Totals:
        check_month(year, month, [])
        return R.totals(self.lines(libro, year, month))

    def write_month(self, year: int, month: int, folder: str | os.PathLike) -> list[Path]:
        files = self.month_files(year, month)
        folder = Path(folder)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            paths = []
            for f in files:
                path = folder / f.name
                path.write_bytes(f.content)
                paths.append(path)
        except OSError as exc:
            raise InvalidInput([Problem("out", N_("No se pudo escribir en «%(path)s»: %(reason)s."),
                                        {"path": str(folder), "reason": exc.strerror or str(exc)})]) from exc
        return paths


__all__ = ["Parties", "PartyRow", "Registers"]
