"""Random seasons, one truth: Hypothesis plays random sequences of what a treasurer
does (tickets, advances, loans and their repayments with interest falling due,
sales, premium projects, days passing, closing 2026, distributing its remanente
and paying it) and after every step «coopdesk check» must find nothing: the
members' papers = their sub-ledgers = the control accounts, inventory = kardex,
no fund or payable overdrawn, each remanente once, each run = its seal = its entry."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal as D
from pathlib import Path

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from coopdesk.domain.accounts import LoanInput, MovementInput
from coopdesk.domain.clock import FixedClock
from coopdesk.domain.ledger import EntryInput, LineInput
from coopdesk.domain.sales import SaleInput
from tests.conftest import cacao, make_book
from tests.core.test_distribution_runs import CRITERIA_NAMED

MEMBERS = ("S0001", "S0002", "S0003")
CERTIFICATION = {"S0001": "organico", "S0002": "convencional", "S0003": "transicion"}
LAST_DAY = date(2027, 3, 31)
money = st.sampled_from(("101", "1041"))
fraction = st.decimals(min_value=D("0.05"), max_value=D("1"), places=2)


class OneTruth(RuleBasedStateMachine):
    @initialize()
    def a_cooperative_with_its_working_capital(self):
        self.folder = Path(tempfile.mkdtemp())
        self.book = make_book(f"sqlite:///{self.folder / 'cooperativa.sqlite'}")
        self.day = date(2026, 2, 2)
        self.book.clock = FixedClock(self.day)
        self.book.ledger.post_opening(EntryInput(date(2026, 1, 1), "Apertura", (
            LineInput("101", debit=D("500000.00")), LineInput("1041", debit=D("2000000.00")),
            LineInput("451", credit=D("2500000.00")))))
        self.tickets, self.run, self.paid, self.closed = 0, None, set(), False

    def teardown(self):
        if hasattr(self, "book"):
            self.book.close()
            shutil.rmtree(self.folder, ignore_errors=True)

    @rule(days=st.integers(1, 75))
    def days_pass(self, days):
        self.day = min(self.day + timedelta(days), LAST_DAY)
        self.book.clock = FixedClock(self.day)

    @precondition(lambda self: self.day.year == 2026)
    @rule()
    def the_season_ends(self):
        self.day = date(2027, 1, 10)
        self.book.clock = FixedClock(self.day)

    @precondition(lambda self: self.day.year == 2026)
    @rule(member=st.sampled_from(MEMBERS), kg=st.decimals(min_value=D("10"), max_value=D("500"), places=1),
          price=st.decimals(min_value=D("5"), max_value=D("20"), places=2))
    def a_ticket(self, member, kg, price):
        self.tickets += 1
        self.book.deliveries.record(cacao(f"001-{self.tickets}", date=self.day, member_code=member, gross_kg=kg,
                                          tare_kg=D("0"), advance_price=price))

    @rule(member=st.sampled_from(MEMBERS), amount=st.decimals(min_value=D("1"), max_value=D("3000"), places=2),
          through=money)
    def an_advance(self, member, amount, through):
        self.book.accounts.record(MovementInput(member, self.day, "adelantos", "cargo", amount, "Adelanto",
                                                money=through))

    @rule(member=st.sampled_from(MEMBERS), principal=st.decimals(min_value=D("100"), max_value=D("8000"), places=2),
          rate=st.sampled_from((D("0"), D("12"), D("18"), D("24"))), months=st.integers(1, 12), through=money)
    def a_loan(self, member, principal, rate, months, through):
        self.book.accounts.grant_loan(LoanInput(member, self.day, principal, rate, months, money=through))

    @rule(member=st.sampled_from(MEMBERS), part=fraction, through=money)
    def a_repayment(self, member, part, through):
        owed = self.book.accounts.balances(member, self.day).of("prestamos")
        amount = (owed * part).quantize(D("0.01"), ROUND_DOWN)
        if amount > 0:
            self.book.accounts.record(MovementInput(member, self.day, "prestamos", "abono", amount, "Pago de cuota",
                                                    money=through))

    @rule(member=st.sampled_from(MEMBERS), part=fraction)
    def a_sale(self, member, part):
        certification = CERTIFICATION[member]
        stock = self.book.sales.stock_of("CACAO-SECO", certification)
        kg = (stock.kg * part).quantize(D("0.001"), ROUND_DOWN)
        if kg <= 0:
            return
        premium = (kg * D("0.80")).quantize(D("0.01")) if certification == "organico" else D("0")
        event("a sale")
        self.book.sales.record(SaleInput(self.day, "Exportadora Amazonas S.A.C.", "CACAO-SECO", certification, kg,
                                         D("21.5000"), premium=premium, debit_account="1041"))

    @rule(part=fraction)
    def a_premium_project(self, part):
        fund = self.book.ledger.credit_balance("46993")
        amount = (fund * part).quantize(D("0.01"), ROUND_DOWN)
        if amount > 0:
            self.book.ledger.post(EntryInput(self.day, "Proyecto de la Prima: secadores solares", (
                LineInput("46993", debit=amount), LineInput("1041", credit=amount))))

    @precondition(lambda self: self.day >= date(2027, 1, 5))
    @rule()
    def the_contador_closes_2026(self):
        if not self.closed:
            self.book.ledger.close_year(2026)
            self.closed = True
            event("2026 closed")

    @precondition(lambda self: self.run is None and self.day >= date(2027, 1, 5))
    @rule()
    def the_assembly_distributes_the_remanente(self):
        if not self.closed or self.book.ledger.credit_balance("591") <= 0:
            return
        run = self.book.distributions.create(self.book.distributions.with_remanente(CRITERIA_NAMED, 2026))
        self.book.distributions.approve(run.number, acta="Acta 1-2027", acta_date=self.day - timedelta(1))
        self.book.distributions.publish(run.number)
        self.run = run.number
        event("a remanente distributed")

    @precondition(lambda self: self.run is not None)
    @rule(member=st.sampled_from(MEMBERS))
    def a_member_is_paid(self, member):
        line = next(l for l in self.book.distributions.lines(self.run) if l.member_code == member)
        if line.net > 0 and member not in self.paid:
            self.book.distributions.mark_paid(self.run, member, self.day, "efectivo")
            self.paid.add(member)
            event("a member paid")

    @invariant()
    def the_book_tells_one_truth(self):
        if hasattr(self, "book"):
            report = self.book.checks.run()
            assert report.agrees, "\n".join(report.sentences()[1])


OneTruth.TestCase.settings = settings(max_examples=20, stateful_step_count=35, deadline=None,
                                      suppress_health_check=[HealthCheck.too_slow])
test_random_seasons_keep_one_truth = OneTruth.TestCase
