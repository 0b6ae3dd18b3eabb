"""Mass balance under any sequence of lot building, transformations, sales and
voids a warehouse could type (Hypothesis, stateful): no ticket gives more than
its payable kilos, no lot ships more than entered it (a transformation's kilos
at most taken × factor), no sale holds more kilos of lots than it sold, and a
refused step leaves every table exactly as it was."""

import shutil
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sqlalchemy import text

from coopdesk.core import Book, InvalidInput
from coopdesk.core.errors import NotFound
from coopdesk.domain.clock import FixedClock
from coopdesk.domain.sales import SaleInput
from tests.conftest import cacao, cash_in_hand, make_book

D = Decimal
TABLES = ("lots", "lot_tickets", "lot_sources", "sale_lots", "sales")
TICKETS = [f"001-{n:06d}" for n in range(1, 9)]
kilos = st.one_of(st.none(), st.decimals(min_value=D("0.001"), max_value=D("400"), places=3))


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """Eight organic tickets of Rosa from 01/03/2026: odd ones 120.1 kg of dry
    cacao, even ones 100 to 400 kg of cacao en baba (× 0.38 into dry)."""
    path = tmp_path_factory.mktemp("lots") / "plantilla.sqlite"
    book = make_book(f"sqlite:///{path}")
    cash_in_hand(book)
    for n, ticket in enumerate(TICKETS, start=1):
        extra = {} if n % 2 else dict(product_code="CACAO-BABA", gross_kg=D(100 * (n // 2)), tare_kg=D("0"),
                                      humidity_pct=D("0"), advance_price=D("6.00"))
        book.deliveries.record(cacao(ticket, date=date(2026, 3, n), **extra))
    book.close()
    return path


class Warehouse(RuleBasedStateMachine):
    template = None
    counter = 0

    @initialize()
    def open_book(self):
        Warehouse.counter += 1
        path = self.template.with_name(f"almacen-{Warehouse.counter}.sqlite")
        shutil.copy(self.template, path)
        self.book = Book.open(str(path), clock=FixedClock(date(2026, 6, 30)))
        self.lots: list[str] = []
        self.sales: list[int] = []

    def teardown(self):
        self.book.close()

    def _tables(self):
        with self.book.engine.connect() as conn:
            return [conn.execute(text(f"SELECT * FROM {t} ORDER BY id")).all() for t in TABLES]

    def _try(self, call, *args):
        before = self._tables()
        try:
            return call(*args)
        except (InvalidInput, NotFound):
            assert self._tables() == before  # a refusal changes nothing
            return None

    @rule(baba=st.booleans(), day=st.integers(1, 20))
    def create_lot(self, baba, day):
        code = f"L-{len(self.lots) + 1:03d}"
        self.book.lots.create(code, "CACAO-BABA" if baba else "CACAO-SECO", "organico", date(2026, 4, day))
        self.lots.append(code)

    @rule(lot=st.integers(0, 30), ticket=st.sampled_from(TICKETS), kg=kilos)
    def add_ticket(self, lot, ticket, kg):
        if self.lots:
            self._try(self.book.lots.add_ticket, self.lots[lot % len(self.lots)], ticket, kg)

    @rule(lot=st.integers(0, 30), source=st.integers(0, 30), kg=kilos)
    def take_from_a_lot(self, lot, source, kg):
        if self.lots:
            self._try(self.book.lots.add_from_lot, self.lots[lot % len(self.lots)],
                      self.lots[source % len(self.lots)], kg)

    @rule(kg=st.decimals(min_value=D("0.001"), max_value=D("300"), places=3), day=st.integers(1, 28))
    def sell(self, kg, day):
        sale = self._try(self.book.sales.record, SaleInput(date(2026, 5, day), "Exportadora", "CACAO-SECO",
                                                           "organico", kg, D("20.0000")))
        if sale is not None:
            self.sales.append(sale)

    @rule(sale=st.integers(0, 30), lot=st.integers(0, 30), kg=kilos)
    def attach(self, sale, lot, kg):
        if self.sales and self.lots:
            self._try(self.book.lots.attach, self.sales[sale % len(self.sales)], self.lots[lot % len(self.lots)], kg)

    @rule(sale=st.integers(0, 30))
    def void_sale(self, sale):
        if self.sales:
            self._try(self.book.sales.void, self.sales[sale % len(self.sales)], "prueba")

    @invariant()
    def mass_balance_holds(self):
        if not hasattr(self, "book"):
            return
        with self.book.engine.connect() as conn:
            over_tickets = conn.execute(text(
                "SELECT d.id FROM deliveries d JOIN lot_tickets t ON t.delivery_id = d.id GROUP BY d.id "
                "HAVING SUM(t.kg_g) > MAX(d.payable_g)")).all()
            over_factor = conn.execute(text(
                "SELECT id FROM lot_sources WHERE made_g * 1000000 > taken_g * factor_e6")).all()
            lots = conn.execute(text(
                "SELECT l.id, "
                " COALESCE((SELECT SUM(kg_g) FROM lot_tickets WHERE lot_id = l.id), 0)"
                " + COALESCE((SELECT SUM(made_g) FROM lot_sources WHERE lot_id = l.id), 0),"
                " COALESCE((SELECT SUM(taken_g) FROM lot_sources WHERE from_lot_id = l.id), 0)"
                " + COALESCE((SELECT SUM(s.kg_g) FROM sale_lots s JOIN sales v ON v.id = s.sale_id"
                "             WHERE s.lot_id = l.id AND v.voided_at IS NULL), 0) FROM lots l")).all()
            over_sales = conn.execute(text(
                "SELECT v.id FROM sales v JOIN sale_lots s ON s.sale_id = v.id GROUP BY v.id "
                "HAVING SUM(s.kg_g) > MAX(v.kg_g)")).all()
        assert over_tickets == [] and over_factor == [] and over_sales == []
        assert all(shipped <= entered for _id, entered, shipped in lots), lots
        for row in self.book.lots.list():
            assert D(0) <= row.available == row.entered - row.shipped


def test_random_lots_transformations_and_sales_never_break_mass_balance(template):
    Warehouse.template = template
    run = Warehouse.TestCase
    run.settings = settings(max_examples=12, stateful_step_count=25, deadline=None,
                            suppress_health_check=[HealthCheck.too_slow])
    run().runTest()
