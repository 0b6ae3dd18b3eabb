"""``book.banks``: the cooperative's bank accounts, each in one currency with its
own subaccount of 1041; the SBS exchange rates by day, imported from a file; the
revaluation of US$ balances at month and year end; and the bank reconciliation
against a statement imported from CSV or XLSX (docs/ledger.md, «Bancos y
monedas»; the rules are in ``coopdesk.domain.banks``).
"""

from __future__ import annotations

import os
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, case, func, select, type_coerce

from coopdesk.core.errors import InvalidInput, N_, NotFound, Problem
from coopdesk.core.sheets import read_rows
from coopdesk.db.models import BankAccount, ExchangeRate, JournalEntry, JournalLine, LedgerAccount
from coopdesk.domain import limits, roles
from coopdesk.domain import postings as P
from coopdesk.domain.banks import (BANK_PARENT, COMPRA, CURRENCIES, MAX_RATE, RATE_PLACES, Movement, Rate,
                                   Reconciliation, Revaluation, match, next_code, rate_on, revaluation)
from coopdesk.domain.ledger import EntryInput, LineInput
from coopdesk.domain.money import CENT, ZERO
from coopdesk.domain.tabular import Column, build_table, cell_date, cell_decimal, cell_text, decimal_marks

if TYPE_CHECKING:
    from coopdesk.core.book import Book

CURRENCY_WORDS = {"PEN": "S/", "USD": "US$"}

RATE_COLUMNS = (
    Column("day", "Fecha", ("Fecha de publicación", "Día", "Fecha publicación"), required=True),
    Column("buy", "Compra", ("T.C. Compra", "Tipo de cambio compra", "TC compra"), required=True),
    Column("sell", "Venta", ("T.C. Venta", "Tipo de cambio venta", "TC venta"), required=True),
)
STATEMENT_COLUMNS = (
    Column("day", "Fecha", ("Fecha de operación", "Fecha operación", "Fecha valor", "F. Operación"), required=True),
    Column("description", "Descripción", ("Concepto", "Detalle", "Descripción operación", "Glosa")),
    Column("reference", "Referencia", ("N° de operación", "Número de operación", "Nro. operación", "Operación",
                                       "Documento", "N° operación")),
    Column("out", "Cargo", ("Cargos", "Débito", "Retiro", "Cargo / Débito")),
    Column("in", "Abono", ("Abonos", "Crédito", "Depósito", "Abono / Crédito")),
    Column("amount", "Importe", ("Monto", "Importe neto")),
    Column("balance", "Saldo", ("Saldo contable", "Saldo disponible")),
)


@dataclass(frozen=True)
class BankAccountRow:
    id: int
    bank: str
    number: str
    currency: str
    code: str          # its subaccount of 1041
    name: str
    balance: Decimal   # in its currency
    balance_pen: Decimal  # in soles, as the books hold it


@dataclass(frozen=True)
class RatesImported:
    added: int
    already: int       # days already in the table with the same figures
    first: date | None
    last: date | None


@dataclass(frozen=True)
class PostedRevaluation:
    day: date
    lines: tuple[Revaluation, ...]
    entry_number: str  # '' when there was no difference to post


@dataclass(frozen=True)
class BankReconciliation:
    account: BankAccountRow
    start: date
    end: date
    result: Reconciliation


def _money(cents) -> Decimal:
    return Decimal(int(cents or 0)).scaleb(-2)


def _rate(e4: int) -> Decimal:
    return Decimal(int(e4)).scaleb(-4)


def _row(problem: Problem, row: int) -> Problem:
    return Problem(problem.field, N_("Fila %(row)s: %(problem)s"), {"row": row, "problem": problem})


def _table(path, columns):
    table = build_table(read_rows(path), columns)
    if table.problems and not table.rows:
        first = table.problems[0]
        raise InvalidInput([_row(first.problem, first.row) if first.row else first.problem])
    return table


class Banks:
    def __init__(self, book: "Book"):
        self._book = book

    # -- accounts -----------------------------------------------------------------

    def add(self, bank: str, number: str, currency: str, entity: str = "") -> str:
        """A bank account: its subaccount of 1041 is opened with it (10411, 10412 …). The code.
        ``entity``: the bank's code in SUNAT's tabla 3 (02 BCP, 11 BBVA …), which the PLE 1.2
        names on each line (``book.settings.set_ple_bank_account``); empty to say it later."""
        bank, number, currency = (bank or "").strip(), (number or "").strip(), (currency or "").strip().upper()
        entity = (entity or "").strip()
        problems: list[Problem] = []
        if entity and not (len(entity) == 2 and entity.isdigit()):
            problems.append(Problem("entity", N_(
                "La entidad financiera es el código de dos cifras de la tabla 3 de SUNAT (por ejemplo 11 para "
                "el BBVA Continental o 02 para el Banco de Crédito); usted escribió «%(text)s»."), {"text": entity}))
        if not bank:
            problems.append(Problem("bank", N_("Escriba el banco.")))
        elif len(bank) > limits.NAME:
            problems.append(Problem("bank", N_("Es demasiado largo: %(limit)s caracteres como máximo."),
                                    {"limit": limits.NAME}))
        if not number:
            problems.append(Problem("number", N_("Escriba el número de la cuenta.")))
        elif len(number) > limits.REFERENCE:
            problems.append(Problem("number", N_("Es demasiado largo: %(limit)s caracteres como máximo."),
                                    {"limit": limits.REFERENCE}))
        if currency not in CURRENCIES:
            problems.append(Problem("currency", N_("La moneda debe ser PEN o USD.")))
        with self._book.write(roles.EDIT_CHART) as session:
            from coopdesk.core.ledger import add_default_chart

            add_default_chart(session)
            if not problems and session.scalar(select(BankAccount.id).where(
                    BankAccount.bank == bank, BankAccount.number == number)) is not None:
                problems.append(Problem("number", N_("Ya está registrada la cuenta %(number)s de %(bank)s."),
                                        {"number": number, "bank": bank}))
            if problems:
                raise InvalidInput(problems)
            taken = session.scalars(select(LedgerAccount.code).where(LedgerAccount.code.like(f"{BANK_PARENT}%"))).all()
            code = next_code(BANK_PARENT, taken)
            name = f"{bank} {CURRENCY_WORDS[currency]} {number}"[:limits.DESCRIPTION]
            session.add(LedgerAccount(code=code, name=name, kind="activo", member_ledger=False))
            session.add(BankAccount(bank=bank, number=number, currency=currency, account_code=code,
                                    created_at=self._book.clock.now(), created_by=self._book.user))
        if entity:
            self._book.settings.set_ple_bank_account(code, entity, number)
        return code

    def accounts(self, as_of: date | None = None) -> list[BankAccountRow]:
        """Every bank account with its balance on ``as_of`` (today) in its currency and in soles."""
        as_of = as_of or self._book.clock.today()
        with self._book.read() as session:
            return self._accounts(session, as_of)

    def _accounts(self, session, as_of: date) -> list[BankAccountRow]:
        rows = []
        for b, name in session.execute(select(BankAccount, LedgerAccount.name)
                                       .join(LedgerAccount, LedgerAccount.code == BankAccount.account_code)
                                       .order_by(BankAccount.account_code)):
            foreign, pen = self._balance(session, b.account_code, as_of)
            rows.append(BankAccountRow(b.id, b.bank, b.number, b.currency, b.account_code, name,
                                       foreign if b.currency == "USD" else pen, pen))
        return rows

    def account(self, code: str, as_of: date | None = None) -> BankAccountRow:
        found = next((a for a in self.accounts(as_of) if a.code == (code or "").strip()), None)
        if found is None:
            raise NotFound(N_("No existe la cuenta bancaria %(code)s."), code=code)
        return found

    @staticmethod
    def _balance(session, code: str, as_of: date) -> tuple[Decimal, Decimal]:
        """(US$, soles) of an account through ``as_of`` (that night's closing of the year left
        out): the US$ are the foreign amounts of its US$ lines, the soles every line's."""
        line, entry, account = JournalLine.__table__.c, JournalEntry.__table__.c, LedgerAccount.__table__.c
        usd = case((line.currency == "USD", func.coalesce(line.foreign_cents, 0)), else_=0)
        signed = case((line.debit_cents > 0, usd), else_=-usd)
        pen, foreign = session.execute(
            select(type_coerce(func.coalesce(func.sum(line.debit_cents - line.credit_cents), 0), BigInteger),
                   type_coerce(func.coalesce(func.sum(signed), 0), BigInteger))
            .join_from(JournalLine.__table__, JournalEntry.__table__, entry.id == line.entry_id)
            .join(LedgerAccount.__table__, account.id == line.account_id)
            .where(account.code == code, entry.date <= as_of,
                   ~((entry.source_kind == P.BALANCE_CLOSING) & (entry.date == as_of)))).one()
        return _money(foreign), _money(pen)

    # -- exchange rates -------------------------------------------------------------

    def rates(self) -> list[Rate]:
        with self._book.read() as session:
            return self._rates(session)

    @staticmethod
    def _rates(session) -> list[Rate]:
        return [Rate(r.day, _rate(r.buy_e4), _rate(r.sell_e4))
                for r in session.scalars(select(ExchangeRate).order_by(ExchangeRate.day))]

    def rate_on(self, day: date) -> Rate | None:
        """The SBS rate in force on ``day``: the last published on or before it."""
        return rate_on(self.rates(), day)

    def rate_in(self, session, day: date, side: str = COMPRA, field: str = "exchange_rate") -> tuple[
            Decimal | None, list[Problem]]:
        """The rate of ``day`` by the rule (``side``: compra or venta), or why there is none."""
        found = rate_on(self._rates(session), day)
        if found is None:
            return None, [Problem(field, N_(
                "No hay tipo de cambio del %(date)s ni de un día anterior: importe los tipos de cambio de la SBS "
                "(«Bancos», «Importar tipos de cambio»)."), {"date": day})]
        return found.side(side), []

    def rule_rate(self, session, day: date | None, typed: Decimal | None, side: str = COMPRA,
                  field: str = "exchange_rate") -> tuple[Decimal | None, list[Problem]]:
        """The rate a US$ document of ``day`` is translated with. Once the book has the SBS's
        rates, the rate of the day by the rule, never typed: one typed that differs is refused.
        A book without any rate keeps the rate typed (as before the table existed)."""
        rates = self._rates(session)
        if not rates or day is None:
            return typed, []
        found = rate_on(rates, day)
        if found is None:
            return None, self.rate_in(session, day, side, field)[1]
        rate = found.side(side)
        if typed is not None and typed != rate:
            return None, [Problem(field, N_(
                "El tipo de cambio del %(date)s es %(rate)s (SBS, %(side)s, publicado el %(published)s): se aplica "
                "por regla y no se escribe en cada documento."),
                {"date": day, "rate": rate, "side": side, "published": found.day})]
        return rate, []

    def money_accounts(self, session) -> dict[str, str | None]:
        """Where money comes in or goes out: Caja (101), the bank (1041) and each bank
        account's subaccount, with its currency (None: any)."""
        accounts: dict[str, str | None] = {code: None for code in P.MONEY_ACCOUNTS}
        accounts.update(session.execute(select(BankAccount.account_code, BankAccount.currency)).all())
        return accounts

    def import_rates(self, path: str | os.PathLike, source: str = "SBS") -> RatesImported:
        """The SBS's rates from a CSV or XLSX (Fecha, Compra, Venta). A day already in the
        table with the same figures is left; with other figures the whole file is refused
        (a rate that documents were translated with is never changed). Every problem at once."""
        table = _table(path, RATE_COLUMNS)
        marks = decimal_marks(table.rows, ("buy", "sell"))
        problems = [_row(p.problem, p.row) for p in table.problems]
        read: dict[date, tuple[Decimal, Decimal, int]] = {}
        for row in table.rows:
            day, found = cell_date(row.cells.get("day"), "day")
            values = []
            for key in ("buy", "sell"):
                value, more = cell_decimal(row.cells.get(key) or "", key, marks.get(key))
                found += more
                if not more and (value <= ZERO or value > MAX_RATE or value != value.quantize(RATE_PLACES)):
                    found.append(Problem(key, N_("El tipo de cambio «%(text)s» debe ser mayor que cero, con cuatro "
                                                 "decimales como máximo."), {"text": cell_text(row.cells.get(key))}))
                values.append(value)
            if not found and values[0] > values[1]:
                found.append(Problem("buy", N_("La compra (%(buy)s) no puede ser mayor que la venta (%(sell)s)."),
                                     {"buy": values[0], "sell": values[1]}))
            if not found and day in read and read[day][:2] != tuple(values):
                found.append(Problem("day", N_("El %(date)s está dos veces con tipos de cambio distintos."),
                                     {"date": day}))
            problems += [_row(p, row.number) for p in found]
            if not found:
                read[day] = (values[0], values[1], row.number)
        if not read and not problems:
            problems.append(Problem("file", N_("El archivo no tiene tipos de cambio.")))
        with self._book.write(roles.POST_ENTRY) as session:
            known = {r.day: r for r in session.scalars(select(ExchangeRate).where(ExchangeRate.day.in_(list(read))))}
            already = 0
            for day, (buy, sell, number) in sorted(read.items()):
                old = known.get(day)
                if old is None:
                    continue
                if (_rate(old.buy_e4), _rate(old.sell_e4)) == (buy, sell):
                    already += 1
                else:
                    problems.append(_row(Problem("day", N_(
                        "el %(date)s ya tiene compra %(old_buy)s y venta %(old_sell)s; un tipo de cambio registrado "
                        "no se cambia."), {"date": day, "old_buy": _rate(old.buy_e4), "old_sell": _rate(old.sell_e4)}),
                        number))
            if problems:
                raise InvalidInput(problems)
            now, who = self._book.clock.now(), self._book.user
            added = [ExchangeRate(day=day, buy_e4=int(buy.scaleb(4)), sell_e4=int(sell.scaleb(4)),
                                  source=(source or "")[:limits.REFERENCE], created_at=now, created_by=who)
                     for day, (buy, sell, _n) in sorted(read.items()) if day not in known]
            session.add_all(added)
        days = sorted(read)
        return RatesImported(len(added), already, days[0] if days else None, days[-1] if days else None)

    # -- revaluation ----------------------------------------------------------------

    def revalue(self, year: int, month: int) -> PostedRevaluation:
        """The US$ accounts' balances at the end of the month at the compra rate of that day
        (the last published on or before it); the difference to what the books hold in soles
        is posted that day to 776 (ganancia) or 676 (pérdida), one entry for all the accounts.
        Run again, it posts only what changed since (a back-dated document): nothing if nothing did."""
        if not (1 <= month <= 12 and 1900 <= year <= 9999):
            raise InvalidInput([Problem("month", N_("Elija un mes válido."))])
        day = date(year, month, monthrange(year, month)[1])
        with self._book.write(roles.POST_ENTRY) as session:
            problems = self._book.ledger.check_open(session, day)
            rate, missing = self.rate_in(session, day, COMPRA)
            if problems or missing:
                raise InvalidInput(problems + missing)
            found = [revaluation(a.code, a.balance, a.balance_pen, rate)
                     for a in self._accounts(session, day) if a.currency == "USD"]
            lines: list[LineInput] = []
            text = f"Diferencia de cambio al {day:%d/%m/%Y}, T.C. compra {rate}"
            for r in found:
                if r.difference > ZERO:
                    lines += [LineInput(r.account, debit=r.difference, description=text),
                              LineInput(P.EXCHANGE_GAIN, credit=r.difference, description=text)]
                elif r.difference < ZERO:
                    lines += [LineInput(P.EXCHANGE_LOSS, debit=-r.difference, description=text),
                              LineInput(r.account, credit=-r.difference, description=text)]
            number = ""
            if lines:
                entry = self._book.ledger.post_in(session, EntryInput(day, text, tuple(lines), f"TC-{day:%Y%m%d}"),
                                                  P.REVALUATION, int(f"{day:%Y%m%d}"), self._book.user)
                number = f"{entry.year}-{entry.number:06d}"
        return PostedRevaluation(day, tuple(found), number)

    # -- reconciliation -------------------------------------------------------------

    def read_statement(self, path: str | os.PathLike) -> tuple[list[Movement], Decimal | None]:
        """The bank's statement (CSV or XLSX): a date, an amount (Cargo and Abono, or a signed
        Importe), and optionally a reference, a description and the balance after each line.
        Its lines, and its closing balance (the «Saldo» of its last line by date), or None."""
        table = _table(path, STATEMENT_COLUMNS)
        if not (table.has("amount") or table.has("in") or table.has("out")):
            raise InvalidInput([Problem("file", N_(
                "El estado de cuenta %(file)s no tiene columnas de importe: «Cargo» y «Abono», o «Importe» con "
                "signo."), {"file": Path(path).name})])
        marks = decimal_marks(table.rows, ("in", "out", "amount", "balance"))
        problems = [_row(p.problem, p.row) for p in table.problems]
        lines: list[Movement] = []
        closing: tuple[date, int, Decimal] | None = None
        for row in table.rows:
            day, found = cell_date(row.cells.get("day"), "day")
            amount = ZERO
            for key, sign in (("in", 1), ("out", -1), ("amount", 1)):
                text = cell_text(row.cells.get(key)).strip()
                if not text:
                    continue
                value, more = cell_decimal(row.cells.get(key), key, marks.get(key))
                found += more
                if key == "out":
                    value = abs(value)
                amount += sign * value
            if not found and amount != amount.quantize(CENT):
                found.append(Problem("amount", N_("Los importes van con dos decimales como máximo.")))
            balance_text = cell_text(row.cells.get("balance")).strip()
            if balance_text:
                balance, more = cell_decimal(row.cells.get("balance"), "balance", marks.get("balance"))
                found += more
            problems += [_row(p, row.number) for p in found]
            if not found:
                lines.append(Movement(day, amount, cell_text(row.cells.get("reference")).strip(),
                                      cell_text(row.cells.get("description")).strip(), row.number))
                if balance_text and (closing is None or (day, row.number) >= closing[:2]):
                    closing = (day, row.number, balance)
        if problems:
            raise InvalidInput(problems)
        if not lines:
            raise InvalidInput([Problem("file", N_("El estado de cuenta no tiene movimientos."))])
        return lines, closing[2] if closing is not None else None

    def reconcile(self, code: str, path: str | os.PathLike) -> BankReconciliation:
        """The statement of the account ``code`` against its lines in the books, from the
        statement's first day to its last, in the account's currency. The statement's
        closing balance is its last «Saldo» (the last row of its last day); without that
        column, the books' balance the day before plus the statement's movements."""
        account = self.account(code)
        statement, statement_balance = self.read_statement(path)
        start, end = min(m.day for m in statement), max(m.day for m in statement)
        with self._book.read() as session:
            books = self._movements(session, account, start, end)
            opening = self._balance(session, account.code, start - timedelta(days=1))
            closing = self._balance(session, account.code, end)
        pick = 0 if account.currency == "USD" else 1
        book_balance = closing[pick]
        if statement_balance is None:
            statement_balance = opening[pick] + sum((m.amount for m in statement), ZERO)
        matched, bank_only, book_only = match(statement, books)
        account = self.account(code, end)
        return BankReconciliation(account, start, end, Reconciliation(
            tuple(matched), tuple(bank_only), tuple(book_only), statement_balance, book_balance))

    @staticmethod
    def _movements(session, account: BankAccountRow, start: date, end: date) -> list[Movement]:
        line, entry = JournalLine.__table__.c, JournalEntry.__table__.c
        rows = session.execute(
            select(line.id, entry.date, entry.reference, entry.description, line.currency,
                   type_coerce(line.debit_cents, BigInteger), type_coerce(line.credit_cents, BigInteger),
                   line.foreign_cents)
            .join_from(JournalLine.__table__, JournalEntry.__table__, entry.id == line.entry_id)
            .join(LedgerAccount.__table__, LedgerAccount.__table__.c.id == line.account_id)
            .where(LedgerAccount.__table__.c.code == account.code, entry.date >= start, entry.date <= end,
                   entry.source_kind.not_in((P.REVALUATION, P.BALANCE_CLOSING, P.REOPENING)))
            .order_by(entry.date, line.id)).all()
        out = []
        for line_id, day, reference, description, currency, debit, credit, foreign in rows:
            sign = 1 if debit else -1
            if account.currency == "USD":
                if currency != "USD":
                    continue  # soles only: not money the bank moved in dollars
                amount = _money(foreign) * sign
            else:
                amount = _money(debit or credit) * sign
            out.append(Movement(day, amount, reference or "", description or "", line_id))
        return out



__all__ = ["Banks", "BankAccountRow", "BankReconciliation", "PostedRevaluation", "RatesImported"]
