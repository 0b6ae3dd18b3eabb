"""Deliveries from plots: the ticket names its plot (the member's only one of the
crop by default), imports read a plot column, the plot is sealed with the ticket,
and the yield guard compares each plot's kilos per hectare with its crop's norm."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import text

from coopdesk.core import InvalidInput
from coopdesk.i18n import describe
from coopdesk.domain.plots import PlotInput
from tests.conftest import cacao, cash_in_hand

D = Decimal


def plots(book, *names, hectares="0.20"):
    for name in names:
        book.plots.add_plot("S0001", PlotInput("cacao", D(hectares), D("2000"), name))  # no organic warning


def refused(book, data) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        book.deliveries.record(data)
    return [describe(p) for p in caught.value.problems]


def test_the_ticket_comes_from_the_members_only_plot_of_the_crop_or_from_none(book):
    cash_in_hand(book)
    book.plots.add_plot("S0001", PlotInput("cafe", D("1.00"), D("600"), "Cafetal"))
    first = book.deliveries.record(cacao()).deliveries[0]
    assert (book.deliveries.get(first).plot_id, book.deliveries.get(first).plot_name) == (None, "")  # no cacao plot
    plots(book, "La Loma")
    second = book.deliveries.record(cacao("001-000002")).deliveries[0]
    row = book.deliveries.get(second)
    assert (row.plot_id, row.plot_name) == (2, "La Loma")


def test_with_several_plots_the_clerk_names_one_by_number_or_name(book):
    cash_in_hand(book)
    plots(book, "La Loma", "Bajial")
    assert refused(book, cacao()) == [
        "Quispe Mamani, Rosa (S0001) tiene 2 parcelas de Cacao: «La Loma» (n.° 1), «Bajial» (n.° 2). Diga de cuál "
        "viene esta entrega."]
    assert refused(book, cacao(plot="Alta")) == [
        "Quispe Mamani, Rosa (S0001) no tiene la parcela «Alta» de Cacao; sus parcelas de Cacao son: «La Loma» "
        "(n.° 1), «Bajial» (n.° 2)."]
    assert refused(book, cacao(member_code="S0002", plot="La Loma")) == [
        "Condori Apaza, Juan (S0002) no tiene parcelas de Cacao registradas: registre la parcela antes de nombrarla "
        "en el ticket."]
    by_name = book.deliveries.record(cacao(plot="bajial")).deliveries[0]
    by_number = book.deliveries.record(cacao("001-000002", plot="1")).deliveries[0]
    assert [book.deliveries.get(i).plot_name for i in (by_name, by_number)] == ["Bajial", "La Loma"]


def test_the_plot_is_sealed_with_the_ticket_and_in_its_audit_record(sqlite_book):
    cash_in_hand(sqlite_book)
    plots(sqlite_book, "La Loma", "Bajial")
    sqlite_book.deliveries.record(cacao(plot="La Loma"))
    with sqlite_book.engine.connect() as conn:
        with pytest.raises(Exception, match="una entrega registrada no se modifica"):
            conn.execute(text("UPDATE deliveries SET plot_id = 2 WHERE id = 1"))
        after = conn.execute(text("SELECT after FROM audit_log WHERE table_name = 'deliveries' "
                                  "AND action = 'alta'")).scalar()
    assert '"plot_id":1' in after


def test_an_import_reads_the_plot_column_and_refuses_a_row_that_does_not_say(sqlite_book, tmp_path):
    cash_in_hand(sqlite_book)
    plots(sqlite_book, "La Loma", "Bajial")
    path = tmp_path / "entregas.csv"
    path.write_text("Ticket,Fecha,Código socio,Producto,Kg bruto,Humedad,Calidad,Precio,Parcela\n"
                    "001-000001,04/03/2026,S0001,CACAO-SECO,100,7,A,18.50,Bajial\n"
                    "001-000002,04/03/2026,S0001,CACAO-SECO,100,7,A,18.50,\n", encoding="utf-8")
    plan = sqlite_book.imports.deliveries(path, dry_run=True)
    assert [(p.row, describe(p.problem)) for p in plan.problems] == [
        (3, "Quispe Mamani, Rosa (S0001) tiene 2 parcelas de Cacao: «La Loma» (n.° 1), «Bajial» (n.° 2). Diga de "
            "cuál viene esta entrega.")]
    path.write_text(path.read_text(encoding="utf-8").replace("18.50,\n", "18.50,2\n"), encoding="utf-8")
    sqlite_book.imports.deliveries(path)
    rows = sqlite_book.deliveries.page(text="", limit=10)
    assert sorted((r.ticket, r.plot_name) for r in rows) == [("001-000001", "Bajial"), ("001-000002", "Bajial")]


def test_the_yield_guard_warns_when_a_plot_passes_its_crops_norm_per_hectare(book):
    cash_in_hand(book)
    plots(book, "La Loma", "Bajial")  # 0.20 ha each
    book.deliveries.record(cacao(plot="La Loma"))  # 120.100 kg: 600.50 kg/ha
    assert book.deliveries.warnings(cacao("001-000002", plot="La Loma")) == []  # no norm yet
    book.plots.set_yield_norm("cacao", date(2026, 1, 1), D("1000"), "Acuerdo del Consejo, acta 12-2026")
    assert book.deliveries.warnings(cacao("001-000002", plot="Bajial")) == []
    assert [describe(w) for w in book.deliveries.warnings(cacao("001-000002", plot="La Loma"))] == [
        "La parcela «La Loma» de Quispe Mamani, Rosa (S0001) tiene 0.20 ha: con este ticket sus entregas de Cacao en "
        "la campaña 2026 suman 240.200 kg, 1,201.00 kg por hectárea, más que la norma de 1,000 kg/ha por campaña "
        "(vigente desde el 01/01/2026)."]
    book.deliveries.record(cacao("001-000002", plot="La Loma"))  # the guard warns; it never refuses
    book.deliveries.record(cacao("001-000003", plot="Bajial"))
    assert [(r.plot_name, r.hectares, r.total, r.per_hectare) for r in book.plots.over_norm()] == [
        ("La Loma", D("0.20"), D("240.200"), D("1201.00"))]
    # a later norm, in force at the campaign's close, replaces it
    book.plots.set_yield_norm("cacao", date(2026, 6, 1), D("1250.5"), "Estudio de rendimientos 2026")
    assert book.plots.over_norm() == []
    assert [(n.crop, n.valid_from, n.kg_per_ha) for n in book.plots.yield_norms()] == [
        ("cacao", date(2026, 1, 1), D("1000.000")), ("cacao", date(2026, 6, 1), D("1250.500"))]
    with pytest.raises(InvalidInput) as caught:
        book.plots.set_yield_norm("cacao", date(2026, 1, 1), D("0"), "")
    assert [p.field for p in caught.value.problems] == ["kg_per_ha", "source"]
