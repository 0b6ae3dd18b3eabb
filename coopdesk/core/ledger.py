"""``book.ledger``: the cooperative's double-entry books.

Posting checks the entry (``domain.ledger.check_entry``), the accounts, the
members of sub-ledger lines and the period, and writes the entry and its lines
in one transaction, numbered within its year (the posting number; closing a
month gives its entries their correlativo in the Libro Diario, by date:
``number_closed_in``). Entries are never changed:
``reverse`` posts the opposite entry. Periods close forward only; a closed
period takes nothing (the core refuses, and database triggers refuse too).
Statements are computed from SQL sums per account, in integer céntimos.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Sequence

from sqlalchemy import BigInteger, func, select, type_coerce

from coopdesk.core.dto import Changes
from coopdesk.core.errors import InvalidInput, N_, NotFound, Problem
from coopdesk.db.models import DiarioNumber, JournalEntry, JournalLine, LedgerAccount, LedgerPeriod, Member
from coopdesk.domain import diario, limits
from coopdesk.domain.ledger import (
    DEFAULT_CHART, KIND_LABELS, AccountBalance, BalanceSheet, EntryInput, EntryRow, IncomeStatement, Kind, LineInput, LineRow,
    MemberLedger, TrialBalance,
    balance_sheet, check_entry, closing_lines, income_statement, period_code,
)
from coopdesk.domain.money import ZERO, to_cents
from coopdesk.domain import postings as P
from coopdesk.domain.postings import OPENING
from coopdesk.domain.problems import Text
from coopdesk.domain import roles

if TYPE_CHECKING:
    from coopdesk.core.book import Book
    from coopdesk.core.chart_changes import ChartChangeRow
    from coopdesk.core.year_end import YearEnd
    from coopdesk.domain.financial_statements import FunctionStatement, Worksheet
    from coopdesk.domain.year_end import TaxProvision

OPEN, CLOSED = "abierto", "cerrado"
FIRST_YEAR, LAST_YEAR = 1900, 9999
REMANENTE, LOSSES = "591", "592"
CLOSING = P.CLOSING
TYPED = (P.MANUAL, P.OPENING)  # entries a person types line by line (the others add up checked documents)


@dataclass(frozen=True)
class AccountRow:
    code: str
    name: str
    kind: str
    member_ledger: bool


@dataclass(frozen=True)
class PeriodRow:
    year: int
    month: int
    status: str
    closed_at: datetime | None
    closed_by: str

    @property
    def code(self) -> str:
        return period_code(self.year, self.month)


def add_default_chart(session) -> None:
    """The shipped chart (PCGE codes), for the accounts a book does not have yet."""
    existing = set(session.scalars(select(LedgerAccount.code)))
    session.add_all(LedgerAccount(code=a.code, name=a.name, kind=a.kind, member_ledger=a.member_ledger)
                    for a in DEFAULT_CHART if a.code not in existing)
    session.flush()


def last_closed(session) -> tuple[int, int] | None:
    """The latest closed month (year, month): nothing is recorded in it or before it."""
    row = session.execute(select(LedgerPeriod.year, LedgerPeriod.month).where(LedgerPeriod.status == CLOSED)
                          .order_by(LedgerPeriod.year.desc(), LedgerPeriod.month.desc()).limit(1)).first()
    return tuple(row) if row is not None else None


def number_closed_in(session) -> int:
    """Give every entry of a closed month that has none its correlativo in the Libro
    Diario (``domain.diario``), after the last one of its year; how many. Run when a
    month closes: months close forward only and nothing more is dated in them, so
    a correlativo once given is never changed, nor one given before it."""
    e, d, p = JournalEntry.__table__.c, DiarioNumber.__table__.c, LedgerPeriod.__table__.c
    rows = session.execute(
        select(e.id, e.year, e.date, e.source_kind, e.number)
        .join_from(JournalEntry.__table__, LedgerPeriod.__table__, p.id == e.period_id)
        .outerjoin(DiarioNumber.__table__, d.entry_id == e.id)
        .where(p.status == CLOSED, d.id.is_(None))).all()
    by_year: dict[int, list] = {}
    for entry_id, year, day, kind, number in rows:
        by_year.setdefault(year, []).append((entry_id, day, kind, number))
    values = []
    for year, entries in sorted(by_year.items()):
        last = session.scalar(select(func.max(d.number)).where(d.year == year)) or 0
        values += [{"entry_id": entry_id, "year": year, "number": n}
                   for entry_id, n in diario.numbered(entries, last)]
    if values:
        session.execute(DiarioNumber.__table__.insert(), values)
    return len(values)


def diario_number_in(session, entry_id: int) -> int:
    """The entry's correlativo in the Libro Diario (the CUO of the electronic books and
    registers); 0 while its month is open (they are refused then: ``core.ple.check_closed``)."""
    return session.scalar(select(DiarioNumber.number).where(DiarioNumber.entry_id == entry_id)) or 0


def closed_problems(day: date, last_closed) -> list[Problem]:
    """A date in a closed month, or before the last closed month, takes nothing;
    the message gives the first date that can be used."""
    if last_closed is None or (day.year, day.month) > tuple(last_closed):
        return []
    year, month = last_closed
    first_open = date(year + (month == 12), month % 12 + 1, 1)
    if (day.year, day.month) == tuple(last_closed):
        return [Problem("date", N_(
            "El periodo %(period)s está cerrado: no se registra nada en él. Use una fecha desde el %(first)s; un "
            "documento olvidado se registra con esa fecha, anotando su fecha real en la referencia."),
            {"period": period_code(day.year, day.month), "first": first_open})]
    return [Problem("date", N_(
        "El %(date)s es anterior al periodo cerrado %(period)s: no se registra nada antes de un cierre. Use una "
        "fecha desde el %(first)s; un documento olvidado se registra con esa fecha, anotando su fecha real en la "
        "referencia."), {"date": day, "period": period_code(*last_closed), "first": first_open})]


def _cents(column):
    return type_coerce(func.coalesce(func.sum(column), 0), BigInteger)


class Ledger:
    def __init__(self, book: "Book"):
        self._book = book

    # -- the chart ------------------------------------------------------------------

    def accounts(self) -> list[AccountRow]:
        with self._book.read() as session:
            return [AccountRow(a.code, a.name, a.kind, a.member_ledger)
                    for a in session.scalars(select(LedgerAccount).order_by(LedgerAccount.code))]

    def chart_changes(self) -> list["ChartChangeRow"]:
        """What the move to the PCGE's codes (0008) changed in this book: empty for
        a book made on them (core/chart_changes.py)."""
        from coopdesk.core.chart_changes import all_changes
        with self._book.read() as session:
            return all_changes(session)

    def unseen_chart_changes(self) -> list["ChartChangeRow"]:
        """Those changes not yet shown to anyone, now marked shown: the app shows them
        once, to whoever keeps the books (``roles.SEE_CHART_CHANGES``); anyone else
        gets nothing and leaves them unseen."""
        from coopdesk.core.chart_changes import take_unseen
        person = self._book.person
        if person is None or not roles.allowed(person.role, roles.SEE_CHART_CHANGES):
            return []
        with self._book.write(roles.SEE_CHART_CHANGES) as session:
            return take_unseen(session, self._book.clock.now())

    def add_account(self, code: str, name: str, kind: str, member_ledger: bool = False) -> Changes:
        code, name = code.strip(), name.strip()
        problems: list[Problem] = []
        if not code or not code.isdigit() or len(code) > limits.CODE:
            problems.append(Problem("code", N_("El código de cuenta son dígitos del Plan Contable, por ejemplo 6391.")))
        if not name:
            problems.append(Problem("name", N_("Escriba el nombre de la cuenta.")))
        elif len(name) > limits.DESCRIPTION:
            problems.append(Problem("name", N_("Es demasiado largo: %(limit)s caracteres como máximo."),
                                    {"limit": limits.DESCRIPTION}))
        if kind not in set(Kind):
            problems.append(Problem("kind", N_("Elija si la cuenta es de activo, pasivo, patrimonio, ingreso o gasto.")))
        with self._book.write(roles.EDIT_CHART) as session:
            add_default_chart(session)
            if session.scalar(select(LedgerAccount.id).where(LedgerAccount.code == code)):
                problems.append(Problem("code", N_("Ya existe la cuenta %(code)s."), {"code": code}))
            if problems:
                raise InvalidInput(problems)
            session.add(LedgerAccount(code=code, name=name, kind=kind, member_ledger=member_ledger))
        return Changes(reference=True)

    # -- posting ------------------------------------------------------------------------

    def post(self, entry: EntryInput, source_kind: str = "manual", source_id: int | None = None) -> int:
        """Post an entry; its id. Every problem at once; nothing written if any."""
        with self._book.write(roles.POST_ENTRY) as session:
            return self.post_in(session, entry, source_kind, source_id, self._book.user).id

    def post_in(self, session, entry: EntryInput, source_kind: str = "manual", source_id: int | None = None,
                by: str | None = None, reverses: int | None = None) -> JournalEntry:
        """Post inside an open write transaction (automatic entries with their document)."""
        return self.post_many_in(session, [(entry, source_kind, source_id, reverses)], by)[0]

    def post_many_in(self, session, entries: Sequence[tuple[EntryInput, str, int | None, int | None]],
                     by: str | None = None) -> list[JournalEntry]:
        """Post several entries (entry, source_kind, source_id, reverses) in one
        transaction: the chart, members and periods are read once. Every problem
        of every entry at once; nothing written if there is any."""
        add_default_chart(session)
        accounts = {a.code: a for a in session.scalars(select(LedgerAccount))}
        codes = {line.member_code.strip().upper() for entry, *_ in entries for line in entry.lines
                 if line.member_code.strip()}
        members: dict[str, int] = {}
        if codes:  # a member's code as typed, in any case
            members = dict(session.execute(select(func.upper(Member.code), Member.id)
                                           .where(func.upper(Member.code).in_(codes))).all())
        closed = last_closed(session)
        problems: list[Problem] = []
        for entry, source_kind, *_ in entries:
            problems += self._entry_problems(entry, accounts, members, closed, source_kind in TYPED)
        if problems:
            raise InvalidInput(problems)
        # Caja and the banks: refused below zero unless confirmed (core.cash_guard)
        overdrafts = self._book.cash.check_in(session, [entry for entry, *_ in entries], accounts)
        numbers: dict[int, int] = {}
        now = self._book.clock.now()
        who = by if by is not None else self._book.user
        rows = []
        for entry, source_kind, source_id, reverses in entries:
            year = entry.date.year
            if year not in numbers:
                numbers[year] = session.scalar(select(func.max(JournalEntry.number)).where(JournalEntry.year == year)) or 0
            numbers[year] += 1
            row = JournalEntry(year=year, number=numbers[year], date=entry.date,
                               period_id=self._period(session, entry.date).id,
                               description=entry.description.strip(), reference=entry.reference.strip()[:limits.REFERENCE],
                               source_kind=source_kind, source_id=source_id, reverses_id=reverses,
                               created_at=now, created_by=who)
            rows.append(row)
        session.add_all(rows)
        session.flush()
        session.add_all(JournalLine(
            entry_id=row.id, account_id=accounts[line.account].id,
            member_id=members.get(line.member_code.strip().upper()), debit=line.debit, credit=line.credit,
            currency=line.currency,
            foreign_cents=to_cents(line.foreign_amount) if line.foreign_amount is not None else None,
            rate_ten_thousandths=int(line.exchange_rate.scaleb(4)) if line.exchange_rate is not None else None,
            description=line.description.strip()[:limits.DESCRIPTION])
            for row, (entry, *_) in zip(rows, entries) for line in entry.lines)
        session.flush()
        if overdrafts:
            self._book.cash.record_in(session, overdrafts, [entry for entry, *_ in entries], rows, who)
            session.flush()
        return rows

    @staticmethod
    def _entry_problems(entry: EntryInput, accounts: dict, members: dict[str, int], last_closed,
                        typed: bool = True) -> list[Problem]:
        problems = check_entry(entry, accounts, typed)
        for number, line in enumerate(entry.lines, start=1):
            account = accounts.get(line.account)
            code = line.member_code.strip().upper()
            if code and code not in members:
                problems.append(Problem("lines", N_("Línea %(n)s: no existe el socio %(code)s."),
                                        {"n": number, "code": code}))
            if account is not None and account.member_ledger and not code:
                problems.append(Problem("lines", N_("Línea %(n)s: la cuenta %(account)s lleva el socio (es una "
                                                    "cuenta corriente de socios)."),
                                        {"n": number, "account": account.code}))
            if account is not None and not account.member_ledger and code:
                problems.append(Problem("lines", N_("Línea %(n)s: la cuenta %(account)s no es de socios; quite el "
                                                    "socio."), {"n": number, "account": account.code}))
        problems += closed_problems(entry.date, last_closed)
        return problems

    def check_open(self, session, day: date) -> list[Problem]:
        """Why nothing can be recorded on ``day`` in the books (a closed period), or nothing."""
        return closed_problems(day, last_closed(session))

    def post_opening(self, entry: EntryInput) -> int:
        """The opening balances (asiento de apertura) of an ejercicio: what the
        cooperative has, owes and its equity when its books start in coopdesk.
        Only balance-sheet accounts; one per ejercicio."""
        with self._book.write(roles.POST_ENTRY) as session:
            add_default_chart(session)
            kinds = dict(session.execute(select(LedgerAccount.code, LedgerAccount.kind)).all())
            problems = [Problem("lines", N_("Línea %(n)s: la apertura lleva solo cuentas de activo, pasivo y "
                                            "patrimonio; la %(account)s es de «%(kind)s»."),
                                {"n": n, "account": line.account, "kind": Text(KIND_LABELS[kinds[line.account]])})
                        for n, line in enumerate(entry.lines, start=1)
                        if kinds.get(line.account) in (Kind.INCOME, Kind.EXPENSE)]
            # the inventory is the kardex's: each product's opening stock posts it (core/opening_stock.py)
            problems += [Problem("lines", N_("Línea %(n)s: la %(account)s (inventario) no va en la apertura: registre "
                                             "el saldo inicial de cada producto en el almacén («sales opening-stock»), "
                                             "que la carga a esta cuenta y lo pone en su kardex."),
                                 {"n": n, "account": line.account})
                         for n, line in enumerate(entry.lines, start=1) if line.account in P.INVENTORY.values()]
            earlier = session.execute(select(JournalEntry.year, JournalEntry.number).where(
                JournalEntry.source_kind.in_((OPENING, P.REOPENING)), JournalEntry.year == entry.date.year)).first()
            carried = session.scalar(select(JournalEntry.id).where(JournalEntry.date < entry.date).limit(1))
            if earlier is None and carried is not None:
                # the books already hold the balances it would open: they carry over (close-year reopens them)
                problems.append(Problem("date", N_(
                    "Los libros ya tienen asientos antes del %(date)s: sus saldos pasan solos al ejercicio siguiente "
                    "(el cierre del ejercicio registra la apertura del 1 de enero). Un asiento de apertura los "
                    "duplicaría; una corrección se hace con un asiento manual."), {"date": entry.date}))
            if earlier is not None:
                problems.append(Problem("date", N_(
                    "El ejercicio %(year)s ya tiene su asiento de apertura (%(number)s); una corrección se hace con "
                    "un asiento manual."), {"year": entry.date.year, "number": f"{earlier[0]}-{earlier[1]:06d}"}))
            if problems:
                raise InvalidInput(problems)
            return self.post_in(session, entry, OPENING, entry.date.year, self._book.user).id

    def post_pending(self):
        """Post the tickets and member movements that have no entry yet (a book kept
        before the automatic entries): ``Pending(intake_entries, movements)``."""
        from coopdesk.core.postings import post_pending
        return post_pending(self._book, self._book.user)

    def reverse(self, entry_id: int, day: date, reason: str) -> int:
        """Post the opposite of an entry on ``day`` (in an open period); the id of the reversal."""
        if not (reason or "").strip():
            raise InvalidInput([Problem("reason", N_("Diga por qué se revierte el asiento."))])
        with self._book.write(roles.POST_ENTRY) as session:
            original = session.get(JournalEntry, entry_id)
            if original is not None and original.source_kind in P.DOCUMENT_KINDS:
                raise InvalidInput([Problem("entry", N_(
                    "El asiento %(number)s es de un documento (%(document)s): se corrige anulando el documento "
                    "(el ticket, la venta, el gasto, el movimiento del socio, el cobro o el pago) o corrigiendo la "
                    "distribución, y su asiento se revierte solo."), {"number": f"{original.year}-{original.number:06d}",
                                                   "document": Text(P.SOURCE_NAMES[original.source_kind])})])
            return self.reverse_in(session, entry_id, day, reason, self._book.user).id

    def reverse_in(self, session, entry_id: int, day: date, reason: str, by: str | None = None,
                   source_kind: str = "reversion", source_id: int | None = None) -> JournalEntry:
        """Reverse inside an open write transaction (a voided document reverses its entry)."""
        original = session.get(JournalEntry, entry_id)
        if original is None:
            raise NotFound(N_("No existe el asiento %(id)s."), id=entry_id)
        if original.source_kind in P.YEAR_END_KINDS:
            raise InvalidInput([Problem("entry", N_(
                "El asiento de cierre del ejercicio no se revierte: un asiento posterior del ejercicio se cierra "
                "con otro cierre complementario."))])
        if day < original.date:
            raise InvalidInput([Problem("date", N_("La reversión no puede tener fecha anterior al asiento que "
                                                   "revierte (%(date)s)."), {"date": original.date})])
        done = session.scalar(select(JournalEntry.id).where(JournalEntry.reverses_id == entry_id))
        if done is not None or original.reverses_id is not None:
            raise InvalidInput([Problem("entry", N_("El asiento %(number)s ya fue revertido o es una reversión."),
                                        {"number": f"{original.year}-{original.number:06d}"})])
        lines = []
        for line, code in session.execute(
                select(JournalLine, LedgerAccount.code).join(LedgerAccount, LedgerAccount.id == JournalLine.account_id)
                .where(JournalLine.entry_id == entry_id).order_by(JournalLine.id)):
            member = session.get(Member, line.member_id).code if line.member_id else ""
            lines.append(LineInput(code, debit=line.credit, credit=line.debit, member_code=member,
                                   description=line.description, currency=line.currency,
                                   foreign_amount=Decimal(line.foreign_cents).scaleb(-2)
                                   if line.foreign_cents is not None else None,
                                   exchange_rate=Decimal(line.rate_ten_thousandths).scaleb(-4)
                                   if line.rate_ten_thousandths is not None else None))
        description = f"Reversión de {original.year}-{original.number:06d}: {reason.strip()}"[:limits.DESCRIPTION]
        return self.post_in(session, EntryInput(day, description, tuple(lines), original.reference),
                            source_kind, original.id if source_id is None else source_id, by,
                            reverses=original.id)

    # -- periods ---------------------------------------------------------------------------

    @staticmethod
    def _period(session, day: date) -> LedgerPeriod:
        period = session.scalars(select(LedgerPeriod).where(LedgerPeriod.year == day.year,
                                                            LedgerPeriod.month == day.month)).first()
        if period is None:
            period = LedgerPeriod(year=day.year, month=day.month, status=OPEN, closed_by="")
            session.add(period)
            session.flush()
        return period

    def periods(self) -> list[PeriodRow]:
        with self._book.read() as session:
            return [PeriodRow(p.year, p.month, p.status, p.closed_at, p.closed_by) for p in session.scalars(
                select(LedgerPeriod).order_by(LedgerPeriod.year, LedgerPeriod.month))]

    def close(self, year: int, month: int) -> Changes:
        """Close a month. Forward only: every earlier month of the books must be closed
        first (months never used are closed with it)."""
        if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
            raise InvalidInput([Problem("period", N_("Escriba el periodo como 2026-03 o 03/2026."))])
        month_end = date(year + (month == 12), month % 12 + 1, 1)
        if month_end > self._book.clock.today():
            raise InvalidInput([Problem("period", N_(
                "El periodo %(period)s aún no termina: se cierra cuando ha terminado el mes."),
                {"period": period_code(year, month)})])
        with self._book.write(roles.CLOSE_PERIOD) as session:
            self._close_in(session, year, month, self._book.user)
        return Changes(reference=True)

    def _close_in(self, session, year: int, month: int, by: str | None, with_earlier: bool = False) -> None:
        """Close the month (and the unused months before it); ``with_earlier``: close the
        earlier months that have entries too (the ejercicio's closing closes all of it)."""
        first = session.execute(select(LedgerPeriod.year, LedgerPeriod.month)
                                .order_by(LedgerPeriod.year, LedgerPeriod.month).limit(1)).first()
        start = (first.year, first.month) if first is not None else (year, month)
        if (year, month) < start:
            start = (year, month)
        open_before = []
        y, m = start
        while (y, m) < (year, month):
            period = self._period(session, date(y, m, 1))
            if period.status == OPEN and session.scalar(
                    select(func.count(JournalEntry.id)).where(JournalEntry.period_id == period.id)):
                open_before.append(period_code(y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        if open_before and not with_earlier:
            raise InvalidInput([Problem("period", N_(
                "Cierre primero los periodos anteriores que tienen asientos: %(periods)s."),
                {"periods": ", ".join(open_before)})])
        for closing_year in range(start[0], year + (month == 12)):
            december = session.scalars(select(LedgerPeriod).where(LedgerPeriod.year == closing_year,
                                                                  LedgerPeriod.month == 12)).first()
            if (december is None or december.status == OPEN) and closing_lines(
                    self._balances(session, date(closing_year, 1, 1), date(closing_year, 12, 31)),
                    REMANENTE, LOSSES):
                raise InvalidInput([Problem("period", N_(
                    "Registre primero el asiento de cierre del ejercicio %(year)s: va al 31 de diciembre, y un "
                    "diciembre cerrado ya no lo admite."), {"year": closing_year})])
        target = self._period(session, date(year, month, 1))
        if target.status == CLOSED and not with_earlier:
            raise InvalidInput([Problem("period", N_("El periodo %(period)s ya está cerrado."),
                                        {"period": period_code(year, month)})])
        now, who = self._book.clock.now(), by if by is not None else self._book.user
        y, m = start
        while (y, m) <= (year, month):
            period = self._period(session, date(y, m, 1))
            if period.status == OPEN:
                period.status, period.closed_at, period.closed_by = CLOSED, now, who
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        session.flush()
        number_closed_in(session)

    def close_year(self, year: int) -> int | None:
        """The ejercicio's year-end (``year_end``): the income-tax provision, the
        determinación del resultado (income and expenses to 891 / 892), the result
        to «Excedentes por distribuir» (591) or «Pérdidas acumuladas» (592), the
        balance-sheet accounts closed on 31 December and reopened on 1 January, and
        every month of the ejercicio closed with it, so nothing more is dated in it.
        Returns the id of the determinación del resultado, or None when the year had
        no income or expenses."""
        return self.year_end(year).closing

    def tax_provision(self, year: int) -> "TaxProvision":
        """The ejercicio's income tax on what is not an acto cooperativo, as close-year
        would provide it now (core/year_end.py)."""
        from coopdesk.core.year_end import provision_in
        with self._book.read() as session:
            return provision_in(session, year)

    def year_end(self, year: int) -> "YearEnd":
        """``close_year`` with every entry it posted (core/year_end.py): the income-tax
        provision, the determinación del resultado, the result to 591 / 592, the
        balance-sheet accounts closed on 31 December and reopened on 1 January."""
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise InvalidInput([Problem("year", N_("«%(year)s» no es un ejercicio."), {"year": year})])
        if self._book.clock.today() <= date(year, 12, 31):
            raise InvalidInput([Problem("year", N_(
                "El ejercicio %(year)s aún no termina: se cierra desde el 1 de enero de %(next)s, cuando ya no "
                "puede recibir ventas, gastos ni intereses."), {"year": year, "next": year + 1})])
        from coopdesk.core.postings import accrue_interest
        from coopdesk.core.year_end import close_in

        with self._book.write(roles.CLOSE_PERIOD) as session:
            if self.closed_year_in(session, year) or session.scalar(select(JournalEntry.id).where(
                    JournalEntry.year == year, JournalEntry.source_kind.in_((CLOSING, P.BALANCE_CLOSING)))):
                raise InvalidInput([Problem("year", N_("El ejercicio %(year)s ya está cerrado."), {"year": year})])
            # the interest that fell due in the year is the year's income: posted before it closes
            accrue_interest(self._book, session, date(year, 12, 31))
            done = close_in(self._book, session, year, self._book.user)
            # closed stays closed: nothing more is dated in the ejercicio (interest due, a late
            # invoice land in the next one; an adjustment of an earlier year goes to 591/592 then)
            self._close_in(session, year, 12, self._book.user, with_earlier=True)
            return done

    # -- reading ------------------------------------------------------------------------------

    def _balances(self, session, start: date | None, end: date | None,
                  without_closing_of: int | None = None, through_night: bool = False) -> list[AccountBalance]:
        """Debits and credits per account from ``start`` through ``end``. The balances on
        ``end`` are the day's: the closing of the balance-sheet accounts that night
        (31 December, reopened on 1 January) is left out, unless ``through_night``
        (what is carried into the next day: a Mayor starting on 1 January)."""
        line, entry = JournalLine.__table__.c, JournalEntry.__table__.c
        sums = select(line.account_id, _cents(line.debit_cents).label("d"), _cents(line.credit_cents).label("c"))
        night = end is not None and not through_night
        if start is not None or end is not None or without_closing_of is not None:
            sums = sums.join(JournalEntry.__table__, entry.id == line.entry_id)
            if start is not None:
                sums = sums.where(entry.date >= start)
            if end is not None:
                sums = sums.where(entry.date <= end)
            if night:
                sums = sums.where(~((entry.source_kind == P.BALANCE_CLOSING) & (entry.date == end)))
            if without_closing_of is not None:
                sums = sums.where(~((entry.source_kind == CLOSING) & (entry.year == without_closing_of)))
        sums = sums.group_by(line.account_id).subquery()
        a = LedgerAccount.__table__.c
        query = (select(a.code, a.name, a.kind, sums.c.d, sums.c.c)
                 .join_from(sums, LedgerAccount.__table__, a.id == sums.c.account_id).order_by(a.code))
        return [AccountBalance(code, name, kind, Decimal(int(d)).scaleb(-2), Decimal(int(c)).scaleb(-2))
                for code, name, kind, d, c in session.execute(query)]

    def trial_balance(self, end: date | None = None, start: date | None = None,
                      through_night: bool = False) -> TrialBalance:
        """Balance de comprobación: debits and credits per account (from ``start`` to ``end``);
        ``through_night``: with the closing of the balance-sheet accounts on ``end`` (what
        the day hands to the next: the balances before a Mayor that starts on 1 January)."""
        with self._book.read() as session:
            return TrialBalance(tuple(self._balances(session, start, end, through_night=through_night)))

    def income_statement(self, year: int, end: date | None = None) -> IncomeStatement:
        """Estado de resultados of an ejercicio (to ``end``), before its closing entry."""
        with self._book.read() as session:
            rows = self._balances(session, date(year, 1, 1), end or date(year, 12, 31), without_closing_of=year)
        return income_statement(rows)

    def function_statement(self, year: int, end: date | None = None) -> "FunctionStatement":
        """The Estado de resultados by function (domain/financial_statements.py) of the
        ejercicio (to ``end``), before its closing entry."""
        from coopdesk.domain.financial_statements import function_statement
        with self._book.read() as session:
            rows = self._balances(session, date(year, 1, 1), end or date(year, 12, 31), without_closing_of=year)
        return function_statement(rows)

    def balance_sheet(self, as_of: date) -> BalanceSheet:
        """Estado de situación financiera on a date; the year's result not yet closed
        is shown as the ejercicio's result."""
        with self._book.read() as session:
            return balance_sheet(self._balances(session, None, as_of))

    def worksheet(self, end: date, start: date | None = None) -> "Worksheet":
        """The hoja de trabajo from ``start`` (default 1 January of ``end``'s year) to
        ``end``, before the ejercicio's closing entry (domain/financial_statements.py).
        A balance-sheet account's balance carried in from before ``start`` (when no
        reopening brought it) is in its sumas; the result of the months before
        ``start`` not yet closed is one row of the patrimonio."""
        from coopdesk.domain.financial_statements import CARRIED_RESULT, worksheet

        start = start or date(end.year, 1, 1)
        if start > end or start.year != end.year:
            raise InvalidInput([Problem("start", N_(
                "La hoja de trabajo es de un periodo dentro de un ejercicio: del %(start)s al %(end)s no lo es."),
                {"start": start, "end": end})])
        with self._book.read() as session:
            before = self._balances(session, None, start - timedelta(days=1), through_night=True)
            period = {r.code: r for r in self._balances(session, start, end, without_closing_of=end.year)}
        carried_result = ZERO
        for r in before:
            net = r.debit - r.credit
            if not net:
                continue
            if r.kind in (Kind.INCOME, Kind.EXPENSE):
                carried_result -= net
                continue
            now = period.get(r.code) or AccountBalance(r.code, r.name, r.kind, ZERO, ZERO)
            period[r.code] = AccountBalance(r.code, r.name, r.kind, now.debit + max(net, ZERO),
                                            now.credit + max(-net, ZERO))
        rows = list(period.values())
        if carried_result:
            rows.append(AccountBalance(CARRIED_RESULT, "", Kind.EQUITY, max(-carried_result, ZERO),
                                       max(carried_result, ZERO)))
        return worksheet(rows)

    def closed_year(self, year: int) -> bool:
        """Whether the ejercicio's December is closed: its figures can no longer change."""
        with self._book.read() as session:
            return self.closed_year_in(session, year)

    @staticmethod
    def closed_year_in(session, year: int) -> bool:
        return session.scalar(select(LedgerPeriod.id).where(
            LedgerPeriod.year == year, LedgerPeriod.month == 12, LedgerPeriod.status == CLOSED)) is not None

    def credit_balance_in(self, session, code: str, as_of: date | None = None) -> Decimal:
        """Credits less debits of an account (through ``as_of``), inside a transaction:
        what a fund, 591 or a payable holds."""
        line, entry, a = JournalLine.__table__.c, JournalEntry.__table__.c, LedgerAccount.__table__.c
        query = (select(_cents(line.credit_cents) - _cents(line.debit_cents))
                 .join_from(JournalLine.__table__, LedgerAccount.__table__, a.id == line.account_id)
                 .where(a.code == code))
        if as_of is not None:
            query = query.join(JournalEntry.__table__, entry.id == line.entry_id).where(
                entry.date <= as_of, ~((entry.source_kind == P.BALANCE_CLOSING) & (entry.date == as_of)))
        return Decimal(int(session.scalar(query) or 0)).scaleb(-2)

    def credit_balance(self, code: str, as_of: date | None = None) -> Decimal:
        with self._book.read() as session:
            return self.credit_balance_in(session, code, as_of)

    @staticmethod
    def year_closing_in(session, year: int) -> int | None:
        """The id of the ejercicio's closing entry (the remanente moved to 591), if posted."""
        return session.scalar(select(JournalEntry.id).where(
            JournalEntry.year == year, JournalEntry.source_kind == CLOSING, JournalEntry.reverses_id.is_(None))
            .limit(1))

    def remanente(self, year: int) -> Decimal:
        """The ejercicio's result: what the assembly applies (reserves, funds, excedentes)."""
        return self.income_statement(year).result

    def member_ledger(self, account_code: str, as_of: date | None = None) -> MemberLedger:
        """A member account's sub-ledger on a date: each member with a balance, by
        code, and the control account's balance they must add up to."""
        balances = self.member_balances(account_code, as_of)
        control = next((r.balance for r in self.trial_balance(end=as_of).rows if r.code == account_code), ZERO)
        with self._book.read() as session:
            names = dict(session.execute(select(Member.code, Member.last_names + ", " + Member.first_names)
                                         .where(Member.code.in_(list(balances)))).all()) if len(balances) < 30000 \
                else dict(session.execute(select(Member.code, Member.last_names + ", " + Member.first_names)).all())
        rows = tuple((code, names.get(code, ""), balance) for code, balance in sorted(balances.items()) if balance)
        return MemberLedger(account_code, rows, control)

    def received(self, account_code: str, year: int, source_kind: str) -> Decimal:
        """Credits less debits of an account in a year from one kind of document
        (the Fairtrade Premium the year's sales brought to 46993, their voids netted)."""
        line, entry, a = JournalLine.__table__.c, JournalEntry.__table__.c, LedgerAccount.__table__.c
        query = (select(_cents(line.credit_cents) - _cents(line.debit_cents))
                 .join_from(JournalLine.__table__, JournalEntry.__table__, entry.id == line.entry_id)
                 .join(LedgerAccount.__table__, a.id == line.account_id)
                 .where(a.code == account_code, entry.source_kind == source_kind,
                        entry.date.between(date(year, 1, 1), date(year, 12, 31))))
        with self._book.read() as session:
            return Decimal(int(session.scalar(query) or 0)).scaleb(-2)

    def member_balances(self, account_code: str, as_of: date | None = None) -> dict[str, Decimal]:
        """A sub-ledger: each member's balance of a member account (normal side)."""
        line, entry, m = JournalLine.__table__.c, JournalEntry.__table__.c, Member.__table__.c
        a = LedgerAccount.__table__.c
        query = (select(m.code, a.kind, _cents(line.debit_cents), _cents(line.credit_cents))
                 .join_from(JournalLine.__table__, LedgerAccount.__table__, a.id == line.account_id)
                 .join(Member.__table__, m.id == line.member_id)
                 .where(a.code == account_code).group_by(m.code, a.kind))
        if as_of is not None:
            query = query.join(JournalEntry.__table__, entry.id == line.entry_id).where(
                entry.date <= as_of, ~((entry.source_kind == P.BALANCE_CLOSING) & (entry.date == as_of)))
        with self._book.read() as session:
            out = {}
            for code, kind, d, c in session.execute(query):
                balance = AccountBalance(account_code, "", kind, Decimal(int(d)).scaleb(-2), Decimal(int(c)).scaleb(-2))
                out[code] = balance.balance
            return out

    def entry_id(self, number: str) -> int:
        """The id of an entry by its number as printed («2026-000012»)."""
        year, _sep, serial = (number or "").strip().partition("-")
        with self._book.read() as session:
            found = (session.scalar(select(JournalEntry.id).where(JournalEntry.year == int(year),
                                                                  JournalEntry.number == int(serial)))
                     if year.isdigit() and serial.isdigit() else None)
        if found is None:
            raise NotFound(N_("No existe el asiento %(number)s."), number=number)
        return found

    @staticmethod
    def _entries_query(query, account: str | None, start: date | None, end: date | None):
        if account:
            touching = (select(JournalLine.entry_id).join(LedgerAccount, LedgerAccount.id == JournalLine.account_id)
                        .where(LedgerAccount.code == account))
            query = query.where(JournalEntry.id.in_(touching))
        if start is not None:
            query = query.where(JournalEntry.date >= start)
        if end is not None:
            query = query.where(JournalEntry.date <= end)
        return query

    def count_entries(self, account: str | None = None, start: date | None = None, end: date | None = None) -> int:
        with self._book.read() as session:
            return session.scalar(self._entries_query(select(func.count(JournalEntry.id)), account, start, end))

    def entries(self, account: str | None = None, start: date | None = None, end: date | None = None,
                limit: int | None = None, latest: int | None = None,
                ids: Sequence[int] | None = None) -> list[EntryRow]:
        """Libro Diario: entries in date order with their lines (those touching ``account``);
        the first ``limit``, or the ``latest`` ones, or those with these ``ids``."""
        with self._book.read() as session:
            query = self._entries_query(select(JournalEntry), account, start, end)
            if ids is not None:
                query = query.where(JournalEntry.id.in_(list(ids)))
            if latest is not None:
                query = query.order_by(JournalEntry.date.desc(), JournalEntry.id.desc()).limit(latest)
                rows = list(reversed(session.scalars(query).all()))
            else:
                query = query.order_by(JournalEntry.date, JournalEntry.id)
                if limit is not None:
                    query = query.limit(limit)
                rows = session.scalars(query).all()
            ids = [r.id for r in rows]
            lines: dict[int, list[LineRow]] = {}
            reversed_by: dict[int, int] = {}
            diarios: dict[int, int] = {}
            if ids:
                for line, code, name, member in session.execute(
                        select(JournalLine, LedgerAccount.code, LedgerAccount.name, Member.code)
                        .join(LedgerAccount, LedgerAccount.id == JournalLine.account_id)
                        .outerjoin(Member, Member.id == JournalLine.member_id)
                        .where(JournalLine.entry_id.in_(ids)).order_by(JournalLine.id)):
                    lines.setdefault(line.entry_id, []).append(LineRow(
                        code, name, line.debit, line.credit, member or "", line.description, line.currency,
                        Decimal(line.foreign_cents).scaleb(-2) if line.foreign_cents is not None else None,
                        Decimal(line.rate_ten_thousandths).scaleb(-4) if line.rate_ten_thousandths is not None
                        else None))
                reversed_by = dict(session.execute(select(JournalEntry.reverses_id, JournalEntry.id)
                                                   .where(JournalEntry.reverses_id.in_(ids))).all())
                diarios = dict(session.execute(select(DiarioNumber.entry_id, DiarioNumber.number)
                                               .where(DiarioNumber.entry_id.in_(ids))).all())
            return [EntryRow(r.id, f"{r.year}-{r.number:06d}", r.date, r.description, r.reference, r.source_kind,
                             r.source_id, r.reverses_id, reversed_by.get(r.id), r.created_by,
                             tuple(lines.get(r.id, ())), diario.label(r.year, diarios.get(r.id))) for r in rows]
