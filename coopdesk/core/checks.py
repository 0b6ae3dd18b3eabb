"""«Verificar la contabilidad»: one pass over the whole book that proves its
figures tell one truth, or names every place where they do not.

- each member account (adelantos, préstamos, insumos, aportaciones) as the
  member's statement shows it = their sub-ledger in the books; every sub-ledger
  = its control account;
- no fund, 591 or payable to a member is overdrawn, and Caja and the banks are
  not below zero, unless a person confirmed that balance with a reason
  (``core.cash_guard``): a confirmed one is listed apart, not as a disagreement;
- each inventory account = the value of its products' kardex, and no stock is
  below zero;
- each ejercicio's remanente was published at most once;
- every entry of a closed month has its correlativo in the Libro Diario, and the
  correlativos of each year are those the rule gives (``domain.diario``);
- each ticket's withholding (Ley 31335) = what its entries credit to 4017 (nothing
  once voided); with each run's, below, the 4017 credits = what tickets and runs withheld;
- each published run: its stored lines = its sealed results = its posted entry;
  its stored parts still give its seal, and its seal is the code its entry
  recorded when it was published (a run sealed again would not be);
- with ``integrity=True`` (``coopdesk check --integrity``): the database file's
  own ``PRAGMA integrity_check`` (SQLite), and for every published run each
  member and figure that differs, stored against sealed (``core.seals``), and
  the audit trail: its SHA-256 chain, and every audited table against the
  state its records leave it in (``core.audit_check``), and the trail
  recomputed against each head printed on paper (``core.audit_heads``).

Every finding is a ``Problem`` (Spanish by default, English by the language
setting); ``coopdesk check`` prints them and exits 1 when there is any, the GUI
lists them, and the test suite runs the check after every scenario.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, func, select, type_coerce

from coopdesk.db.models import (
    DiarioNumber,
    Delivery,
    DistributionCriteria,
    DistributionLine,
    DistributionRun,
    JournalEntry,
    JournalLine,
    LedgerAccount,
    LedgerPeriod,
    Member,
)
from coopdesk.core.cash_guard import lowest_confirmed
from coopdesk.domain import diario, postings
from coopdesk.domain.cash import is_money_account
from coopdesk.domain.accounts import Concept
from coopdesk.domain.catalog import LABELS, RunStatus
from coopdesk.domain.distribution.criteria_file import read_criteria
from coopdesk.domain.distribution.model import EXCEDENTES, WITHHOLDING
from coopdesk.domain.ledger import DEBIT_NORMAL
from coopdesk.domain.money import ZERO, Soles
from coopdesk.domain.problems import N_, Problem, Text
from coopdesk.i18n import _, describe, ngettext
from coopdesk.i18n.formatting import format_number

if TYPE_CHECKING:
    from coopdesk.core.book import Book

# the statement's concepts and the sub-ledger each lives in
STATEMENT_ACCOUNTS = {Concept.ADVANCES.value: postings.ADVANCES, Concept.LOANS.value: postings.LOANS,
                      Concept.INPUTS.value: postings.INPUTS}
CONCEPT_WORDS = {Concept.ADVANCES.value: N_("adelantos"), Concept.LOANS.value: N_("préstamos"),
                 Concept.INPUTS.value: N_("insumos al crédito")}
# accounts whose balance is money held for someone (credit side): never below zero
FUNDS = (postings.REMANENTE, postings.RESERVE, postings.EDUCATION, postings.SOCIAL, postings.PREMIUM_FUND)
MONEY = postings.MONEY_ACCOUNTS  # Caja and the bank (debit side): never below zero


@dataclass(frozen=True)
class CheckReport:
    checked: int                     # how many figures were compared
    findings: tuple[Problem, ...]    # every disagreement; empty: the book tells one truth
    agreements: tuple[Problem, ...] = ()  # what was found to match and is worth saying (the printed heads)
    confirmed: tuple[Problem, ...] = ()  # Caja or a bank below zero, as a person confirmed it: not a disagreement

    @property
    def agrees(self) -> bool:
        return not self.findings

    def sentences(self) -> tuple[str, tuple[str, ...]]:
        """What the GUI and the CLI say: a sentence, and each finding in words."""
        checked = format_number(self.checked)
        if self.agrees:
            return (_("La contabilidad cuadra: se compararon %(n)s cifras de los estados de cuenta, las cuentas de "
                      "socios, el almacén, los fondos y las distribuciones publicadas, y todas coinciden.") % {"n": checked}, ())
        found = len(self.findings)
        head = ngettext("Se compararon %(n)s cifras y %(found)s no coincide:",
                        "Se compararon %(n)s cifras y %(found)s no coinciden:", found) % {"n": checked, "found": found}
        return head, tuple(describe(p) for p in self.findings)

    def agreement_sentences(self) -> tuple[str, ...]:
        """What was found to match and is worth saying (each printed head the trail still reaches)."""
        return tuple(describe(p) for p in self.agreements)

    def confirmed_sentences(self) -> tuple[str, tuple[str, ...]]:
        """The negative balances of Caja and the banks that were confirmed, listed apart ("" and () when none)."""
        if not self.confirmed:
            return "", ()
        return (_("Saldos negativos confirmados (no son errores; se registró quién los confirmó y por qué):"),
                tuple(describe(p) for p in self.confirmed))


def _cents(column):
    return type_coerce(func.coalesce(func.sum(column), 0), BigInteger)


def _normal(kind: str, debit_cents: int, credit_cents: int) -> Decimal:
    """A balance on the account's normal side (debit for assets and expenses), in soles."""
    cents = int(debit_cents) - int(credit_cents)
    return Decimal(cents if kind in DEBIT_NORMAL else -cents).scaleb(-2)


class Checks:
    def __init__(self, book: "Book"):
        self._book = book

    def run(self, integrity: bool = False) -> CheckReport:
        """``integrity``: also the database file's own check and every published run
        member by member (``coopdesk check --integrity``, docs/seals.md).

        Brings the interest due by today into the books first (as opening the book does), then compares.
        The books are read in two grouped passes over the journal lines (by member and account, and by
        account), so the check costs little more than the sums it compares."""
        self._book.accounts.accrue_interest()
        today = self._book.clock.today()
        findings: list[Problem] = []
        checked = 0
        accounts = self._book.accounts
        line = JournalLine.__table__.c
        with self._book.read() as session:
            codes = dict(session.execute(select(Member.id, Member.code)).all())
            owed = accounts.owed_by_member(session, today)
            capital = accounts.capital_paid(session, today)
            chart = {row.id: row for row in session.execute(select(
                LedgerAccount.id, LedgerAccount.code, LedgerAccount.name, LedgerAccount.kind,
                LedgerAccount.member_ledger))}
            by_member: dict[str, dict[str, Decimal]] = {}
            for member_id, account_id, debit, credit in session.execute(
                    select(line.member_id, line.account_id, _cents(line.debit_cents), _cents(line.credit_cents))
                    .where(line.member_id.is_not(None)).group_by(line.member_id, line.account_id)):
                account = chart[account_id]
                by_member.setdefault(account.code, {})[codes[member_id]] = _normal(account.kind, debit, credit)
            by_account = {chart[account_id].code: (chart[account_id], debit, credit) for account_id, debit, credit
                          in session.execute(select(line.account_id, _cents(line.debit_cents),
                                                    _cents(line.credit_cents)).group_by(line.account_id))}
        # 1. each member's statement = their sub-ledger; each sub-ledger = its control account
        for concept, account in STATEMENT_ACCOUNTS.items():
            books = by_member.get(account, {})
            papers = {codes[m]: by.get(concept, ZERO) for m, by in owed.items()}
            for code in sorted(set(books) | set(papers)):
                checked += 1
                on_paper, in_books = papers.get(code, ZERO), books.get(code, ZERO)
                if on_paper != in_books:
                    findings.append(Problem("member", N_(
                        "Socio %(code)s, %(concept)s: su estado de cuenta dice %(paper)s y su cuenta %(account)s en "
                        "la contabilidad, %(books)s."), {"code": code, "concept": Text(CONCEPT_WORDS[concept]),
                                                           "paper": Soles(on_paper),
                                                           "account": account, "books": Soles(in_books)}))
        books = by_member.get(postings.CAPITAL, {})
        papers = {codes[m]: amount for m, amount in capital.items()}
        for code in sorted(set(books) | set(papers)):
            checked += 1
            if papers.get(code, ZERO) != books.get(code, ZERO):
                findings.append(Problem("member", N_(
                    "Socio %(code)s, aportaciones pagadas: su estado de cuenta dice %(paper)s y la cuenta 501 de la "
                    "contabilidad, %(books)s."), {"code": code, "paper": Soles(papers.get(code, ZERO)),
                                                   "books": Soles(books.get(code, ZERO))}))
        for account in sorted(a.code for a in chart.values() if a.member_ledger):
            checked += 1
            members = sum(by_member.get(account, {}).values(), ZERO)
            spec, debit, credit = by_account.get(account, (None, 0, 0))
            control = _normal(spec.kind, debit, credit) if spec is not None else ZERO
            if members != control:
                findings.append(Problem("account", N_(
                    "La cuenta %(account)s suma %(members)s en las cuentas de sus socios y %(control)s en la "
                    "contabilidad."), {"account": account, "members": Soles(members), "control": Soles(control)}))
        # 2. nothing held for someone is overdrawn; money is not below zero unless a person confirmed it
        confirmed: list[Problem] = []
        lowest = lowest_confirmed(self._book.cash.confirmations())
        money = sorted(set(MONEY) | {code for code in by_account if is_money_account(code)})
        for account in FUNDS + tuple(money):
            checked += 1
            spec, debit, credit = by_account.get(account, (None, 0, 0))
            held = _normal(spec.kind, debit, credit) if spec is not None else ZERO
            if held < ZERO and account in lowest and lowest[account] <= held:
                confirmed.append(Problem("account", N_(
                    "La cuenta %(account)s «%(name)s» está en %(balance)s: saldo negativo confirmado."),
                    {"account": account, "name": spec.name, "balance": Soles(held)}))
            elif held < ZERO:
                findings.append(Problem("account", N_(
                    "La cuenta %(account)s «%(name)s» está en negativo: %(balance)s."),
                    {"account": account, "name": spec.name, "balance": Soles(held)}))
        for code, payable in sorted(by_member.get(postings.PAYABLE, {}).items()):
            checked += 1
            if payable < ZERO:
                findings.append(Problem("member", N_(
                    "Socio %(code)s: se le pagó %(amount)s más de lo que la cooperativa le debía (cuenta %(account)s)."),
                    {"code": code, "amount": Soles(-payable), "account": postings.PAYABLE}))
        stocks, found = self._inventory(by_account)
        checked, findings = checked + stocks, findings + found
        tickets, found = self._intake_withholding()
        checked, findings = checked + tickets, findings + found
        nights, found = self._year_ends()
        checked, findings = checked + nights, findings + found
        numbered, found = self._diario_numbers()
        checked, findings = checked + numbered, findings + found
        # 3. and 4. the published runs
        runs, found = self._runs()
        sealed, broken = self._seals(integrity)
        checked += runs + sealed
        if integrity:
            from coopdesk.core import audit_check

            pages, damaged = self._file()
            recorded, changed, agreements = audit_check.review(self._book)
            checked += pages + recorded
            broken = damaged + broken + changed
            return CheckReport(checked, tuple(findings + found + broken), tuple(agreements), tuple(confirmed))
        return CheckReport(checked, tuple(findings + found + broken), confirmed=tuple(confirmed))

    def _year_ends(self) -> tuple[int, list[Problem]]:
        """Each ejercicio's balance-sheet closing has its reopening on 1 January, line
        for line on the other side, and only one; an apertura typed for a year the
        books already carried balances into counts them twice (docs/ledger.md,
        «La reapertura»)."""
        e, line, a, m = (JournalEntry.__table__.c, JournalLine.__table__.c, LedgerAccount.__table__.c,
                         Member.__table__.c)
        findings: list[Problem] = []
        with self._book.read() as session:
            heads = session.execute(select(e.id, e.year, e.number, e.date, e.source_kind).where(
                e.source_kind.in_((postings.BALANCE_CLOSING, postings.REOPENING, postings.OPENING)))
                .order_by(e.date, e.id)).all()
            nets: dict[int, dict[tuple[str, str], int]] = {}
            if heads:
                for entry_id, code, member, debit, credit in session.execute(
                        select(line.entry_id, a.code, m.code, line.debit_cents, line.credit_cents)
                        .join(LedgerAccount.__table__, a.id == line.account_id)
                        .outerjoin(Member.__table__, m.id == line.member_id)
                        .where(line.entry_id.in_([h.id for h in heads]))):
                    key = (code, member or "")
                    by = nets.setdefault(entry_id, {})
                    by[key] = by.get(key, 0) + int(debit) - int(credit)
            first_day = session.scalar(select(func.min(e.date)))
        closings = {h.date.year: h for h in heads if h.source_kind == postings.BALANCE_CLOSING}
        reopenings: dict[int, list] = {}
        for h in heads:
            if h.source_kind == postings.REOPENING:
                reopenings.setdefault(h.date.year, []).append(h)
        for year, closing in sorted(closings.items()):
            found = reopenings.get(year + 1, [])
            mirrored = {k: -v for k, v in nets.get(closing.id, {}).items() if v}
            if len(found) != 1 or found[0].date.timetuple()[1:3] != (1, 1) or {
                    k: v for k, v in nets.get(found[0].id, {}).items() if v} != mirrored:
                findings.append(Problem("entry", N_(
                    "El cierre de las cuentas de balance del %(year)s (%(number)s) no tiene una sola reapertura "
                    "igual el 1 de enero de %(next)s: los saldos del ejercicio siguiente no son los del cierre."),
                    {"year": year, "number": f"{closing.year}-{closing.number:06d}", "next": year + 1}))
        for h in heads:
            typed_twice = h.source_kind == postings.OPENING and (
                h.date.year in reopenings or (first_day is not None and first_day < h.date))
            if typed_twice:
                findings.append(Problem("entry", N_(
                    "El asiento de apertura %(number)s vuelve a abrir saldos que los libros ya traen del ejercicio "
                    "anterior: los duplica. Reviértalo."), {"number": f"{h.year}-{h.number:06d}"}))
        return len(closings) + len(heads), findings

    def _diario_numbers(self) -> tuple[int, list[Problem]]:
        """Every entry of a closed month has the correlativo in the Libro Diario the rule
        gives it (by date, the apertura first and the cierre last in a day; given at the
        month's close and never changed): the first entry of each year that differs."""
        e, d, p = JournalEntry.__table__.c, DiarioNumber.__table__.c, LedgerPeriod.__table__.c
        with self._book.read() as session:
            rows = session.execute(
                select(e.id, e.year, e.date, e.source_kind, e.number, d.number)
                .join_from(JournalEntry.__table__, LedgerPeriod.__table__, p.id == e.period_id)
                .outerjoin(DiarioNumber.__table__, d.entry_id == e.id)
                .where(p.status == "cerrado")).all()
        by_year: dict[int, list] = {}
        for row in rows:
            by_year.setdefault(row[1], []).append(row)
        findings: list[Problem] = []
        for year, entries in sorted(by_year.items()):
            stored = {r[0]: r[5] for r in entries}
            posted = {r[0]: r[4] for r in entries}
            for entry_id, expected in diario.numbered([(r[0], r[2], r[3], r[4]) for r in entries], 0):
                if stored[entry_id] != expected:
                    findings.append(Problem("entry", N_(
                        "El asiento %(number)s, de un mes cerrado, tiene en el Libro Diario el correlativo "
                        "«%(found)s» y por su fecha le corresponde %(expected)s: los correlativos del ejercicio "
                        "%(year)s se cambiaron fuera de coopdesk."),
                        {"number": f"{year}-{posted[entry_id]:06d}", "found": diario.label(year, stored[entry_id]) or "—",
                         "expected": diario.label(year, expected), "year": year}))
                    break
        return len(rows), findings

    def _seals(self, detailed: bool) -> tuple[int, list[Problem]]:
        """Each published (or superseded) run against its seal: the fingerprint over
        its stored parts, the code its entry recorded, its criteria's own SHA-256;
        ``detailed``: also every member and figure that differs (lines, results,
        entry), and, when only the seal is broken, a recomputation that names the
        altered inputs."""
        from coopdesk.core import seals

        findings: list[Problem] = []
        with self._book.read() as session:
            runs = session.scalars(select(DistributionRun).where(
                DistributionRun.status.in_((RunStatus.PUBLISHED, RunStatus.SUPERSEDED)))
                .order_by(DistributionRun.number)).all()
            for r in runs:
                findings += seals.diagnose(session, r) if detailed else \
                    seals.seal_problems(session, seals.parts(session, r))
        return len(runs), findings

    def _file(self) -> tuple[int, list[Problem]]:
        """SQLite's own check of the file (every page, index and constraint);
        PostgreSQL keeps its own, so nothing is checked there."""
        if self._book.engine.dialect.name != "sqlite":
            return 0, []
        with self._book.engine.connect() as conn:
            rows = [row[0] for row in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
        if rows == ["ok"]:
            return 1, []
        found = [Problem("file", N_("El archivo de la base de datos está dañado: %(detail)s"), {"detail": row})
                 for row in rows[:10]]
        if len(rows) > 10:
            found.append(Problem("file", N_("El archivo de la base de datos está dañado en %(n)s lugares más."),
                                 {"n": len(rows) - 10}))
        return 1, found

    def _inventory(self, by_account) -> tuple[int, list[Problem]]:
        """Each inventory account = the value of the kardex of its certification; no stock below zero."""
        findings: list[Problem] = []
        stocks = self._book.sales.stocks()
        kardex: dict[str, Decimal] = {}
        for stock in stocks:
            account = postings.inventory_account(stock.certification)
            kardex[account] = kardex.get(account, ZERO) + stock.value
            if stock.kg < ZERO:
                findings.append(Problem("stock", N_(
                    "El almacén de %(product)s, %(certification)s, está en negativo: %(kg)s kg (se vendió más de lo "
                    "que quedó después de anular tickets)."), {"product": stock.product_name, "kg": stock.kg,
                                                                "certification": Text(LABELS[stock.certification])}))
        for account in sorted(set(postings.INVENTORY.values())):
            spec, debit, credit = by_account.get(account, (None, 0, 0))
            books = _normal(spec.kind, debit, credit) if spec is not None else ZERO
            if books != kardex.get(account, ZERO):
                findings.append(Problem("account", N_(
                    "La cuenta %(account)s «%(name)s» dice %(books)s y el kardex de sus productos, %(kardex)s."),
                    {"account": account, "name": spec.name if spec is not None else account, "books": Soles(books),
                     "kardex": Soles(kardex.get(account, ZERO))}))
        return len(stocks) + len(set(postings.INVENTORY.values())), findings

    def _runs(self) -> tuple[int, list[Problem]]:
        """Each published (or superseded) run: stored lines = sealed results = posted entry; each
        ejercicio's remanente published once. The sealed results are read as the JSON they are stored
        as (no objects built for them)."""
        from coopdesk.core import seals

        findings: list[Problem] = []
        by_year: dict[int, list[int]] = {}
        checked = 0
        with self._book.read() as session:
            codes = dict(session.execute(select(Member.id, Member.code)).all())
            runs = session.execute(select(DistributionRun.id, DistributionRun.number, DistributionRun.status,
                                          DistributionRun.results, DistributionCriteria.text)
                                   .join(DistributionCriteria, DistributionCriteria.id == DistributionRun.criteria_id)
                                   .where(DistributionRun.status.in_((RunStatus.PUBLISHED, RunStatus.SUPERSEDED)))
                                   .order_by(DistributionRun.number)).all()
            for r in runs:
                criteria, _problems = read_criteria(r.text)
                if r.status == RunStatus.PUBLISHED and criteria is not None and criteria.kind == EXCEDENTES \
                        and criteria.year is not None:
                    by_year.setdefault(criteria.year, []).append(r.number)
                payouts = json.loads(zlib.decompress(r.results))["payouts"]
                sealed = {code: (Decimal(p["gross"]), Decimal(p["net"])) for code, p in payouts.items()}
                d = DistributionLine.__table__.c
                stored = {codes[member]: (Decimal(int(gross)).scaleb(-2), Decimal(int(net)).scaleb(-2))
                          for member, gross, net in session.execute(
                              select(d.member_id, type_coerce(d.gross_cents, BigInteger),
                                     type_coerce(d.net_cents, BigInteger)).where(d.run_id == r.id))}
                checked += len(sealed)
                if stored != sealed:
                    wrong = sorted(c for c in set(stored) | set(sealed) if stored.get(c) != sealed.get(c))
                    findings.append(Problem("run", N_(
                        "La distribución N.º %(number)s: sus líneas no son las de sus resultados sellados (socios "
                        "%(members)s)."), {"number": r.number, "members": ", ".join(wrong[:10])}))
                posted = seals.posted_gross(session, r.id)
                if posted is None:
                    continue  # published before the automatic entries and not posted: «Contabilizar pendientes»
                checked += 1
                withheld = sum((Decimal(d["deducted"]) for p in payouts.values() for d in p["deductions"]
                                if d["concept"] == WITHHOLDING), ZERO)
                to_sunat = self._posted_withholding(session, r.id)
                if to_sunat != withheld:
                    findings.append(Problem("run", N_(
                        "La distribución N.º %(number)s retuvo %(withheld)s a sus socios y su asiento abona "
                        "%(posted)s a la cuenta %(account)s."), {"number": r.number, "withheld": Soles(withheld),
                                                                "posted": Soles(to_sunat),
                                                                "account": postings.WITHHELD}))
                expected = {code: gross for code, (gross, _net) in sealed.items() if gross > ZERO}
                if posted != expected:
                    wrong = sorted(c for c in set(posted) | set(expected) if posted.get(c) != expected.get(c))
                    findings.append(Problem("run", N_(
                        "La distribución N.º %(number)s: su asiento no abona a los socios lo que dicen sus resultados "
                        "(socios %(members)s)."), {"number": r.number, "members": ", ".join(wrong[:10])}))
        for year, numbers in sorted(by_year.items()):
            checked += 1
            if len(numbers) > 1:
                findings.append(Problem("run", N_(
                    "El remanente del ejercicio %(year)s está publicado más de una vez: distribuciones N.º "
                    "%(numbers)s."), {"year": year, "numbers": ", ".join(str(n) for n in numbers)}))
        return checked, findings

    def _intake_withholding(self) -> tuple[int, list[Problem]]:
        """Each ticket: what was withheld from its payment (not voided) = what its entries (its own, and its
        void's reversal) credit, net, to 4017; one grouped pass over the 4017 lines of tickets."""
        findings: list[Problem] = []
        line, d = JournalLine.__table__.c, Delivery.__table__.c
        with self._book.read() as session:
            posted = {ticket: int(cents) for ticket, cents in session.execute(
                select(JournalEntry.source_id, _cents(line.credit_cents - line.debit_cents))
                .join_from(JournalLine.__table__, JournalEntry.__table__, JournalEntry.id == line.entry_id)
                .join(LedgerAccount.__table__, LedgerAccount.id == line.account_id)
                .where(JournalEntry.source_kind.in_((postings.DELIVERY, postings.VOIDED_TICKET)),
                       LedgerAccount.code == postings.WITHHELD)
                .group_by(JournalEntry.source_id))}
            withheld = {ticket: int(cents) for ticket, cents in session.execute(
                select(d.id, type_coerce(d.withheld_cents, BigInteger))
                .where(d.withheld_cents > 0, d.voided_at.is_(None)))}
            wrong = sorted(t for t in set(posted) | set(withheld) if posted.get(t, 0) != withheld.get(t, 0))
            names = {row.id: f"{row.series}-{row.number:06d}" for row in session.execute(
                select(d.id, d.series, d.number).where(d.id.in_(wrong)))} if wrong else {}
        for ticket in wrong:
            findings.append(Problem("ticket", N_(
                "El ticket %(ticket)s retuvo %(withheld)s al socio y sus asientos abonan %(posted)s a la cuenta "
                "%(account)s."), {"ticket": names.get(ticket, str(ticket)),
                                  "withheld": Soles(Decimal(withheld.get(ticket, 0)).scaleb(-2)),
                                  "posted": Soles(Decimal(posted.get(ticket, 0)).scaleb(-2)),
                                  "account": postings.WITHHELD}))
        return len(set(posted) | set(withheld)), findings

    @staticmethod
    def _posted_withholding(session, run_id: int) -> Decimal:
        """What the run's own entry credited to 4017 (the withholding owed to SUNAT)."""
        line = JournalLine.__table__.c
        cents = session.scalar(
            select(_cents(line.credit_cents))
            .join_from(JournalLine.__table__, JournalEntry.__table__, JournalEntry.id == line.entry_id)
            .join(LedgerAccount.__table__, LedgerAccount.id == line.account_id)
            .where(JournalEntry.source_kind == postings.DISTRIBUTION, JournalEntry.source_id == run_id,
                   JournalEntry.reverses_id.is_(None), LedgerAccount.code == postings.WITHHELD))
        return Decimal(int(cents or 0)).scaleb(-2)
