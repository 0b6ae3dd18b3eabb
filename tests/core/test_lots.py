"""Lots and mass balance on a real SQLite book with plots imported from GeoJSON:
tickets into lots, baba → grano seco at the stock's factor, a sale made of lots,
the trace back to tickets, members and plots, and forward from a ticket."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import text

from coopdesk.core import InvalidInput
from coopdesk.domain.sales import SaleInput
from coopdesk.i18n import describe
from tests.conftest import cacao, cash_in_hand, rosa
from tests.core.plot_files import SQUARE, feature, geojson, point, polygon

D = Decimal


def refused(call, *args, **kwargs) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        call(*args, **kwargs)
    return [describe(p) for p in caught.value.problems]


def cooperative_with_lots(book, tmp_path):
    """Rosa (S0001, «La Loma», a 1.20 ha polygon) and Luis (S0004, «Quebrada», a
    point of 2.5 ha); three organic tickets: Rosa 120.1 kg seco, Luis 300 kg baba,
    Rosa 100 kg baba. L-BABA (400 kg baba) → L-SECO (120.1 kg seco + 400 × 0.38 =
    152 kg) → sale 1 of 250 kg."""
    cash_in_hand(book)
    book.members.add(rosa(code="S0004", dni="44567890", first_names="Luis", last_names="Ramos Torres", gender="M"))
    book.plots.import_file(geojson(
        tmp_path / "parcelas.geojson",
        feature(polygon(SQUARE), Socio="S0001", Nombre="La Loma", Cultivo="cacao", Rendimiento=2000),
        feature(point("-69.150123", "-12.600456"), Socio="S0004", Nombre="Quebrada", Cultivo="cacao",
                Hectareas="2.5", Rendimiento=2000)))
    book.deliveries.record(cacao("001-000001", date=date(2026, 3, 4)))
    baba = dict(product_code="CACAO-BABA", gross_kg=D("300"), tare_kg=D("0"), humidity_pct=D("0"), grade="A",
                advance_price=D("6.00"), date=date(2026, 3, 5))
    book.deliveries.record(cacao("001-000002", member_code="S0004", **baba))
    book.deliveries.record(cacao("001-000003", **{**baba, "gross_kg": D("100")}))
    book.lots.create("L-BABA", "CACAO-BABA", "organico", date(2026, 3, 10))
    assert book.lots.add_ticket("L-BABA", "001-000002") == D("300.000")
    assert book.lots.add_ticket("L-BABA", "001-000003", D("100")) == D("100.000")
    book.lots.create("L-SECO", "CACAO-SECO", "organico", date(2026, 3, 12), "Almacén central")
    assert book.lots.add_ticket("L-SECO", "001-000001") == D("120.100")
    assert book.lots.add_from_lot("L-SECO", "L-BABA") == D("152.000")
    sale = book.sales.record(SaleInput(date(2026, 4, 10), "Exportadora del Sur", "CACAO-SECO", "organico", D("250"),
                                       D("20.0000"), contract="C-2026-07", invoice="F001-000045"))
    assert book.lots.attach(sale, "L-SECO") == D("250.000")
    return sale


def test_lots_keep_their_balance_and_a_sale_traces_back_to_tickets_members_and_plots(sqlite_book, tmp_path):
    sale = cooperative_with_lots(sqlite_book, tmp_path)
    balances = {r.code: (r.product_code, r.entered, r.shipped, r.available) for r in sqlite_book.lots.list()}
    assert balances == {"L-BABA": ("CACAO-BABA", D("400.000"), D("400.000"), D("0.000")),
                        "L-SECO": ("CACAO-SECO", D("272.100"), D("250.000"), D("22.100"))}
    trace = sqlite_book.lots.trace_sale(sale)
    assert [lot.code for lot in trace.lots] == ["L-BABA", "L-SECO"]
    assert [(s.lot_code, s.from_code, s.taken, s.factor, s.made) for s in trace.sources] == [
        ("L-SECO", "L-BABA", D("400.000"), D("0.38"), D("152.000"))]
    assert [(t.lot_code, t.ticket, t.member_code, t.plot_name, t.kg, t.equivalent) for t in trace.tickets] == [
        ("L-BABA", "001-000002", "S0004", "Quebrada", D("300.000"), D("114.000")),
        ("L-BABA", "001-000003", "S0001", "La Loma", D("100.000"), D("38.000")),
        ("L-SECO", "001-000001", "S0001", "La Loma", D("120.100"), D("120.100"))]
    assert [(p.member_code, p.name, p.hectares, p.area_m2, p.geometry_kind, p.kg) for p in trace.plots] == [
        ("S0001", "La Loma", D("1.20"), 12021, "Polygon", D("158.100")),
        ("S0004", "Quebrada", D("2.50"), None, "Point", D("114.000"))]
    assert [(m.code, m.name, m.kg, m.plots) for m in trace.members] == [
        ("S0001", "Quispe Mamani, Rosa", D("158.100"), 1), ("S0004", "Ramos Torres, Luis", D("114.000"), 1)]
    assert trace.sale.buyer == "Exportadora del Sur" and trace.unplotted == []


def test_a_ticket_is_traced_forward_to_its_lots_and_the_sale_that_carried_it(sqlite_book, tmp_path):
    sale = cooperative_with_lots(sqlite_book, tmp_path)
    forward = sqlite_book.lots.forward("001-000003")
    assert [(t.lot_code, t.kg) for t in forward.lots] == [("L-BABA", D("100.000"))]
    assert [(s.from_code, s.lot_code, s.made) for s in forward.later] == [("L-BABA", "L-SECO", D("152.000"))]
    assert [(s.sale_id, s.buyer, s.lot_code, s.kg) for s in forward.sales] == [
        (sale, "Exportadora del Sur", "L-SECO", D("250.000"))]


def test_mass_balance_refusals_name_the_figures_and_change_nothing(sqlite_book, tmp_path):
    sale = cooperative_with_lots(sqlite_book, tmp_path)
    with sqlite_book.engine.connect() as conn:
        before = [conn.execute(text(f"SELECT * FROM {t} ORDER BY id")).all()
                  for t in ("lots", "lot_tickets", "lot_sources", "sale_lots")]
    assert refused(sqlite_book.lots.add_ticket, "L-SECO", "001-000001", D("0.001")) == [
        "El ticket 001-000001 tiene 120.100 kg pagables y ya puso 120.100 kg en lotes: le quedan 0.000 kg, no 0.001 kg."]
    assert refused(sqlite_book.lots.add_ticket, "L-BABA", "001-000001") == [
        "El ticket 001-000001 es de Cacao grano seco y el lote L-BABA de Cacao en baba: un lote guarda un solo "
        "producto; para pasar de una forma a otra, haga un lote de la otra forma con este lote como origen."]
    second = sqlite_book.sales.record(SaleInput(date(2026, 4, 11), "Otro comprador", "CACAO-SECO", "organico",
                                                D("22"), D("20.0000")))
    assert refused(sqlite_book.lots.attach, sale, "L-SECO", D("1")) == [
        "La venta 1 es de 250.000 kg y ya tiene 250.000 kg de lotes: le faltan 0.000 kg, no 1.000 kg."]
    assert refused(sqlite_book.lots.attach, second, "L-SECO", D("22.2")) == [
        "La venta 2 es de 22.000 kg y ya tiene 0.000 kg de lotes: le faltan 22.000 kg, no 22.200 kg."]
    sqlite_book.lots.create("L-SECO-2", "CACAO-SECO", "organico", date(2026, 3, 20))
    assert refused(sqlite_book.lots.add_from_lot, "L-SECO-2", "L-SECO", D("22.2")) == [
        "Balance de masa: el lote L-SECO recibió 272.100 kg y ya despachó 250.000 kg; le quedan 22.100 kg, no "
        "22.200 kg."]
    assert refused(sqlite_book.lots.add_from_lot, "L-BABA", "L-SECO") == [
        "El lote L-BABA solo puede recibir de un lote creado antes que él; L-SECO no lo es.",
        "El lote L-SECO es del 12/03/2026, después del lote L-BABA (10/03/2026).",
        "No hay factor de conversión de Cacao grano seco a Cacao en baba: un lote pasa de una forma a la forma en "
        "que se guarda (baba a grano seco, cereza a pergamino, fruto a pulpa) o se junta con lotes del mismo "
        "producto."]
    assert refused(sqlite_book.deliveries.void, "001-000002", "error") == [
        "El ticket 001-000002 está en el lote L-BABA: sus kilos ya son parte del balance de masa del lote y de lo "
        "que despachó, y no se anula."]
    with sqlite_book.engine.connect() as conn:
        after = [conn.execute(text(f"SELECT * FROM {t} ORDER BY id")).all()
                 for t in ("lots", "lot_tickets", "lot_sources", "sale_lots")]
    assert after[0][:2] == before[0] and after[1:] == before[1:]
    # a voided sale gives its kilos back to the lot
    sqlite_book.sales.void(sale, "factura equivocada")
    assert sqlite_book.lots.show("L-SECO").lot.available == D("272.100")


def test_lot_rows_are_records_never_changed_or_deleted(sqlite_book, tmp_path):
    cooperative_with_lots(sqlite_book, tmp_path)
    with sqlite_book.engine.connect() as conn:
        for statement in ("UPDATE lot_tickets SET kg_g = 1", "DELETE FROM sale_lots", "UPDATE lots SET code = 'X'"):
            with pytest.raises(Exception, match="no se modifican ni se borran"):
                conn.execute(text(statement))
        audited = conn.execute(text("SELECT table_name, count(*) FROM audit_log WHERE table_name IN "
                                    "('lots', 'lot_tickets', 'lot_sources', 'sale_lots') GROUP BY table_name "
                                    "ORDER BY table_name")).all()
    assert audited == [("lot_sources", 1), ("lot_tickets", 3), ("lots", 2), ("sale_lots", 1)]


def test_the_buyers_dds_references_are_kept_per_sale(sqlite_book, tmp_path):
    sale = cooperative_with_lots(sqlite_book, tmp_path)
    sqlite_book.lots.record_reference(sale, "26PEXY12345678", "ABCD1234", "Contenedor MSKU 123456-7")
    assert refused(sqlite_book.lots.record_reference, sale, "26PEXY12345678") == [
        "La venta 1 ya tiene la referencia 26PEXY12345678."]
    assert refused(sqlite_book.lots.record_reference, sale, " ") == [
        "Escriba el número de referencia de la declaración de debida diligencia que le dio el comprador."]
    assert [(r.sale_id, r.reference, r.verification, r.note) for r in sqlite_book.lots.references(sale)] == [
        (1, "26PEXY12345678", "ABCD1234", "Contenedor MSKU 123456-7")]


def test_the_tickets_a_lot_may_still_take_are_offered_with_their_kilos_left(sqlite_book, tmp_path):
    """Only tickets of the lot's product and certification, dated on or before it,
    not voided and with payable kilos left, the most recent first."""
    cooperative_with_lots(sqlite_book, tmp_path)
    book = sqlite_book
    baba = dict(product_code="CACAO-BABA", gross_kg=D("80"), tare_kg=D("0"), humidity_pct=D("0"), grade="A",
                advance_price=D("6.00"))
    book.deliveries.record(cacao("001-000004", date=date(2026, 3, 14), **baba))            # after the lot's date
    book.deliveries.record(cacao("001-000005", date=date(2026, 3, 8), **baba))
    book.deliveries.record(cacao("001-000006", date=date(2026, 3, 9), member_code="S0004", **baba))
    book.deliveries.record(cacao("001-000007", date=date(2026, 3, 9), certification="convencional",
                                  certification_note="mezclado con cacao de un vecino", **baba))
    book.deliveries.record(cacao("001-000008", date=date(2026, 3, 7), **baba))
    book.deliveries.void("001-000008", "pesado dos veces")
    book.lots.create("L-BABA-2", "CACAO-BABA", "organico", date(2026, 3, 12))
    offered = book.lots.candidates("L-BABA-2")
    assert [(c.ticket, c.date, c.member_code, c.member_name, c.plot_name, c.left) for c in offered] == [
        ("001-000006", date(2026, 3, 9), "S0004", "Ramos Torres, Luis", "Quebrada", D("80.000")),
        ("001-000005", date(2026, 3, 8), "S0001", "Quispe Mamani, Rosa", "La Loma", D("80.000"))]
    # 001-000002 and 001-000003 (the first lot took all their kilos) are not offered


def test_several_tickets_go_into_a_lot_all_or_none(sqlite_book, tmp_path):
    cooperative_with_lots(sqlite_book, tmp_path)
    book = sqlite_book
    baba = dict(product_code="CACAO-BABA", gross_kg=D("80"), tare_kg=D("0"), humidity_pct=D("0"), grade="A",
                advance_price=D("6.00"), date=date(2026, 3, 8))
    book.deliveries.record(cacao("001-000005", **baba))
    book.deliveries.record(cacao("001-000006", member_code="S0004", **baba))
    book.lots.create("L-BABA-2", "CACAO-BABA", "organico", date(2026, 3, 12))
    # one bad ticket among good ones: nothing goes in, and every problem is said
    assert refused(book.lots.add_tickets, "L-BABA-2", [("001-000005", None), ("001-000002", None),
                                                       ("001-000099", None), ("001-000006", D("90"))]) == [
        "El ticket 001-000002 ya puso en lotes todos sus 300.000 kg pagables.",
        "No existe el ticket 001-000099.",
        "El ticket 001-000006 tiene 80.000 kg pagables y ya puso 0.000 kg en lotes: le quedan 80.000 kg, no "
        "90.000 kg."]
    assert book.lots.show("L-BABA-2").tickets == []
    assert book.lots.add_tickets("L-BABA-2", [("001-000005", None), ("001-000006", D("30.5"))]) == D("110.500")
    assert [(t.ticket, t.kg) for t in book.lots.show("L-BABA-2").tickets] == [
        ("001-000005", D("80.000")), ("001-000006", D("30.500"))]
    assert refused(book.lots.add_tickets, "L-BABA-2", []) == ["Elija al menos un ticket para el lote."]
