"""Deforestation evidence (issue 17, item 5): a screening file per plot, plots
flagged at risk kept out of lots for the EU unless an override is recorded
with its reason, and the plots field staff must visit, by zone and member."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import text

from coopdesk.core import InvalidInput
from coopdesk.core.errors import BookError
from coopdesk.domain.plots import PlotInput
from coopdesk.i18n import describe
from tests.conftest import cacao, cash_in_hand, rosa
from tests.core.plot_files import SQUARE, feature, geojson, point, polygon

D = Decimal


def refused(call, *args, **kwargs) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        call(*args, **kwargs)
    return [describe(p) for p in caught.value.problems]


def cooperative(book, tmp_path):
    """Rosa (S0001, zone LP, plot 1 «La Loma», a polygon), Luis (S0004, LP, plot 2
    «Quebrada», a point), Juan (S0002, TB, plot 3 «Bajial», not mapped); Luis's
    300 kg and Rosa's 100 kg of baba, Rosa's 120.1 kg of seco."""
    cash_in_hand(book)
    book.members.add(rosa(code="S0004", dni="44567890", first_names="Luis", last_names="Ramos Torres", gender="M"))
    book.plots.import_file(geojson(
        tmp_path / "parcelas.geojson",
        feature(polygon(SQUARE), Socio="S0001", Nombre="La Loma", Cultivo="cacao", Rendimiento=2000),
        feature(point("-69.150123", "-12.600456"), Socio="S0004", Nombre="Quebrada", Cultivo="cacao",
                Hectareas="2.5", Rendimiento=2000)))
    book.plots.add_plot("S0002", PlotInput("cacao", D("1.5"), D("800"), "Bajial"))
    book.deliveries.record(cacao("001-000001", date=date(2026, 3, 4)))
    baba = dict(product_code="CACAO-BABA", gross_kg=D("300"), tare_kg=D("0"), humidity_pct=D("0"), grade="A",
                advance_price=D("6.00"), date=date(2026, 3, 5))
    book.deliveries.record(cacao("001-000002", member_code="S0004", **baba))
    book.deliveries.record(cacao("001-000003", **{**baba, "gross_kg": D("100")}))


SCREENING = ("Parcela;Resultado;Fuente;Fecha\n"
             "S0001-P1;Bajo;Global Forest Watch (GFW);15/11/2026\n"
             "2;Alto;Exportadora del Sur;20/11/2026\n")


def count(book, table: str) -> int:
    with book.read() as session:
        return session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def test_a_screening_file_flags_plots_and_a_flagged_plot_stays_out_of_an_eu_lot_until_an_override(
        sqlite_book, tmp_path):
    book = sqlite_book
    cooperative(book, tmp_path)
    (tmp_path / "evaluacion.csv").write_text(SCREENING, encoding="utf-8")
    result = book.screenings.import_file(tmp_path / "evaluacion.csv")
    assert [(r.plot_id, r.member_code, r.result, r.source, r.screened_on) for r in result.rows] == [
        (1, "S0001", "sin_riesgo", "Global Forest Watch (GFW)", date(2026, 11, 15)),
        (2, "S0004", "riesgo", "Exportadora del Sur", date(2026, 11, 20))]
    assert [(s.plot_id, s.zone_code, s.member_code, s.geometry_kind, s.result, s.flagged)
            for s in book.screenings.statuses()] == [
        (1, "LP", "S0001", "Polygon", "sin_riesgo", False), (2, "LP", "S0004", "Point", "riesgo", True),
        (3, "TB", "S0002", None, None, False)]

    book.lots.create("L-UE-BABA", "CACAO-BABA", "organico", date(2026, 3, 10), eu_market=True)
    assert book.lots.add_ticket("L-UE-BABA", "001-000003") == D("100.000")
    assert refused(book.lots.add_ticket, "L-UE-BABA", "001-000002") == [
        "El ticket 001-000002 viene de la parcela «Quebrada» (n.° 2) de Ramos Torres, Luis (S0004), cuya última "
        "evaluación de deforestación dice «riesgo» (Exportadora del Sur, 20/11/2026): no entra en el lote "
        "L-UE-BABA para la UE sin una excepción registrada con su motivo (coopdesk plots override)."]
    assert count(book, "lot_tickets") == 1
    # a lot not for the EU takes it
    book.lots.create("L-BABA", "CACAO-BABA", "organico", date(2026, 3, 10))
    assert book.lots.add_ticket("L-BABA", "001-000002", D("200")) == D("200.000")
    # nor through a transformation: the flagged plot is upstream
    book.lots.create("L-UE-SECO", "CACAO-SECO", "organico", date(2026, 3, 12), eu_market=True)
    assert refused(book.lots.add_from_lot, "L-UE-SECO", "L-BABA") == [
        "La parcela «Quebrada» (n.° 2) de Ramos Torres, Luis (S0004), cuya última evaluación de deforestación dice "
        "«riesgo» (Exportadora del Sur, 20/11/2026), aporta al lote L-UE-SECO para la UE sin una excepción "
        "registrada con su motivo (coopdesk plots override)."]
    assert count(book, "lot_sources") == 0

    assert refused(book.screenings.override, 2, "  ") == [
        "Diga el motivo de la excepción (por ejemplo la visita de campo, su fecha y quién la hizo)."]
    assert refused(book.screenings.override, 1, "x") == [
        "La parcela n.° 1 no tiene riesgo de deforestación en su última evaluación: no necesita excepción."]
    book.screenings.override(2, "Visita de campo del 25/11/2026: cacao bajo sombra desde 2015, sin tala")
    status = book.screenings.statuses("S0004")[0]
    assert (status.at_risk, status.flagged, status.override_by) == (True, False, "admin")
    assert book.lots.add_ticket("L-UE-BABA", "001-000002") == D("100.000")
    assert book.lots.add_from_lot("L-UE-SECO", "L-BABA", D("100")) == D("38.000")
    assert [(r.code, r.eu_market) for r in book.lots.list()] == [
        ("L-UE-BABA", True), ("L-BABA", False), ("L-UE-SECO", True)]

    # the override is audited and kept
    with book.read() as session:
        action, after = session.execute(text(
            "SELECT action, after FROM audit_log WHERE table_name = 'risk_overrides'")).one()
    assert action == "alta" and "cacao bajo sombra" in after
    with book.engine.connect() as conn:
        for statement in ("UPDATE risk_overrides SET reason = 'otro'", "DELETE FROM plot_screenings"):
            with pytest.raises(Exception, match="no se modifican ni se borran"):
                conn.execute(text(statement))
        # the lots' trail records the new column
        assert '"eu_market":1' in conn.execute(text(
            "SELECT after FROM audit_log WHERE table_name = 'lots' ORDER BY id LIMIT 1")).scalar_one()
    assert refused(book.screenings.override, 2, "otra vez") == [
        "La parcela n.° 2 ya tiene una excepción para su última evaluación (admin: «Visita de campo del "
        "25/11/2026: cacao bajo sombra desde 2015, sin tala»)."]

    # a newer screening at risk needs a new override
    (tmp_path / "nueva.csv").write_text("Parcela,Resultado,Fecha\nP2,no concluyente,01/12/2026\n", encoding="utf-8")
    book.screenings.import_file(tmp_path / "nueva.csv", source="SERFOR")
    status = book.screenings.statuses("S0004")[0]
    assert (status.result, status.source, status.flagged) == ("revisar", "SERFOR", True)
    assert len(refused(book.lots.add_from_lot, "L-UE-SECO", "L-BABA", D("10"))) == 1
    # nor the buyer's file, even though its kilos went in under the earlier override
    assert refused(book.lots.geojson, "l-ue-seco") == [
        "La parcela «Quebrada» (n.° 2) de Ramos Torres, Luis (S0004), cuya última evaluación de deforestación dice "
        "«revisar» (SERFOR, 01/12/2026), aporta al lote L-UE-SECO para la UE sin una excepción registrada con su "
        "motivo (coopdesk plots override)."]
    book.screenings.override(2, "Segunda visita del 03/12/2026: sin tala")
    assert book.lots.geojson("L-UE-SECO").plots == 1


def test_a_broken_screening_file_names_each_row_and_changes_nothing(sqlite_book, tmp_path):
    book = sqlite_book
    cooperative(book, tmp_path)
    (tmp_path / "mala.csv").write_text(
        "Parcela;Resultado;Fuente;Fecha\n"
        "S0002-P1;Bajo;GFW;15/11/2026\n"
        "9;Alto;GFW;15/11/2026\n"
        "Bajial;Alto;GFW;15/11/2026\n"
        "2;quizás;GFW;15/11/2026\n"
        "3;Alto;;15/11/2026\n"
        "3;Alto;GFW;31/12/2026\n"
        "1;bajo;GFW;ayer\n", encoding="utf-8")
    assert refused(book.screenings.import_file, tmp_path / "mala.csv") == [
        "fila 2: la parcela n.° 1 es de S0001, no de S0002: revise el archivo.",
        "fila 3: no existe la parcela n.° 9.",
        "fila 4: «Bajial» no es una parcela: escriba su número (12) o el lugar de producción del archivo para la UE "
        "(S0001-P12).",
        "fila 5: el resultado «quizás» no se entiende: escriba sin riesgo (bajo, low), riesgo (alto, high) o "
        "revisar (medio, no concluyente).",
        "fila 6: no dice la fuente del resultado (columna «Fuente», o la fuente del archivo entero).",
        "fila 7: la parcela n.° 3 ya está en fila 6.",
        "fila 7: la fecha 31/12/2026 es posterior a hoy.",
        "fila 8: la fecha «ayer» no se entiende: escríbala como 31/12/2026."]
    assert count(book, "plot_screenings") == 0
    (tmp_path / "sin.csv").write_text("Socio;Riesgo\nS0001;bajo\n", encoding="utf-8")
    with pytest.raises(BookError) as caught:
        book.screenings.import_file(tmp_path / "sin.csv")
    assert describe(caught.value.problem) == (
        "El archivo sin.csv no tiene las columnas «Parcela» y «Resultado» (o «plot» y «result»): coopdesk no "
        "sabe de qué parcela es cada resultado.")
    # a GeoJSON returned by the screening service: its features' properties, by element
    geojson(tmp_path / "gfw.geojson",
            feature(point("-69.150123", "-12.600456"), ProductionPlace="S0004-P2", risk="low", source="GFW"),
            feature(point("-69.150123", "-12.600456"), ProductionPlace="S0001-P7", risk="high", source="GFW"))
    assert refused(book.screenings.import_file, tmp_path / "gfw.geojson") == ["elemento 2: no existe la parcela n.° 7."]
    (tmp_path / "rota.geojson").write_text('{"type": "FeatureCollection",\n "features": [', encoding="utf-8")
    with pytest.raises(BookError) as caught:
        book.screenings.import_file(tmp_path / "rota.geojson")
    assert describe(caught.value.problem) == "El archivo rota.geojson no es un GeoJSON válido: está dañado en la línea 2."
    assert count(book, "plot_screenings") == 0


def test_the_plots_to_visit_by_zone_and_member(sqlite_book, tmp_path):
    book = sqlite_book
    cooperative(book, tmp_path)
    book.plots.add_plot("S0003", PlotInput("cacao", D("0.8"), D("900"), "Chonta"))
    geojson(tmp_path / "gfw.geojson",
            feature(point("-69.150123", "-12.600456"), ProductionPlace="S0004-P2", risk="high", source="GFW"),
            feature(point("-69.150123", "-12.600456"), ProductionPlace="S0001-P1", risk="low", source="GFW"),
            feature(point("-69.150123", "-12.600456"), ProductionPlace="S0002-P3", risk="low", source="GFW"))
    assert book.screenings.import_file(tmp_path / "gfw.geojson").count("riesgo") == 1
    pending = book.screenings.pending()
    assert [(p.zone_code, p.member_code, p.plot_id, p.name, p.geometry_kind, p.result) for p in pending] == [
        ("LP", "S0003", 4, "Chonta", None, None),
        ("LP", "S0004", 2, "Quebrada", "Point", "riesgo"),
        ("TB", "S0002", 3, "Bajial", None, "sin_riesgo")]
    assert [p.plot_id for p in book.screenings.pending("tb")] == [3]
