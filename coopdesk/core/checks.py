"""«Verificar la contabilidad»: one pass over the whole book that proves its
figures tell one truth, or names every place where they do not.

- each member account (adelantos, préstamos, insumos, aportaciones) as the
  member's statement shows it = their sub-ledger in the books; every sub-ledger
  = its control account;
- no fund, 591 or payable to a member is overdrawn, and Caja and the banks are
  not below zero;
- each ejercicio's remanente was published at most once;
- each published run: its stored lines = its sealed results = its posted entry.

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
    DistributionCriteria,
    DistributionLine,
    DistributionRun,
    JournalEntry,
    JournalLine,
    LedgerAccount,
    Member,
)
from coopdesk.domain import postings
from coopdesk.domain.accounts import Concept
from coopdesk.domain.catalog import RunStatus
from coopdesk.domain.distribution import record
from coopdesk.domain.distribution.criteria_file import read_criteria
from coopdesk.domain.distribution.model import EXCEDENTES, DistributionResult
from coopdesk.domain.money import ZERO, Soles
from coopdesk.domain.problems import N_, Problem
from coopdesk.i18n import _, describe, ngettext
from coopdesk.i18n.formatting import format_number

if TYPE_CHECKING:
    from coopdesk.core.book import Book

# the statement's concepts and the sub-ledger each lives in
STATEMENT_ACCOUNTS = {Concept.ADVANCES.value: postings.ADVANCES, Concept.LOANS.value: postings.LOANS,
                      Concept.INPUTS.value: postings.INPUTS}
# accounts whose balance is money held for someone (credit side): never below zero
FUNDS = (postings.REMANENTE, postings.RESERVE, postings.EDUCATION, postings.SOCIAL, postings.PREMIUM_FUND)
MONEY = postings.MONEY_ACCOUNTS  # Caja and the bank (debit side): never below zero


@dataclass(frozen=True)
class CheckReport:
    checked: int                     # how many figures were compared
    findings: tuple[Problem, ...]    # every disagreement; empty: the book tells one truth

    @property
    def agrees(self) -> bool:
        return not self.findings

    def sentences(self) -> tuple[str, tuple[str, ...]]:
        """What the GUI and the CLI say: a sentence, and each finding in words."""
        checked = format_number(self.checked)
        if self.agrees:
            return (_("La contabilidad cuadra: se compararon %(n)s cifras de los estados de cuenta, las cuentas de "
                      "socios, los fondos y las distribuciones publicadas, y todas coinciden.") % {"n": checked}, ())
        found = len(self.findings)
        head = ngettext("Se compararon %(n)s cifras y %(found)s no coincide:",
                        "Se compararon %(n)s cifras y %(found)s no coinciden:", found) % {"n": checked, "found": found}
        return head, tuple(describe(p) for p in self.findings)


def _cents(column):
    return type_coerce(func.coalesce(func.sum(column), 0), BigInteger)


class Checks:
    def __init__(self, book: "Book"):
        self._book = book

    def run(self) -> CheckReport:
        """Brings the interest due by today into the books first (as opening the book does), then compares."""
        self._book.accounts.accrue_interest()
        today = self._book.clock.today()
        findings: list[Problem] = []
        checked = 0
        ledger, accounts = self._book.ledger, self._book.accounts
        with self._book.read() as session:
            codes = dict(session.execute(select(Member.id, Member.code)).all())
            owed = accounts.owed_by_member(session, today)
            capital = accounts._capital(session, today)
            member_accounts = session.scalars(select(LedgerAccount.code).where(
                LedgerAccount.member_ledger.is_(True)).order_by(LedgerAccount.code)).all()
        # 1. each member's statement = their sub-ledger; each sub-ledger = its control account
        for concept, account in STATEMENT_ACCOUNTS.items():
            books = ledger.member_balances(account, today)
            papers = {codes[m]: by.get(concept, ZERO) for m, by in owed.items()}
            for code in sorted(set(books) | set(papers)):
                checked += 1
                on_paper, in_books = papers.get(code, ZERO), books.get(code, ZERO)
                if on_paper != in_books:
                    findings.append(Problem("member", N_(
                        "Socio %(code)s, %(concept)s: su estado de cuenta dice %(paper)s y su cuenta %(account)s en "
                        "la contabilidad, %(books)s."), {"code": code, "concept": concept, "paper": Soles(on_paper),
                                                           "account": account, "books": Soles(in_books)}))
        books = ledger.member_balances(postings.CAPITAL, today)
        papers = {codes[m]: amount for m, amount in capital.items()}
        for code in sorted(set(books) | set(papers)):
            checked += 1
            if papers.get(code, ZERO) != books.get(code, ZERO):
                findings.append(Problem("member", N_(
                    "Socio %(code)s, aportaciones pagadas: su estado de cuenta dice %(paper)s y la cuenta 501 de la "
                    "contabilidad, %(books)s."), {"code": code, "paper": Soles(papers.get(code, ZERO)),
                                                   "books": Soles(books.get(code, ZERO))}))
        for account in member_accounts:
            sub = ledger.member_ledger(account, today)
            checked += 1
            if not sub.reconciles:
                findings.append(Problem("account", N_(
                    "La cuenta %(account)s suma %(members)s en las cuentas de sus socios y %(control)s en la "
                    "contabilidad."), {"account": account, "members": Soles(sub.total), "control": Soles(sub.control)}))
        # 2. nothing held for someone is overdrawn; money is not below zero
        with self._book.read() as session:
            names = dict(session.execute(select(LedgerAccount.code, LedgerAccount.name)).all())
            for account in FUNDS:
                checked += 1
                held = ledger.credit_balance_in(session, account)
                if held < ZERO:
                    findings.append(Problem("account", N_(
                        "La cuenta %(account)s «%(name)s» está en negativo: %(balance)s."),
                        {"account": account, "name": names.get(account, ""), "balance": Soles(held)}))
            for account in MONEY:
                checked += 1
                held = -ledger.credit_balance_in(session, account)
                if held < ZERO:
                    findings.append(Problem("account", N_(
                        "La cuenta %(account)s «%(name)s» está en negativo: %(balance)s."),
                        {"account": account, "name": names.get(account, ""), "balance": Soles(held)}))
        for code, payable in sorted(ledger.member_balances(postings.PAYABLE).items()):
            checked += 1
            if payable < ZERO:
                findings.append(Problem("member", N_(
                    "Socio %(code)s: se le pagó %(amount)s más de lo que la cooperativa le debía (cuenta %(account)s)."),
                    {"code": code, "amount": Soles(-payable), "account": postings.PAYABLE}))
        # 3. and 4. the published runs
        findings += self._runs()
        with self._book.read() as session:
            checked += session.scalar(select(func.count(DistributionRun.id)).where(
                DistributionRun.status.in_((RunStatus.PUBLISHED, RunStatus.SUPERSEDED)))) or 0
        return CheckReport(checked, tuple(findings))

    def _runs(self) -> list[Problem]:
        findings: list[Problem] = []
        by_year: dict[int, list[int]] = {}
        with self._book.read() as session:
            codes = dict(session.execute(select(Member.id, Member.code)).all())
            runs = session.scalars(select(DistributionRun).where(DistributionRun.status.in_(
                (RunStatus.PUBLISHED, RunStatus.SUPERSEDED))).order_by(DistributionRun.number)).all()
            for r in runs:
                criteria, _problems = read_criteria(session.get(DistributionCriteria, r.criteria_id).text)
                if r.status == RunStatus.PUBLISHED and criteria is not None and criteria.kind == EXCEDENTES \
                        and criteria.year is not None:
                    by_year.setdefault(criteria.year, []).append(r.number)
                result = record.from_jsonable(DistributionResult, json.loads(zlib.decompress(r.results)))
                sealed = {code: (p.gross, p.net) for code, p in result.payouts.items()}
                stored = {codes[line.member_id]: (line.gross, line.net) for line in session.scalars(
                    select(DistributionLine).where(DistributionLine.run_id == r.id))}
                if stored != sealed:
                    wrong = sorted(c for c in set(stored) | set(sealed) if stored.get(c) != sealed.get(c))
                    findings.append(Problem("run", N_(
                        "La distribución N.º %(number)s: sus líneas no son las de sus resultados sellados (socios "
                        "%(members)s)."), {"number": r.number, "members": ", ".join(wrong[:10])}))
                posted = self._posted_gross(session, r.id)
                if posted is None:
                    continue  # published before the automatic entries and not posted: «Contabilizar pendientes»
                expected = {code: p.gross for code, p in result.payouts.items() if p.gross > ZERO}
                if posted != expected:
                    wrong = sorted(c for c in set(posted) | set(expected) if posted.get(c) != expected.get(c))
                    findings.append(Problem("run", N_(
                        "La distribución N.º %(number)s: su asiento no abona a los socios lo que dicen sus resultados "
                        "(socios %(members)s)."), {"number": r.number, "members": ", ".join(wrong[:10])}))
        for year, numbers in sorted(by_year.items()):
            if len(numbers) > 1:
                findings.append(Problem("run", N_(
                    "El remanente del ejercicio %(year)s está publicado más de una vez: distribuciones N.º "
                    "%(numbers)s."), {"year": year, "numbers": ", ".join(str(n) for n in numbers)}))
        return findings

    @staticmethod
    def _posted_gross(session, run_id: int) -> dict[str, Decimal] | None:
        """What the run's own entry credited to each member's payable (None: no entry)."""
        entry = session.scalar(select(JournalEntry.id).where(
            JournalEntry.source_kind == postings.DISTRIBUTION, JournalEntry.source_id == run_id,
            JournalEntry.reverses_id.is_(None)).order_by(JournalEntry.id).limit(1))
        if entry is None:
            return None
        line = JournalLine.__table__.c
        rows = session.execute(
            select(Member.code, _cents(line.credit_cents))
            .join_from(JournalLine.__table__, LedgerAccount.__table__, LedgerAccount.id == line.account_id)
            .join(Member.__table__, Member.id == line.member_id)
            .where(line.entry_id == entry, LedgerAccount.code == postings.PAYABLE)
            .group_by(Member.code))
        return {code: Decimal(int(cents)).scaleb(-2) for code, cents in rows if cents}
