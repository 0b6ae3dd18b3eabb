import json
from decimal import ROUND_HALF_UP, Decimal

import pytest

from sqlalchemy import text

from coopdesk.core import Book
from coopdesk.core.demo import build_demo
from coopdesk.domain.rules import delivery_amount
from coopdesk.domain.clock import FixedClock


def snapshot(book: Book):
    with book.engine.connect() as conn:
        members = conn.execute(text("SELECT code, dni, first_names, last_names, gender, zone_id, status, "
                                    "certification, join_date FROM members ORDER BY id")).all()
        deliveries = conn.execute(text("SELECT series, number, date, member_id, product_id, net_g, price_cents, "
                                       "amount_cents FROM deliveries ORDER BY id")).all()
    return members, deliveries


def test_the_demo_cooperative_is_the_same_for_the_same_seed(tmp_path):
    build_demo(str(tmp_path / "a.sqlite"), seed=7, members=40)
    build_demo(str(tmp_path / "b.sqlite"), seed=7, members=40)
    build_demo(str(tmp_path / "c.sqlite"), seed=8, members=40)
    with Book.open(str(tmp_path / "a.sqlite")) as a, Book.open(str(tmp_path / "b.sqlite")) as b, \
            Book.open(str(tmp_path / "c.sqlite")) as c:
        assert snapshot(a) == snapshot(b)
        assert snapshot(a) != snapshot(c)


def test_the_demo_looks_like_a_madre_de_dios_cacao_cooperative(tmp_path):
    build_demo(str(tmp_path / "demo.sqlite"))
    with Book.open(str(tmp_path / "demo.sqlite")) as book:
        members = book.members.page(limit=1000)
        assert len(members) == 150
        assert book.deliveries.count() == 1800
        assert {m.zone_name for m in members} == {"Las Piedras", "Tambopata", "Laberinto", "Inambari", "Planchón"}
        assert {m.gender for m in members} == {"F", "M"}
        assert {m.certification for m in members} == {"organico", "transicion", "convencional"}
        assert book.campaigns.current().code == "2026"
        rows = book.deliveries.page(limit=2000)
        products = {r.product_code for r in rows}
        assert products == {"CACAO-SECO", "CACAO-BABA", "COPOAZU-PULPA", "COPOAZU-GRANO"}
        for r in rows:  # the bulk generator pays exactly what recording the ticket would
            assert r.amount == delivery_amount(r.payable_kg, r.price, r.price_unit)
            assert r.net_kg == r.gross_kg - r.tare_kg
            assert Decimal("0") < r.net_kg < Decimal("400")
        dry = [r.humidity_pct for r in rows if r.product_code == "CACAO-SECO"]
        assert Decimal("6.00") <= min(dry) and max(dry) <= Decimal("8.50")


def test_an_interrupted_demo_leaves_no_half_made_database(tmp_path):
    target = tmp_path / "demo.sqlite"

    def stop(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_demo(str(target), members=10, progress=stop)
    assert not target.exists()
    build_demo(str(target), members=10)
    with Book.open(str(target)) as book:
        assert book.members.count() == 10


def test_a_ticket_typed_in_the_demo_is_graded_and_priced_and_its_baba_counts_dry(tmp_path):
    from datetime import date

    from coopdesk.domain.rules import DeliveryInput

    build_demo(str(tmp_path / "demo.sqlite"), members=40)
    with Book.open(str(tmp_path / "demo.sqlite")) as book:
        assert [(p.code, p.series) for p in book.collection_points.list()] == [
            ("LP", "001"), ("TB", "002"), ("LB", "003"), ("IN", "004"), ("PL", "005"), ("OF", "006")]
        member = next(m for m in book.members.page(limit=100) if m.status == "activo"
                      and m.certification == "organico")
        # 100 kg at 8.5 % (7.5 % standard): 100 × 91.5 / 92.5 = 98.919 kg; 82 % fermented: A, S/ 18.50 + 1.20
        book.deliveries.record(DeliveryInput("001-009001", date(2026, 11, 20), member.code, "CACAO-SECO", 2,
                                             Decimal("100.4"), Decimal("0.4"), Decimal("8.5"), "", None,
                                             fermentation_pct=Decimal("82")))
        row = book.deliveries.page("001-009001")[0]
        assert (row.grade, row.payable_kg, row.price, row.amount) == (
            "A", Decimal("98.919"), Decimal("19.70"), Decimal("1948.70"))
        with book.engine.connect() as conn:
            baba = conn.execute(text("SELECT net_g, equivalent_g FROM deliveries d JOIN products p "
                                     "ON p.id = d.product_id WHERE p.code = 'CACAO-BABA'")).all()
    assert baba and all(eq == (net * 38 * 2 + 100) // 200 for net, eq in baba)


def test_every_demo_ticket_belongs_to_the_collection_point_of_its_series(tmp_path):
    build_demo(str(tmp_path / "demo.sqlite"), members=40)
    with Book.open(str(tmp_path / "demo.sqlite")) as book, book.engine.connect() as conn:
        wrong = conn.execute(text("SELECT COUNT(*) FROM deliveries d LEFT JOIN collection_points p "
                                  "ON p.id = d.collection_point_id WHERE p.series IS NULL OR p.series <> d.series"))
        assert wrong.scalar() == 0


DEMO_CRITERIA = """
[distribucion]
nombre = "Excedentes 2026"
monto = "0"
reserva_minima = 20

[[apropiaciones]]
nombre = "Reserva Cooperativa"
porcentaje = 20
reserva = true

[[apropiaciones]]
nombre = "Fondo de Educación"
porcentaje = 10

[[fondos]]
nombre = "Retorno por el valor entregado"  # cacao seco, en baba and copoazú: a kilo of each is not worth the same
clave = "valor"
porcentaje = 100

[[primas]]
nombre = "Prima de Comercio Justo"
monto = "0"
destino = "Fondo de Prima de Comercio Justo"
porcentaje_socios = 30

[[primas.fondos]]
nombre = "Prima por kilos"
clave = "kg"
porcentaje = 100
solo_producto = ["CACAO-SECO"]               # what the buyers paid a premium for
solo_certificacion = ["organico", "transicion"]
"""


def premium_pen(sales) -> Decimal:
    return sum(((s.premium * s.exchange_rate).quantize(Decimal("0.01"), ROUND_HALF_UP) if s.exchange_rate
                else s.premium) for s in sales if not s.voided)


def test_the_demo_season_posted_balances_and_its_remanente_and_premium_feed_the_distribution(tmp_path):
    from datetime import date
    build_demo(str(tmp_path / "demo.sqlite"), members=60)
    with Book.open(str(tmp_path / "demo.sqlite")) as book:
        trial = book.ledger.trial_balance()
        assert trial.balanced and trial.debit > 0
        sheet = book.ledger.balance_sheet(date(2026, 11, 14))
        assert sheet.balanced
        # every ticket posted: what went into inventory is what was advanced at the scale
        with book.engine.connect() as conn:
            unposted, advanced = conn.execute(text(
                "SELECT SUM(entry_id IS NULL), SUM(amount_cents) FROM deliveries WHERE voided_at IS NULL")).one()
        inventory = sum((r.debit for r in trial.rows if r.code in ("203211", "203212", "203213")), Decimal(0))
        assert (unposted, inventory) == (0, Decimal(advanced).scaleb(-2))
        # the result is the sales less their cost, the expenses and the interest
        sales, expenses = book.sales.list(), book.expenses.list()
        statement = book.ledger.income_statement(2026)
        sold = {r.code: r.balance for r in statement.income}
        costs = {r.code: r.balance for r in statement.expenses}
        assert sold["701311"] + sold["701312"] == sum((s.total_pen for s in sales), Decimal(0)) - premium_pen(sales)
        assert costs["69131"] == sum((s.cost for s in sales), Decimal(0))
        assert sum(costs.values()) - costs["69131"] - costs["673"] == sum(
            (e.amount for e in expenses if e.account != "2524"), Decimal(0))  # the guano is bought, not spent
        assert statement.result == sum(sold.values()) - sum(costs.values()) > 0
        premium = book.ledger.received("46993", 2026, "venta")
        assert premium == premium_pen(sales) > 0
        criteria = book.distributions.with_remanente(DEMO_CRITERIA, 2026)
        assert f'monto = "{statement.result}"  # remanente del ejercicio 2026 (Estado de resultados)' in criteria
        assert f'monto = "{premium}"  # prima recibida en las ventas de 2026 (cuenta 46993)' in criteria
        run = book.distributions.create(criteria)
        # in December the year is still open: the remanente is not there to distribute yet
        assert [p.field for p in book.distributions.publish_problems(run.number)] == ["year"]
        book.clock = FixedClock(date(2027, 1, 20))  # January: the contador closes 2026, the assembly meets
        book.ledger.close_year(2026)
        assert book.distributions.publish_problems(run.number) == []
        book.distributions.approve(run.number, acta="Acta 3-2027", acta_date=date(2027, 1, 18))
        book.distributions.publish(run.number)
        [entry] = [e for e in book.ledger.entries(account="4419") if e.source_kind == "distribucion"]
        by_account: dict[str, Decimal] = {}
        for line in entry.lines:
            by_account[line.account] = by_account.get(line.account, Decimal(0)) + line.debit - line.credit
        result = book.distributions.stored(run.number).result
        reserve, education = (amount for _name, amount in result.appropriations)
        assert (by_account["582"], by_account["46991"]) == (-reserve, -education)
        to_members = sum((p.gross for p in result.payouts.values()), Decimal(0))
        assert by_account["4419"] == -to_members + sum((p.deducted + p.capitalised for p in result.payouts.values()),
                                                       Decimal(0))
        assert by_account["591"] + by_account["46993"] == reserve + education + to_members
        assert book.ledger.trial_balance().balanced
        payables = book.ledger.member_balances("4419")
        assert sum(payables.values()) == next(r.balance for r in book.ledger.trial_balance().rows if r.code == "4419")


def test_the_demo_stores_what_the_rules_compute_as_the_intake_preview_computes_it(tmp_path):
    """Two tickets at the same humidity pay the same share of their net kilos: the demo's dry cacao is
    discounted by its own standard (7.5 %, to dry matter) and graded by its cut test, as a typed ticket is;
    the intake's preview (the computation recording stores) gives every demo ticket's stored figures."""
    from coopdesk.domain.rules import DeliveryInput

    build_demo(str(tmp_path / "demo.sqlite"), members=20)
    with Book.open(str(tmp_path / "demo.sqlite")) as book:
        rows = book.deliveries.page(limit=1000)
        standard = book.prices.standard("CACAO-SECO")
        dry = [r for r in rows if r.product_code == "CACAO-SECO"]
        assert any(r.payable_kg < r.net_kg for r in dry)
        for r in dry:
            assert r.payable_kg == standard.payable_kg(r.net_kg, r.humidity_pct)
            assert r.fermentation_pct is not None
        for r in rows:
            preview = book.deliveries.preview(DeliveryInput(
                r.ticket, r.date, r.member_code, r.product_code, r.sacks, r.gross_kg, r.tare_kg, r.humidity_pct,
                "" if r.product_code == "CACAO-SECO" else r.grade, None, fermentation_pct=r.fermentation_pct))
            found = preview.quote
            assert (found.grade, found.payable_kg, found.equivalent_kg, found.price, found.unit, found.amount) == (
                r.grade, r.payable_kg, r.equivalent_kg, r.price, r.price_unit, r.amount), r.ticket
            assert preview.withheld == r.withheld
    # the two tickets at 8.11 %: 120.100 kg pay 120.100 × 91.89 / 92.5 = 119.308 kg, never the net
    assert standard.payable_kg(Decimal("120.100"), Decimal("8.11")) == Decimal("119.308")


def test_a_tiny_demo_builds_and_its_bank_is_never_overdrawn(tmp_path):
    """Five members and ten tickets sell too little to repay the whole season's
    loan: the bank repays what the sales brought in, the rest stays owed (451)."""
    build_demo(str(tmp_path / "tiny.sqlite"), members=5, deliveries=10)
    with Book.open(str(tmp_path / "tiny.sqlite")) as book:
        with book.engine.connect() as conn:
            bank, loan = (conn.execute(text(
                "SELECT COALESCE(SUM(l.debit_cents - l.credit_cents), 0) FROM journal_lines l "
                "JOIN ledger_accounts a ON a.id = l.account_id WHERE a.code = :code"), {"code": code}).scalar_one()
                for code in ("1041", "451"))
        assert bank >= 0
        assert loan < 0  # part of the loan still owed
        assert book.deliveries.count() == 10
def test_the_demo_has_valid_plots_apart_from_each_other_its_tickets_name_them_and_a_sale_traces_to_them(tmp_path):
    from coopdesk.core import geometry

    build_demo(str(tmp_path / "demo.sqlite"), members=40)
    with Book.open(str(tmp_path / "demo.sqlite")) as book:
        plots = book.plots.all_plots()
        assert len(plots) == 80 and {p.crop for p in plots} == {"cacao", "copoazu"}
        mapped = [p for p in plots if p.geometry]
        assert 60 <= len(mapped) < 80
        shapes = [geometry.from_geojson(p.geometry) for p in mapped]
        assert all(s.geom_type == "Polygon" and s.is_valid for s in shapes)
        for p, s in zip(mapped, shapes):   # inside Madre de Dios, six decimals, the area as an import measures it
            west, south, east, north = s.bounds
            assert -13.4 < south and north < -9.9 and -72.4 < west and east < -68.7
            assert all(len(str(c).split(".")[1]) == 6 for c in json.loads(p.geometry, parse_float=str)[
                "coordinates"][0][0])
            assert abs(p.area_m2 - geometry.area_m2(s)) <= 1   # as an import measures it
        overlaps = geometry.Overlaps(shapes)
        assert [(i, j) for i, s in enumerate(shapes) for j, _a in overlaps.of(s) if j != i] == []
        with book.engine.connect() as conn:
            wrong = conn.execute(text(
                "SELECT count(*) FROM deliveries d JOIN products p ON p.id = d.product_id "
                "JOIN plots pl ON pl.id = d.plot_id WHERE pl.member_id != d.member_id OR pl.crop != p.crop "
                "OR d.plot_id IS NULL")).scalar_one()
        assert wrong == 0
        statuses = book.screenings.statuses()
        assert {s.result for s in statuses} >= {"sin_riesgo", None}
        lots = {r.code: r for r in book.lots.list()}
        assert {"L-2026-001", "L-2026-002", "L-2026-003"} <= set(lots)
        assert lots["L-2026-001"].eu_market and lots["L-2026-001"].entered > 0
        sale = next(s for s in book.sales.list() if s.certification == "organico" and s.product_code == "CACAO-SECO")
        trace = book.lots.trace_sale(sale.id)
        assert trace.plots and not trace.unplotted
        assert all(not s.flagged for s in statuses if s.plot_id in {p.plot_id for p in trace.plots})
        files = book.lots.geojson(sale_id=sale.id)
        assert json.loads(files.texts[0])["features"] and files.plots == len(trace.plots)
