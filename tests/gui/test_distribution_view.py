"""Distribución as the treasurer works it: the worked example of docs/criteria.md
over a season of three members (Rosa 600 kg, Juan 300 kg, Pedro 100 kg), computed
through the criteria dialog, read in the table to the céntimo, filtered, sorted,
traced member by member, approved, published, paid, corrected and compared."""

from __future__ import annotations

import re
import time
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from coopdesk.core import Book
from coopdesk.domain.rules import DeliveryInput
from coopdesk.i18n import describe
from coopdesk.gui.kit import printing
from coopdesk.gui.distribution.changes_dialog import ChangesDialog
from coopdesk.gui.distribution.criteria_dialog import CriteriaDialog, template
from coopdesk.gui.distribution.distribution_dialogs import ApproveDialog, CompareDialog, PaymentDialog, TraceDialog
from coopdesk.gui.distribution.distribution_view import DistributionView, line_columns
from coopdesk.gui.kit.rows import RowsModel

from .conftest import answering, cells, wait_idle

from tests.conftest import TODAY, cash_in_hand, remanente_in_the_books

@pytest.fixture(autouse=True)
def caja(db):
    """Money in Caja (S/ 200,000.00) and the bank before the app opens the book: the tickets pay advances."""
    with Book.open(str(db)) as book:
        cash_in_hand(book)

BY_KG_ONLY = template(2026).replace('clave = "valor"', 'clave = "kg"').replace(
    "porcentaje = 80", "porcentaje = 100").replace(
    'nombre = "Parte igual"\nclave = "partes_iguales"\nporcentaje = 20\n', 'nombre = "Parte igual"\nclave = '
    '"partes_iguales"\nmonto = "0.00"\n')


@pytest.fixture(autouse=True)
def documents(monkeypatch, tmp_path) -> Path:
    """Liquidations and summaries go to a temporary Documents folder."""
    monkeypatch.setattr(printing, "statements_folder", lambda: tmp_path / "Documentos" / "Estados de cuenta")
    return tmp_path / "Documentos"


def soles(text: str) -> str:
    return f"S/\u00a0{text}"


def delivery(ticket: str, code: str, kg: str) -> DeliveryInput:
    return DeliveryInput(ticket=ticket, date=date(2026, 3, 4), member_code=code, product_code="CACAO-SECO", sacks=2,
                         gross_kg=D(kg) + D("0.4"), tare_kg=D("0.4"), humidity_pct=D("7.2"), grade="A",
                         advance_price=D("18.50"))


def on_worker(qtbot, runner, fn):
    """Run ``fn(book)`` where the book lives (the worker) and return its result."""
    out = []
    runner.run(fn, out.append)
    wait_idle(qtbot, runner)
    return out[0] if out else None


@pytest.fixture
def season(qtbot, runner):
    """Rosa (S001) 600 kg, Juan (S002) 300 kg, Pedro (S003) 100 kg of dry cacao, and
    S/ 100,000.00 of excedentes of earlier years in 591 to distribute."""
    def record(book):
        remanente_in_the_books(book)
        for ticket, code, kg in (("001-1", "S001", "600"), ("001-2", "S002", "300"), ("001-3", "S003", "100")):
            book.deliveries.record(delivery(ticket, code, kg))
    on_worker(qtbot, runner, record)


def open_view(qtbot, runner) -> DistributionView:
    view = DistributionView(runner)
    qtbot.addWidget(view)
    view.resize(1200, 760)
    view.show()
    wait_idle(qtbot, runner)
    return view


def stored_run(qtbot, runner, view, text=None, approve=False, publish=False, name=None):
    def make(book):
        run = book.distributions.create(text or template(2026), name=name)
        if approve or publish:
            book.distributions.approve(run.number, "Acta 12-2026", TODAY)
        if publish:
            book.distributions.publish(run.number)
        return book.distributions.get(run.number)
    run = on_worker(qtbot, runner, make)
    view.select_when_loaded(run.number)
    view.reload()
    wait_idle(qtbot, runner)
    return run


def select_member(view, code: str) -> None:
    row = view.lines_model.row_of(lambda line: line.member_code == code)
    view.lines.selectRow(row)


def lines_of(view) -> list[tuple[str, ...]]:
    return [cells(view.lines_model, r) for r in range(view.lines_model.rowCount())]


def test_a_run_computed_in_the_dialog_shows_every_members_amounts_to_the_centimo(qtbot, runner, season):
    view = open_view(qtbot, runner)
    assert view.header.title.text() == "Todavía no hay distribuciones. Cree una con «Nueva distribución…»."

    def steps(dialog: CriteriaDialog):
        assert dialog.windowTitle() == "Nueva distribución"
        assert dialog.verdict.text() == "Los criterios están completos."
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    with answering(CriteriaDialog, steps):
        view.new_button.click()
    qtbot.waitUntil(lambda: view.lines_model.rowCount() == 3 and not runner.busy, timeout=20_000)
    assert cells(view.runs_model, 0) == ("1", f"Distribución de excedentes {TODAY.year}", "2026", "Borrador",
                                         soles("10,000.00"), soles("6,500.00"), "0 de 3", "—")
    zero = soles("0.00")
    assert lines_of(view) == [
        ("S002", "Apaza Flores, Juan", "Tambopata", soles("1,993.33"), zero, zero, zero, soles("1,993.33"), ""),
        ("S003", "Quispe Huamán, Pedro", "Las Piedras", soles("953.33"), zero, zero, zero, soles("953.33"), ""),
        ("S001", "Quispe Mamani, Rosa", "Las Piedras", soles("3,553.34"), zero, zero, zero, soles("3,553.34"), ""),
    ]
    assert view.header.title.text() == f"Distribución N.º 1: Distribución de excedentes {TODAY.year}"
    assert view.header.code.text() == "Borrador: sin código"
    for figure in ("Monto a distribuir", soles("10,000.00"), "Reserva Cooperativa", soles("2,000.00"),
                   "Fondo de Educación", soles("1,000.00"), "Fondo de Previsión Social", soles("500.00"),
                   "Para los socios", soles("6,500.00")):
        assert figure in view.header.money.text()
    assert "Retorno por lo entregado" in view.header.pots.text() and soles("5,200.00") in view.header.pots.text()
    assert "Parte igual" in view.header.pots.text() and soles("1,300.00") in view.header.pots.text()
    assert view.totals.text() == (f"<b>Total de 3 socios:</b> bruto {soles('6,500.00')} · capitalizado {zero} · "
                                  f"retenido {zero} · descuentos {zero} · <b>neto a pagar {soles('6,500.00')}</b>")
    assert view.approve_button.isEnabled() and view.discard_button.isEnabled()
    assert not view.publish_button.isEnabled() and not view.correct_button.isEnabled()
    assert not view.print_button.isEnabled() and not view.compare_button.isEnabled()


def test_the_filter_ignores_accents_and_the_total_follows_it(qtbot, runner, season):
    view = open_view(qtbot, runner)
    stored_run(qtbot, runner, view)
    qtbot.keyClicks(view.search, "quispe huaman")
    qtbot.waitUntil(lambda: view.lines_model.rowCount() == 1, timeout=20_000)
    assert lines_of(view)[0][:2] == ("S003", "Quispe Huamán, Pedro")
    assert view.totals.text().startswith("<b>Total de 1 socio:</b> bruto " + soles("953.33"))
    view.search.setText("PIEDRAS")
    view.filter_now()
    assert [row[0] for row in lines_of(view)] == ["S003", "S001"]
    assert view.totals.text().endswith(f"<b>neto a pagar {soles('4,506.67')}</b>")
    view.search.clear()
    view.filter_now()
    assert view.lines_model.rowCount() == 3


def test_sorting_by_neto_a_pagar_sorts_amounts_as_numbers(qtbot, runner, season):
    view = open_view(qtbot, runner)
    stored_run(qtbot, runner, view)
    view.lines.sortByColumn(7, Qt.SortOrder.AscendingOrder)
    # as text "S/ 953.33" would come after "S/ 3,553.34"
    assert [row[7] for row in lines_of(view)] == [soles("953.33"), soles("1,993.33"), soles("3,553.34")]
    view.lines.sortByColumn(7, Qt.SortOrder.DescendingOrder)
    assert [row[0] for row in lines_of(view)] == ["S001", "S002", "S003"]
    select_member(view, "S002")
    view.lines.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert [row[0] for row in lines_of(view)] == ["S001", "S002", "S003"]
    assert view.current_line().member_code == "S002"  # the selection follows its member


def test_enter_on_a_member_opens_the_trace_of_each_amount_in_words(qtbot, runner, season):
    view = open_view(qtbot, runner)
    stored_run(qtbot, runner, view)
    select_member(view, "S001")
    seen = {}

    def steps(dialog: TraceDialog):
        seen["title"] = dialog.windowTitle()
        seen["sentences"] = dialog.sentences
        seen["text"] = dialog.browser.toPlainText()

    view.lines.setFocus()
    with answering(TraceDialog, steps):
        qtbot.keyClick(view.lines, Qt.Key.Key_Return)
    assert seen["title"] == "Cómo se calculó: S001 Quispe Mamani, Rosa"
    assert seen["sentences"] == [
        # the default criteria share by value (S/ 18.50 a kilo for everyone here, so the same as by kilos)
        f"{soles('11,100.00')} de {soles('18,500.00')}: {soles('5,200.00')} × 11,100.00 ÷ 18,500.00 = "
        f"{soles('3,120.00')}",
        f"1 parte de 3 partes: {soles('1,300.00')} × 1 ÷ 3 = 433.3333…, redondeado al céntimo: "
        f"{soles('433.34')}",
    ]
    text = seen["text"].replace("\u00a0", " ")
    assert "Retorno por lo entregado (por el valor entregado):" in text
    assert "Parte igual (en partes iguales):" in text
    assert "Bruto\n3,120.00 + 433.34 = S/ 3,553.34\n" in text
    assert "Neto a pagar\nS/ 3,553.34\n" in text


def test_approving_a_run_that_could_not_be_published_warns_first_in_the_words_publish_would_use(qtbot, runner,
                                                                                                season):
    """S/ 200,000.00 to distribute when 591 holds S/ 100,000.00: the board hears it before approving."""
    view = open_view(qtbot, runner)
    run = stored_run(qtbot, runner, view, text=template(2026).replace('monto = "10000.00"', 'monto = "200000.00"'))
    warned = []

    def approve(dialog: ApproveDialog):
        dialog.acta.setText("Acta 12-2026")
        dialog.confirm_warnings = lambda found: warned.append([describe(p) for p in found]) or False  # «Revisar»
        dialog.save()
        qtbot.waitUntil(lambda: bool(warned) and not runner.busy, timeout=20_000)
        assert (dialog.warning_anyway, dialog.isVisible()) == ("Aprobar de todos modos", True)
        dialog.reject()

    with answering(ApproveDialog, approve):
        view.approve_button.click()
    assert [w.replace("\u00a0", " ") for w in warned[0]] == [
        "La distribución toma S/ 200,000.00 de la cuenta 591 «Excedentes por distribuir», que solo tiene "
        "S/ 100,000.00: esa cuenta no puede quedar en negativo."]
    assert on_worker(qtbot, runner, lambda book: book.distributions.get(run.number).status) == "borrador"


def test_approving_then_publishing_with_confirmation_seals_the_run_with_its_code(qtbot, runner, season):
    view = open_view(qtbot, runner)
    stored_run(qtbot, runner, view)

    def approve(dialog: ApproveDialog):
        dialog.save()  # no acta: the core's problem lands under the field
        qtbot.waitUntil(lambda: dialog.error_text("acta") != "", timeout=20_000)
        assert dialog.error_text("acta") == "Escriba el número del acta de la asamblea que aprobó los criterios."
        dialog.acta.setText("Acta 12-2026")
        dialog.signed_by.setText("Juan Pérez Mamani")  # who signs has a field of its own
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    with answering(ApproveDialog, approve):
        view.approve_button.click()
    qtbot.waitUntil(lambda: cells(view.runs_model, 0)[3] == "Aprobada" and not runner.busy, timeout=20_000)
    assert view.publish_button.isEnabled() and not view.approve_button.isEnabled()
    assert view.header.code.text() == "Aprobada: sin código hasta publicarla"
    assert f"Aprobada en asamblea: Acta 12-2026, {TODAY:%d/%m/%Y}<br>Firma el acta: Juan Pérez Mamani" \
        in view.header.state.text()
    assert on_worker(qtbot, runner, lambda book: (book.distributions.get(1).acta_number,
                                                  book.distributions.get(1).acta_signed_by)) == (
        "Acta 12-2026", "Juan Pérez Mamani")

    asked = {}

    def publish(box: QMessageBox):
        asked["text"], asked["details"] = box.text(), box.informativeText()
        next(b for b in box.buttons() if b.text() == "Publicar").click()

    with answering(QMessageBox, publish):
        view.publish_button.click()
    qtbot.waitUntil(lambda: cells(view.runs_model, 0)[3] == "Publicada" and not runner.busy, timeout=20_000)
    assert asked["text"] == f"¿Publicar la distribución N.º 1 «Distribución de excedentes {TODAY.year}»?"
    assert "NUNCA podrá cambiarse" in asked["details"] and "corregirla con una nueva distribución" in asked["details"]
    code = on_worker(qtbot, runner, lambda book: book.distributions.get(1).code)
    assert re.fullmatch(r"[0-9A-F]{4}(-[0-9A-F]{4}){3}", code)
    assert cells(view.runs_model, 0)[7] == code
    assert view.header.code.text() == f"Código de verificación: <b>{code}</b>"
    assert view.correct_button.isEnabled() and not view.discard_button.isEnabled()
    assert not view.publish_button.isEnabled()


def test_cancelling_the_publication_leaves_the_run_approved(qtbot, runner, season):
    view = open_view(qtbot, runner)
    stored_run(qtbot, runner, view, approve=True)
    with answering(QMessageBox, lambda box: next(b for b in box.buttons() if b.text() == "Cancelar").click()):
        view.publish_button.click()
    wait_idle(qtbot, runner)
    assert on_worker(qtbot, runner, lambda book: book.distributions.get(1).status) == "aprobada"


def test_wrong_criteria_show_the_spanish_problem_in_the_dialog_and_store_nothing(qtbot, runner, season):
    view = open_view(qtbot, runner)
    wrong = template(2026).replace('clave = "valor"', 'clave = "toneladas"')
    line = wrong.splitlines().index('clave = "toneladas"') + 1

    def steps(dialog: CriteriaDialog):
        dialog.editor.setPlainText(wrong)
        qtbot.waitUntil(lambda: dialog.problem_texts() != [], timeout=20_000)  # checked as typed
        assert dialog.verdict.text() == "Hay 1 problema en los criterios:"
        [problem] = dialog.problem_texts()
        assert problem.startswith(f"Línea {line}, «fondos[0].clave»: debe ser kg, kg_ponderado, valor")
        dialog.save()
        wait_idle(qtbot, runner)
        assert dialog.isVisible() and dialog.text() == wrong
        # a problem only the computation finds: the reserve below its legal floor
        short = template(2026).replace("porcentaje = 20\nreserva = true", "porcentaje = 10\nreserva = true")
        dialog.editor.setPlainText(short)
        assert dialog.check() == []
        dialog.save()
        qtbot.waitUntil(lambda: dialog.problem_texts() != [], timeout=20_000)
        reserve = short.splitlines().index("porcentaje = 10") + 1  # said at its key and line, like the others
        assert dialog.problem_texts() == [
            f"Línea {reserve}, «apropiaciones[0].porcentaje»: la Reserva Cooperativa recibe {soles('1,000.00')}, "
            f"menos del mínimo de 20 % ({soles('2,000.00')})."]
        assert dialog.isVisible() and dialog.text() == short and dialog.save_button.isEnabled()

    with answering(CriteriaDialog, steps):
        view.new_button.click()
    wait_idle(qtbot, runner)
    assert on_worker(qtbot, runner, lambda book: book.distributions.runs()) == []
    assert view.runs_model.rowCount() == 0


def test_importing_a_criteria_file_saved_by_notepad(qtbot, runner, season, tmp_path, monkeypatch):
    from coopdesk.gui.distribution import criteria_dialog

    path = tmp_path / "criterios.toml"
    path.write_bytes(template(2026).replace("Educación", "Educación y Capacitación").encode("cp1252"))
    monkeypatch.setattr(criteria_dialog, "choose_file_to_open", lambda parent: str(path))
    dialog = CriteriaDialog(None, runner)
    qtbot.addWidget(dialog)
    dialog.import_button.click()
    assert 'nombre = "Fondo de Educación y Capacitación"' in dialog.text()
    assert dialog.verdict.text() == "Los criterios están completos."
    path.write_bytes(b"PK\x03\x04\x00\x00 an Excel file")
    dialog.import_button.click()
    assert dialog.general_error.text().startswith("No se pudo leer")
    assert 'Capacitación' in dialog.text()  # the text typed is kept


def test_a_member_of_a_published_run_is_marked_paid(qtbot, runner, season):
    view = open_view(qtbot, runner)
    stored_run(qtbot, runner, view, publish=True)
    select_member(view, "S001")
    assert view.pay_button.isEnabled()

    def pay(dialog: PaymentDialog):
        dialog.method.setCurrentIndex(dialog.method.findData("transferencia"))
        dialog.reference.setText("Op. 778812")
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    with answering(PaymentDialog, pay):
        view.pay_button.click()
    qtbot.waitUntil(lambda: not runner.busy and view.lines_model.row_of(
        lambda line: line.member_code == "S001" and line.paid_on is not None) is not None, timeout=20_000)
    row = view.lines_model.row_of(lambda line: line.member_code == "S001")
    assert cells(view.lines_model, row)[8] == TODAY.strftime("%d/%m/%Y")
    assert cells(view.runs_model, 0)[6] == "1 de 3"
    assert view.current_line().member_code == "S001"  # still on her row
    assert not view.pay_button.isEnabled()  # paid once


def test_a_correction_needs_a_reason_and_keeps_the_published_run(qtbot, runner, season):
    view = open_view(qtbot, runner)
    stored_run(qtbot, runner, view, publish=True)
    # Juan's delivery 001-4 of 100 kg had been left out
    on_worker(qtbot, runner, lambda book: book.deliveries.record(delivery("001-4", "S002", "100")))

    def correct(dialog: CriteriaDialog):
        assert dialog.windowTitle() == "Corregir la distribución N.º 1"
        assert "Retorno por lo entregado" in dialog.text()  # the published criteria, to correct
        dialog.save()
        qtbot.waitUntil(lambda: dialog.error_text("reason") != "", timeout=20_000)
        assert dialog.error_text("reason") == "Una corrección debe decir por qué se corrige la distribución publicada."
        dialog.reason.setText("Faltaba la entrega 001-4 de Juan")
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    with answering(CriteriaDialog, correct):
        view.correct_button.click()
    qtbot.waitUntil(lambda: view.runs_model.rowCount() == 2 and not runner.busy, timeout=20_000)
    assert view.selected_run().number == 2 and view.selected_run().corrects == 1
    assert [cells(view.runs_model, r)[3] for r in range(2)] == ["Borrador", "Publicada"]
    assert "Corrige la N.º 1: Faltaba la entrega 001-4 de Juan" in view.header.state.text()
    qtbot.waitUntil(view.changes_button.isEnabled, timeout=20_000)

    read = []

    def read_changes(dialog: ChangesDialog):
        read.append(dialog.windowTitle())
        rows = [tuple(dialog.table.item(r, c).text() for c in range(6)) for r in range(dialog.table.rowCount())]
        # 5,200.00 by kilos over 1,100 kg now: Rosa 2,836.36, Juan 1,890.91, Pedro 472.73 (+ the equal parts)
        assert rows == [
            ("S001", "Quispe Mamani, Rosa", "cambiaron los datos de otros socios, y con ellos los totales entre "
             "los que se reparte", soles("3,553.34"), soles("3,269.70"), "-" + soles("283.64")),
            ("S002", "Apaza Flores, Juan", "sus entregas registradas cambiaron", soles("1,993.33"),
             soles("2,324.24"), "+" + soles("330.91")),
            ("S003", "Quispe Huamán, Pedro", "cambiaron los datos de otros socios, y con ellos los totales entre "
             "los que se reparte", soles("953.33"), soles("906.06"), "-" + soles("47.27"))]

    with answering(ChangesDialog, read_changes):
        view.changes_button.click()  # the changes are computed on the worker, then shown
        qtbot.waitUntil(lambda: not runner.busy, timeout=20_000)
    assert read == ["Cambios de la corrección N.º 2"]


def test_discarding_a_draft_asks_first(qtbot, runner, season):
    view = open_view(qtbot, runner)
    stored_run(qtbot, runner, view)
    with answering(QMessageBox, lambda box: next(b for b in box.buttons() if b.text() == "Descartar").click()):
        view.discard_button.click()
    qtbot.waitUntil(lambda: view.runs_model.rowCount() == 0 and not runner.busy, timeout=20_000)
    assert view.lines_model.rowCount() == 0 and not view.approve_button.isEnabled()


def test_comparing_two_runs_gives_exact_totals_by_zone_and_who_gains(qtbot, runner, season):
    view = open_view(qtbot, runner)
    stored_run(qtbot, runner, view)
    stored_run(qtbot, runner, view, text=BY_KG_ONLY, name="Todo por kilos")
    assert view.selected_run().number == 2 and view.compare_button.isEnabled()
    seen = {}

    def steps(dialog: CompareDialog):
        qtbot.waitUntil(lambda: dialog.comparison is not None, timeout=20_000)
        assert (dialog.a.currentData(), dialog.b.currentData()) == (1, 2)  # the previous one against the selected
        seen["summary"] = table_cells(dialog.summary)
        seen["zones"] = table_cells(dialog.group_tables["zone"])
        seen["gender"] = table_cells(dialog.group_tables["gender"])
        seen["gainers"] = table_cells(dialog.gainers)
        seen["losers"] = table_cells(dialog.losers)
        seen["chart"] = (dialog.chart._categories, dialog.chart._values)

    with answering(CompareDialog, steps):
        view.compare_button.click()
    assert seen["summary"] == [
        ["Total para los socios", soles("6,500.00"), soles("6,500.00"), soles("0.00")],
        ["Socios que reciben algo", "3", "3", "0"],
        ["Mediana por socio", soles("1,993.33"), soles("1,950.00"), "-" + soles("43.33")],
        ["Parte del 10 % que más recibe", "54.67\u00a0%", "60.00\u00a0%", "+5.33 puntos porcentuales"],
        ["Coeficiente de Gini", "0.2667", "0.3333", "+0.0666"],
    ]
    assert seen["zones"] == [
        ["Las Piedras", soles("4,506.67"), soles("4,550.00"), "+" + soles("43.33")],
        ["Tambopata", soles("1,993.33"), soles("1,950.00"), "-" + soles("43.33")],
        ["Total", soles("6,500.00"), soles("6,500.00"), soles("0.00")],
    ]
    assert [row[0] for row in seen["gender"]] == ["Mujer", "Hombre", "Total"]
    assert seen["gainers"] == [["S001", "Quispe Mamani, Rosa", soles("3,553.34"), soles("3,900.00"),
                                "+" + soles("346.66")]]
    assert seen["losers"] == [
        ["S003", "Quispe Huamán, Pedro", soles("953.33"), soles("650.00"), "-" + soles("303.33")],
        ["S002", "Apaza Flores, Juan", soles("1,993.33"), soles("1,950.00"), "-" + soles("43.33")],
    ]
    assert seen["chart"] == (["Las Piedras", "Tambopata"], [[D("4506.67"), D("4550.00")], [D("1993.33"),
                                                                                          D("1950.00")]])


def table_cells(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_the_summary_for_the_board_is_written_and_opened(qtbot, runner, season, monkeypatch, documents):
    opened: list[str] = []
    monkeypatch.setattr(printing, "show_pdf", lambda path, *_a, **_k: opened.append(path))
    view = open_view(qtbot, runner)
    stored_run(qtbot, runner, view, publish=True)
    view.summary_button.click()
    qtbot.waitUntil(lambda: opened != [] and not runner.busy, timeout=15000)
    assert opened[0].endswith(".pdf") and Path(opened[0]).stat().st_size > 0
    assert Path(opened[0]).parent == documents / "Distribuciones" / "Distribución 1"
    assert "La distribución cuadra al céntimo." in pdf_text(opened[0])


def test_the_criteria_document_is_written_for_the_acta(qtbot, runner, season, monkeypatch, documents):
    opened: list[str] = []
    monkeypatch.setattr(printing, "show_pdf", lambda path, *_a, **_k: opened.append(path))
    view = open_view(qtbot, runner)
    stored_run(qtbot, runner, view, publish=True)
    view.criteria_button.click()
    qtbot.waitUntil(lambda: opened != [] and not runner.busy, timeout=15000)
    text = pdf_text(opened[0])
    assert "CRITERIOS DE DISTRIBUCIÓN" in text and "Acta 12-2026" in text and "Retorno por lo entregado" in text


def pdf_text(path: str) -> str:
    import subprocess

    return subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True).stdout


def test_liquidations_of_the_selected_members_are_printed_in_the_background(qtbot, runner, season, monkeypatch,
                                                                           documents):
    opened: list[str] = []
    monkeypatch.setattr(printing, "show_pdf", lambda path, *_a, **_k: opened.append(path))
    view = open_view(qtbot, runner)
    stored_run(qtbot, runner, view, publish=True)
    select_member(view, "S001")

    def only_selected(box: QMessageBox):
        next(b for b in box.buttons() if b.text() == "Solo del seleccionado").click()

    with answering(QMessageBox, only_selected):
        view.print_button.click()
    qtbot.waitUntil(lambda: opened != [] and not runner.busy, timeout=15000)
    assert len(opened) == 1 and opened[0].endswith("liquidaciones-1.pdf")  # the job, shown in the preview
    assert [p.name for p in (documents / "Distribuciones" / "Distribución 1").iterdir()] == [Path(opened[0]).name]
    text = pdf_text(opened[0])
    assert "Las Piedras" in text and "1 liquidación" in text  # the zone's separator page


def test_every_liquidation_as_one_job_by_collection_point_and_a_file_each(qtbot, runner, season, monkeypatch,
                                                                          documents):
    from PySide6.QtWidgets import QCheckBox, QComboBox
    from pypdf import PdfReader

    opened: list[str] = []
    monkeypatch.setattr(printing, "show_pdf", lambda path, *_a, **_k: opened.append(path))
    view = open_view(qtbot, runner)
    stored_run(qtbot, runner, view, publish=True)

    def every_by_point_with_files(box: QMessageBox):
        grouping = box.findChild(QComboBox, "grouping")
        assert [grouping.itemText(i) for i in range(grouping.count())] == ["por zona", "por centro de acopio"]
        grouping.setCurrentIndex(1)
        box.findChild(QCheckBox).setChecked(True)
        next(b for b in box.buttons() if b.text() == "De todos los socios (3)").click()

    with answering(QMessageBox, every_by_point_with_files):
        view.print_button.click()
    qtbot.waitUntil(lambda: opened != [] and not runner.busy, timeout=30000)
    folder = documents / "Distribuciones" / "Distribución 1"
    assert opened == [str(folder / "liquidaciones-1.pdf")]
    assert sorted(p.name for p in folder.iterdir()) == [
        "liquidacion-1-S001.pdf", "liquidacion-1-S002.pdf", "liquidacion-1-S003.pdf", "liquidaciones-1.pdf"]
    # the season's tickets name no collection point: one group, after its separator page
    assert [item.title for item in PdfReader(opened[0]).outline] == ["Sin centro de acopio"]
    assert "3 liquidaciones" in pdf_text(opened[0])


def test_the_job_for_a_duplex_printer_starts_every_member_on_a_front_page(qtbot, runner, season, monkeypatch,
                                                                          documents):
    from PySide6.QtWidgets import QCheckBox
    from pypdf import PdfReader

    opened: list[str] = []
    monkeypatch.setattr(printing, "show_pdf", lambda path, *_a, **_k: opened.append(path))
    view = open_view(qtbot, runner)
    stored_run(qtbot, runner, view, publish=True)

    def every_two_sided(box: QMessageBox):
        duplex = box.findChild(QCheckBox, "duplex")
        assert duplex.text() == "A doble cara: cada socio empieza en el frente de una hoja"
        assert not duplex.isChecked()  # one side unless asked
        duplex.setChecked(True)
        next(b for b in box.buttons() if b.text() == "De todos los socios (3)").click()

    with answering(QMessageBox, every_two_sided):
        view.print_button.click()
    qtbot.waitUntil(lambda: opened != [] and not runner.busy, timeout=30000)
    reader = PdfReader(opened[0])
    texts = [page.extract_text().strip() for page in reader.pages]
    firsts = [i for i, text in enumerate(texts) if "Página 1 de" in text]
    separators = [reader.get_destination_page_number(item) for item in reader.outline]
    assert len(firsts) == 3 and all(i % 2 == 0 for i in firsts + separators)  # fronts
    # a blank back after each separator, and after a member only when their pages are odd in number
    counts = {i: int(re.search(r"Página 1 de (\d+)", texts[i]).group(1)) for i in firsts}
    assert sorted(counts.values()) == [2, 2, 2]
    assert [i for i, text in enumerate(texts) if not text] == [s + 1 for s in separators]
    assert len(texts) == 2 * len(separators) + 6


def test_the_lines_model_passes_the_qt_model_tester(qtbot, qtmodeltester, runner, season):
    view = open_view(qtbot, runner)
    stored_run(qtbot, runner, view)
    qtmodeltester.check(view.lines_model)
    model = RowsModel(line_columns())
    qtmodeltester.check(model)


def test_printing_every_liquidation_can_be_cancelled_midway(qtbot, runner, season, monkeypatch):
    """Long printing shows its progress; Cancelar stops it and opens nothing."""
    from coopdesk.core import liquidations
    from coopdesk.gui.distribution import distribution_view

    written: list[int] = []

    def slow_write_batch(self, number, path, members=None, progress=None, cancelled=None, **_options):
        for done in range(1, 501):
            if cancelled():
                return None
            time.sleep(0.005)
            written.append(done)
            progress(done, 500)
        return Path(path)

    monkeypatch.setattr(liquidations.Liquidations, "write_batch", slow_write_batch)
    opened: list[str] = []
    monkeypatch.setattr(printing, "show_pdf", lambda path, *_a, **_k: opened.append(path))
    messages: list[str] = []
    view = open_view(qtbot, runner)
    view.status_message.connect(messages.append)
    stored_run(qtbot, runner, view, publish=True)
    monkeypatch.setattr(distribution_view, "distribution_folder", lambda number: Path("/nonexistent"))

    with answering(QMessageBox, lambda box: next(b for b in box.buttons() if b.text() == "De todos los socios (3)")
                   .click()):
        view.print_button.click()
    progress = view.liquidations_progress
    qtbot.waitUntil(lambda: progress.value() >= 5, timeout=20_000)
    assert progress.labelText().startswith("Liquidación ") and progress.labelText().endswith(" de 500…")
    qtbot.mouseClick(progress.findChild(QPushButton), Qt.MouseButton.LeftButton)  # Cancelar
    wait_idle(qtbot, runner)
    assert 5 <= len(written) < 500 and opened == []
    assert messages[-1] == "Impresión de liquidaciones cancelada."
    assert view.liquidations_progress is None  # closed


def test_the_amount_can_be_the_remanente_of_the_books(qtbot, runner, season, monkeypatch):
    from datetime import date
    from decimal import Decimal

    from coopdesk.domain.ledger import EntryInput, LineInput
    from coopdesk.gui.distribution import criteria_dialog

    monkeypatch.setattr(criteria_dialog, "ask_year", lambda parent, year: (2026, True))
    dialog = CriteriaDialog(None, runner)
    qtbot.addWidget(dialog)
    dialog.remanente_button.click()  # nothing in the books yet
    qtbot.waitUntil(lambda: dialog.general_error.isVisibleTo(dialog), timeout=20_000)
    assert dialog.general_error.text() == ("El ejercicio 2026 no tiene remanente que distribuir: su resultado es "
                                           "S/\u00a00.00.")
    runner.mutate(lambda book: book.ledger.post(EntryInput(date(2026, 3, 10), "Venta", (
        LineInput("1212", debit=Decimal("48500.00")), LineInput("701311", credit=Decimal("48500.00"))))) and None)
    wait_idle(qtbot, runner)
    dialog.remanente_button.click()
    qtbot.waitUntil(lambda: "48500.00" in dialog.text(), timeout=20_000)
    assert 'monto = "48500.00"  # remanente del ejercicio 2026 (Estado de resultados)' in dialog.text().splitlines()
    assert not dialog.general_error.isVisibleTo(dialog)
    assert dialog.verdict.text() == "Los criterios están completos."
