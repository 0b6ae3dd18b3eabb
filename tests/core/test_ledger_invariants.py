"""The books' invariants under any sequence a contador could type, and any
sequence of the documents that post automatically (opening stocks, tickets and
their voids, member movements, sales and their voids, expenses) (Hypothesis, stateful):
every entry balances, the trial balance balances, member sub-ledgers
equal their control accounts, a reversal nets to zero, a closed period never
changes and takes nothing."""

import calendar
import shutil
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from coopdesk.core import Book, InvalidInput
from coopdesk.domain.clock import FixedClock
from coopdesk.domain.ledger import EntryInput, LineInput
from coopdesk.domain.accounts import MovementInput
from coopdesk.domain.sales import ExpenseInput, OpeningStockInput, SaleInput
from tests.conftest import cacao, cash_is_not_the_subject, make_book

PLAIN = ("101", "1041", "1212", "203211", "4212", "46991", "582", "69131", "631", "659", "701311", "772")
MEMBER_ACCOUNTS = ("14222", "14221", "14223", "4419", "501")
MEMBERS = ("S0001", "S0002", "S0003")
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("250000"), places=2)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("ledger") / "plantilla.sqlite"
    make_book(f"sqlite:///{path}").close()
    return path


class Books(RuleBasedStateMachine):
    template = None
    counter = 0

    @initialize()
    def open_book(self):
        Books.counter += 1
        path = self.template.with_name(f"libro-{Books.counter}.sqlite")
        shutil.copy(self.template, path)
        # the whole of 2026 is past (documents of any month of it can be typed, and closed)
        self.book = Book.open(str(path), clock=FixedClock(date(2027, 1, 15)))
        cash_is_not_the_subject(self.book)  # random payments out of Caja: what is checked is the books' shape
        self.closed_upto = 0          # months of 2026 closed so far
        self.snapshot = None          # the trial balance to the end of the last closed month
        self.posted: list[int] = []
        self.reversals: dict[int, int] = {}

    def teardown(self):
        self.book.close()

    def _open_day(self, month_offset: int, day: int) -> date:
        month = min(12, self.closed_upto + 1 + month_offset)
        return date(2026, month, min(day, calendar.monthrange(2026, month)[1]))

    @precondition(lambda self: self.closed_upto < 12)
    @rule(data=st.data(), month_offset=st.integers(0, 3), day=st.integers(1, 31))
    def post_a_balanced_entry(self, data, month_offset, day):
        debits = data.draw(st.lists(st.tuples(st.sampled_from(PLAIN + MEMBER_ACCOUNTS), amounts,
                                              st.sampled_from(MEMBERS)), min_size=1, max_size=3))
        credit_account = data.draw(st.sampled_from(PLAIN + MEMBER_ACCOUNTS))
        credit_member = data.draw(st.sampled_from(MEMBERS))
        lines = [LineInput(a, debit=v, member_code=m if a in MEMBER_ACCOUNTS else "") for a, v, m in debits]
        total = sum((v for _a, v, _m in debits), Decimal(0))
        lines.append(LineInput(credit_account, credit=total,
                               member_code=credit_member if credit_account in MEMBER_ACCOUNTS else ""))
        self.posted.append(self.book.ledger.post(EntryInput(self._open_day(month_offset, day), "Asiento", tuple(lines))))

    @precondition(lambda self: self.closed_upto < 12)
    @rule(month_offset=st.integers(0, 3), day=st.integers(1, 31), member=st.sampled_from(MEMBERS),
          kg=st.decimals(min_value=Decimal("0.5"), max_value=Decimal("900"), places=1),
          price=st.decimals(min_value=Decimal("0"), max_value=Decimal("40"), places=2))
    def a_ticket_at_the_scale(self, month_offset, day, member, kg, price):
        self.tickets = getattr(self, "tickets", 0) + 1
        self.book.deliveries.record(cacao(f"001-{self.tickets}", date=self._open_day(month_offset, day),
                                          member_code=member, gross_kg=kg + 1, tare_kg=Decimal(1),
                                          advance_price=price))

    @precondition(lambda self: self.closed_upto == 0)
    @rule(certification=st.sampled_from(("organico", "transicion", "convencional")),
          kg=st.decimals(min_value=Decimal("0.001"), max_value=Decimal("5000"), places=3), value=amounts)
    def an_opening_stock(self, certification, kg, value):
        """What the almacén held on 01/01/2026: once per certification (until voided)."""
        self.openings = getattr(self, "openings", [])
        data = OpeningStockInput(date(2026, 1, 1), "CACAO-SECO", certification, kg, value)
        if any(not o.voided and o.certification == certification for o in self.book.opening_stock.list()):
            with pytest.raises(InvalidInput):
                self.book.opening_stock.record(data)
            return
        self.openings.append(self.book.opening_stock.record(data))

    @precondition(lambda self: self.closed_upto < 12 and getattr(self, "openings", []))
    @rule(data=st.data())
    def void_an_opening_stock(self, data):
        try:
            self.book.opening_stock.void(data.draw(st.sampled_from(self.openings)), "Mal contado")
        except InvalidInput:  # voided before, or a sale drew on it
            pass

    @precondition(lambda self: self.closed_upto < 12 and getattr(self, "tickets", 0) > 0)
    @rule(data=st.data())
    def void_a_ticket(self, data):
        number = data.draw(st.integers(1, self.tickets))
        try:
            self.book.deliveries.void(f"001-{number}", "Error de pesada")
        except InvalidInput:  # voided before
            pass

    @precondition(lambda self: self.closed_upto < 11)
    @rule(month_offset=st.integers(0, 1), day=st.integers(1, 31), member=st.sampled_from(MEMBERS),
          concept=st.sampled_from(("adelantos", "prestamos", "insumos", "aportaciones")),
          direction=st.sampled_from(("cargo", "abono")), amount=amounts)
    def a_member_movement(self, month_offset, day, member, concept, direction, amount):
        owes = dict(self.book.accounts.balances(member).owed).get(concept, Decimal(0))
        movement = MovementInput(member, self._open_day(month_offset, day), concept, direction, amount)
        if direction == "abono" and concept == "prestamos" and amount > owes:
            with pytest.raises(InvalidInput):  # paying a loan beyond what is owed is refused, never income
                self.book.accounts.record(movement)
            return
        self.book.accounts.record(movement)

    @precondition(lambda self: self.closed_upto < 11)
    @rule(month_offset=st.integers(0, 1), day=st.integers(1, 31), kg=st.decimals(min_value=Decimal("1"),
          max_value=Decimal("2000"), places=0), price=st.decimals(min_value=Decimal("0.5"), max_value=Decimal("9"),
          places=4), premium=st.decimals(min_value=Decimal("0"), max_value=Decimal("500"), places=2),
          dollars=st.booleans(), certification=st.sampled_from(("organico", "transicion", "convencional")))
    def a_sale(self, month_offset, day, kg, price, premium, dollars, certification):
        self.sales = getattr(self, "sales", [])
        sale = SaleInput(self._open_day(month_offset, day), "Exportadora", "CACAO-SECO", certification, kg, price,
                         "USD" if dollars else "PEN", Decimal("3.7450") if dollars else None, premium=premium)
        if kg > self.book.sales.stock_of("CACAO-SECO", certification).kg:
            with pytest.raises(InvalidInput):  # never more kilos than the almacén holds of that product
                self.book.sales.record(sale)
            return
        self.sales.append(self.book.sales.record(sale))

    @precondition(lambda self: self.closed_upto < 12 and getattr(self, "sales", []))
    @rule(data=st.data())
    def void_a_sale(self, data):
        sale = data.draw(st.sampled_from(self.sales))
        try:
            self.book.sales.void(sale, "Contrato anulado")
        except InvalidInput:  # voided before
            pass

    @precondition(lambda self: self.closed_upto < 11)
    @rule(month_offset=st.integers(0, 1), day=st.integers(1, 31), account=st.sampled_from(("631", "659", "2524")),
          paid_from=st.sampled_from(("101", "1041", "4212")), amount=amounts)
    def an_expense(self, month_offset, day, account, paid_from, amount):
        self.book.expenses.record(ExpenseInput(self._open_day(month_offset, day), account, "Gasto", amount,
                                               paid_from))

    @rule(a=amounts, b=amounts)
    def an_unbalanced_entry_changes_nothing(self, a, b):
        if a == b:
            return
        before = self.book.ledger.trial_balance()
        with pytest.raises(InvalidInput):
            self.book.ledger.post(EntryInput(date(2026, 12, 1), "Descuadre", (LineInput("101", debit=a),
                                                                               LineInput("701311", credit=b))))
        assert self.book.ledger.trial_balance() == before

    @precondition(lambda self: self.closed_upto < 12 and any(e not in self.reversals for e in self.posted))
    @rule(data=st.data())
    def reverse_an_entry(self, data):
        entry = data.draw(st.sampled_from([e for e in self.posted if e not in self.reversals]))
        self.reversals[entry] = self.book.ledger.reverse(entry, date(2026, 12, 31), "Error de digitación")

    @precondition(lambda self: self.closed_upto < 10)
    @rule()
    def close_the_next_month(self):  # months that have ended (the tests run from November 2026)
        self.closed_upto += 1
        self.book.ledger.close(2026, self.closed_upto)
        end = date(2026, self.closed_upto, calendar.monthrange(2026, self.closed_upto)[1])
        self.snapshot = (end, self.book.ledger.trial_balance(end=end), len(self.book.ledger.entries(end=end)))

    @precondition(lambda self: self.closed_upto > 0)
    @rule(day=st.integers(1, 28), a=amounts)
    def a_closed_month_takes_nothing(self, day, a):
        with pytest.raises(InvalidInput):
            self.book.ledger.post(EntryInput(date(2026, self.closed_upto, day), "Tarde",
                                             (LineInput("659", debit=a), LineInput("101", credit=a))))

    @invariant()
    def every_entry_and_the_trial_balance_balance(self):
        if not hasattr(self, "book"):
            return
        for entry in self.book.ledger.entries():
            assert sum((l.debit for l in entry.lines), Decimal(0)) == sum((l.credit for l in entry.lines), Decimal(0))
        assert self.book.ledger.trial_balance().balanced

    @invariant()
    def member_sub_ledgers_equal_their_control_accounts(self):
        if not hasattr(self, "book"):
            return
        control = {r.code: r.balance for r in self.book.ledger.trial_balance().rows}
        for account in MEMBER_ACCOUNTS:
            members = self.book.ledger.member_balances(account)
            assert sum(members.values(), Decimal(0)) == control.get(account, Decimal(0))

    @invariant()
    def a_reversal_nets_to_zero(self):
        if not hasattr(self, "book") or not self.reversals:
            return
        by_id = {e.id: e for e in self.book.ledger.entries()}
        for original, reversal in self.reversals.items():
            net: dict[tuple, Decimal] = {}
            for line in by_id[original].lines + by_id[reversal].lines:
                key = (line.account, line.member_code)
                net[key] = net.get(key, Decimal(0)) + line.debit - line.credit
            assert set(net.values()) == {Decimal(0)}

    @invariant()
    def stock_and_inventory_agree(self):
        """The inventory accounts hold what the tickets and sales left (voiding a ticket already sold can take
        the value below zero: the books show the mistake rather than hide it)."""
        if not hasattr(self, "book"):
            return
        control = {r.code: r.balance for r in self.book.ledger.trial_balance().rows}
        for code, certification in (("203211", "organico"), ("203212", "transicion"), ("203213", "convencional")):
            stock = self.book.sales.stock_of("CACAO-SECO", certification)
            assert control.get(code, Decimal(0)) - self.manual(code) == stock.value

    def manual(self, account: str) -> Decimal:
        """What the manual entries (and their reversals) put on an account."""
        return sum((l.debit - l.credit for e in self.book.ledger.entries(account=account)
                    if e.source_kind in ("manual", "reversion") for l in e.lines if l.account == account), Decimal(0))

    @invariant()
    def a_closed_period_never_changes(self):
        if getattr(self, "snapshot", None) is None:
            return
        end, trial, count = self.snapshot
        assert self.book.ledger.trial_balance(end=end) == trial
        assert len(self.book.ledger.entries(end=end)) == count


def test_the_books_keep_their_invariants(template):
    Books.template = template
    run = Books.TestCase
    run.settings = settings(max_examples=25, stateful_step_count=20, deadline=None,
                            suppress_health_check=[HealthCheck.too_slow])
    run().runTest()
