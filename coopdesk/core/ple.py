"""SUNAT's electronic books (PLE) of a month, from the journal: the 5.1 Libro
Diario, 5.3 plan contable, 6.1 Libro Mayor, 1.1 Caja (efectivo) and 1.2 Bancos
(cuenta corriente), as text files with SUNAT's names (docs/ple.md).

Only reads, and only a closed month: each entry's CUO is its correlativo in the
Libro Diario, given when its month closed (``core.ledger``, ``domain.diario``); an
open month is refused (``check_closed``). The lines come from one SQL query in the
Libro Diario's order (correlativo, line); ``domain.ple`` writes each field. A book without lines in the month
is still written: an empty file whose name says «sin información».
"""

from __future__ import annotations

import os
from calendar import monthrange
from dataclasses import dataclass
from operator import itemgetter
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

from sqlalchemy import BigInteger, String, and_, case, func, select, type_coerce

from coopdesk.core.errors import N_, InvalidInput, Problem
from coopdesk.core.ledger import last_closed
from coopdesk.db.models import DiarioNumber, Expense, JournalEntry, JournalLine, LedgerAccount, Member, Sale
from coopdesk.domain import ple
from coopdesk.domain import postings as P

if TYPE_CHECKING:
    from coopdesk.core.book import Book

__all__ = ["PleFile", "month_files", "write_month"]


@dataclass(frozen=True)
class PleFile:
    libro: ple.Libro
    name: str
    lines: tuple[str, ...]

    @property
    def content(self) -> bytes:
        text = ple.EOL.join(self.lines) + ple.EOL if self.lines else ""
        return text.encode(ple.ENCODING, errors="replace")


def check_month(year: int, month: int, libros: Sequence[str]) -> None:
    problems = []
    if not (1900 <= year <= 9999 and 1 <= month <= 12):
        problems.append(Problem("month", N_("Escriba el mes como 2026-03 o 03/2026.")))
    unknown = [n for n in libros if n not in ple.LIBROS]
    if unknown:
        problems.append(Problem("libro", N_("No hay libro electrónico «%(libro)s»: coopdesk genera %(libros)s."),
                                {"libro": ", ".join(unknown), "libros": ", ".join(ple.LIBROS)}))
    if problems:
        raise InvalidInput(problems)


def _movements(session, start: date, end: date) -> Sequence[ple.Movement]:
    """Every journal line of the month in the Libro Diario's order (the entries'
    correlativos, then each entry's lines), as rows with ``ple.Movement``'s fields: the correlativo's letter and the
    glosa referencial come from SQL, so the 100,000 rows of a busy month are used
    as read, never copied."""
    e, line, a = JournalEntry.__table__.c, JournalLine.__table__.c, LedgerAccount.__table__.c
    d = DiarioNumber.__table__.c
    # the CUO is the Diario's correlativo, given when the month closed (its order: date, apertura first,
    # cierre last, posting number), never the posting number
    query = (select(e.year.label("year"), d.number.label("number"),
                    case((e.source_kind == P.OPENING, ple.APERTURA), (e.source_kind == P.REOPENING, ple.APERTURA),
                         (e.source_kind == P.CLOSING, ple.CIERRE), (e.source_kind == P.BALANCE_CLOSING, ple.CIERRE),
                         else_=ple.MOVIMIENTO).label("kind"),
                    a.code.label("account"), line.currency.label("currency"),
                    # as the driver gives it (ISO text on SQLite, a date on PostgreSQL): formatted once
                    # per entry, parsing 100,000 dates would cost more than all the file's fields
                    type_coerce(e.date, String).label("day"),
                    e.description.label("description"),
                    func.coalesce(func.nullif(line.description, ""), e.reference).label("reference"),
                    type_coerce(line.debit_cents, BigInteger).label("debit"),
                    type_coerce(line.credit_cents, BigInteger).label("credit"))
             .join_from(JournalLine.__table__, JournalEntry.__table__, e.id == line.entry_id)
             .join(DiarioNumber.__table__, d.entry_id == e.id)
             .join(LedgerAccount.__table__, a.id == line.account_id)
             .where(and_(e.date >= start, e.date <= end))
             .order_by(d.number, line.id))
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return session.execute(query).all()
    # SQLite: the same statement through the driver's cursor, in the same transaction. A busy
    # month has 100,000 lines, and SQLAlchemy's rows would cost half as much as the file itself
    # (benchmarks/bench_ple.py); dates are bound as the ISO text SQLite keeps them in
    compiled = query.compile(dialect=connection.dialect)
    params = [value.isoformat() if isinstance(value, date) else value
              for value in (compiled.params[name] for name in compiled.positiontup)]
    cursor = connection.connection.driver_connection.cursor()
    try:
        return cursor.execute(str(compiled), params).fetchall()
    finally:
        cursor.close()


def _parties(session, start: date, end: date) -> dict[tuple[int, int], ple.Party]:
    """For 1.2: who paid or was paid in each entry that moves a bank account — the
    member when the entry names exactly one, the buyer of a sale or the supplier of
    an expense; otherwise nobody («-», «varios»)."""
    e, line, a, m = JournalEntry.__table__.c, JournalLine.__table__.c, LedgerAccount.__table__.c, Member.__table__.c
    d = DiarioNumber.__table__.c
    banked = (select(line.entry_id).join(LedgerAccount.__table__, a.id == line.account_id)
              .where(a.code.like(f"{ple.CUENTA_CORRIENTE_PREFIXES[0]}%")))
    in_month = and_(e.date >= start, e.date <= end, e.id.in_(banked))
    members: dict[tuple[int, int], set] = {}
    for year, number, dni, last, first in session.execute(
            select(e.year, d.number, m.dni, m.last_names, m.first_names)
            .join_from(JournalLine.__table__, JournalEntry.__table__, e.id == line.entry_id)
            .join(DiarioNumber.__table__, d.entry_id == e.id)
            .join(Member.__table__, m.id == line.member_id).where(in_month)):
        members.setdefault((year, number), set()).add((dni, f"{last}, {first}"))
    out = {key: ple.Party(ple.DNI, dni, name) if len(found) == 1 else ple.Party()
           for key, found in members.items() for dni, name in [next(iter(found))]}
    for table, name in ((Sale, Sale.buyer), (Expense, Expense.supplier)):
        for year, number, who in session.execute(
                select(e.year, d.number, name).join_from(table, JournalEntry.__table__, e.id == table.entry_id)
                .join(DiarioNumber.__table__, d.entry_id == e.id).where(in_month)):
            if (year, number) not in out and (who or "").strip():
                out[(year, number)] = ple.Party(ple.NO_DOCUMENT, ple.NO_DOCUMENT, who)
    return out


def month_files(book: "Book", year: int, month: int, libros: Iterable[str] = tuple(ple.LIBROS)) -> list[PleFile]:
    """The files of the books ``libros`` («5.1», «5.3», «6.1», «1.1», «1.2») for
    a month. 1.2 needs the bank of each cuenta corriente that moved
    (``book.settings.set_ple_bank_account``): a missing one raises ``InvalidInput``."""
    libros = list(dict.fromkeys(libros))
    check_month(year, month, libros)
    check_closed(book, year, month)
    c = book.cooperative
    ruc, currency = c.ruc, c.currency
    start, end = date(year, month, 1), date(year, month, monthrange(year, month)[1])
    banks = book.settings.ple_bank_accounts if ple.BANCOS.number in libros else {}
    with book.read() as session:
        movements = _movements(session, start, end) if set(libros) - {ple.PLAN.number} else []
        accounts = (session.execute(select(LedgerAccount.code, LedgerAccount.name).order_by(LedgerAccount.code)).all()
                    if ple.PLAN.number in libros else [])
        parties = _parties(session, start, end) if ple.BANCOS.number in libros else {}
    # the other books pick and sort lines by their fields: named tuples (the 5.1 takes the rows as read)
    named = ([ple.Movement._make(m) for m in movements]
             if {ple.MAYOR.number, ple.CAJA.number, ple.BANCOS.number} & set(libros) else [])
    files = []
    for number in libros:
        libro = ple.LIBROS[number]
        if libro is ple.DIARIO:
            lines = ple.diario_lines(movements, year, month)
        elif libro is ple.MAYOR:
            # the Diario's lines (numbered within their entries) by account, in date order within each
            codes = [m.account for m in named]
            lines = [line for _code, line in sorted(zip(codes, ple.diario_lines(named, year, month)),
                                                    key=itemgetter(0))]
        elif libro is ple.PLAN:
            lines = [ple.record(ple.plan_fields(code, name, year, month)) for code, name in accounts]
        elif libro is ple.CAJA:
            # the whole entry that moves cash: Anexo 2 asks its debits and credits to add up per CUO
            moved = {m.number for m in named if ple.is_efectivo(m.account)}
            lines = ple.caja_lines([m for m in named if m.number in moved], year, month)
        else:
            banked, current, n = [], None, 0
            for m in named:  # each line's number within its entry, as in the Diario
                current, n = m.number, (n + 1 if m.number == current else 1)
                if ple.is_cuenta_corriente(m.account):
                    banked.append((m, n))
            missing = sorted({m.account for m, _n in banked} - set(banks))
            if missing:
                raise InvalidInput([Problem("bank", N_(
                    "Para el libro 1.2 falta la entidad financiera y el número de la cuenta bancaria de: "
                    "%(accounts)s. Regístrelos una vez (por ejemplo: coopdesk ledger ple-bank 1041 --entity 11 "
                    "--number 0011-0123-0100012345)."), {"accounts": ", ".join(missing)})])
            lines = [ple.record(ple.banco_fields(m, n, banks[m.account],
                                                 parties.get((m.year, m.number), ple.Party()), year, month))
                     for m, n in banked]
        files.append(PleFile(libro, ple.file_name(ruc, year, month, libro, bool(lines), currency), tuple(lines)))
    return files


def month_closed(book: "Book", year: int, month: int) -> bool:
    """Whether the month is closed in the books: closing goes forward only, so a month
    is closed when it is not after the last closed one (a month never used too)."""
    with book.read() as session:
        closed = last_closed(session)
    return closed is not None and (year, month) <= tuple(closed)


def check_closed(book: "Book", year: int, month: int) -> None:
    """The electronic books are of a closed month: its entries have their correlativo
    in the Libro Diario (the CUO), which never changes after. Before the close the
    order is provisional (a back-dated entry still changes it), so nothing is written."""
    if not month_closed(book, year, month):
        code = f"{year:04d}-{month:02d}"
        raise InvalidInput([Problem("month", N_(
            "El periodo %(period)s está abierto: los libros electrónicos se generan de un mes cerrado. Al cerrar "
            "el mes cada asiento recibe su número correlativo del Libro Diario, por fecha, que es su CUO y ya no "
            "cambia; antes, la numeración es provisional. Cierre el periodo (coopdesk ledger close %(period)s, o "
            "Contabilidad › Periodos › «Cerrar periodo…») y vuelva a generarlos."), {"period": code})])


def write_month(book: "Book", year: int, month: int, folder: str | os.PathLike,
                libros: Iterable[str] = tuple(ple.LIBROS)) -> list[Path]:
    """Write the month's files into ``folder`` (made if missing); their paths.
    Every file is built before the first is written: a problem writes nothing."""
    files = month_files(book, year, month, libros)
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise InvalidInput([Problem("out", N_("«%(path)s» es un archivo, no una carpeta."), {"path": str(folder)})])
    paths = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for f in files:
            path = folder / f.name
            path.write_bytes(f.content)
            paths.append(path)
    except OSError as exc:
        raise InvalidInput([Problem("out", N_("No se pudo escribir en «%(path)s»: %(reason)s."),
                                    {"path": str(folder), "reason": exc.strerror or str(exc)})]) from exc
    return paths
