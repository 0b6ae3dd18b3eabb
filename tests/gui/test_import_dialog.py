"""Importar… and Exportar… as the treasurer uses them: a messy spreadsheet is
reviewed on the worker and every problem is listed with its row and column
while nothing is written; a clean one is imported exactly, once; «Importar»
waits for a clean review of that very file and kind; an unreadable file gets a
sentence in Spanish; an exported list reads back with its rows. Real SQLite
files throughout; only the file choosers are replaced."""

from __future__ import annotations

import csv
import zipfile
from datetime import date
from decimal import Decimal as D

import openpyxl
import pytest
from PySide6.QtWidgets import QMessageBox

from coopdesk.core import Book
from coopdesk.gui.admin import export_dialog, import_dialog
from coopdesk.gui.kit import printing
from coopdesk.gui.admin.export_dialog import ExportDialog
from coopdesk.gui.admin.import_dialog import ImportDialog
from coopdesk.gui.main_window import MainWindow

from .conftest import answering, wait_idle
from tests.conftest import TODAY, cash_in_hand

@pytest.fixture(autouse=True)
def caja(db):
    """Money in Caja (S/ 200,000.00) and the bank before the app opens the book: the tickets pay advances."""
    with Book.open(str(db)) as book:
        cash_in_hand(book)



MESSY = """Entregas de marzo - Centro de acopio Las Piedras;;;;;;;;;
Ticket;Fecha;Código socio;Producto;Sacos;Kg bruto;Tara;Humedad;Calidad;Precio
001-000001;04/03/2026;S001;CACAO-SECO;2;120,5;0,4;7,2;A;18,50
001-000002;05/03/2026;S999;CACAO-SECO;1;64,3;0,2;7,5;B;18,40
001-000003;06/03/2026;S002;CACAO-SECO;1;45,0;45,0;7,0;A;18,50
001-000004;31/02/2026;S003;CACAO-SECO;1;30,0;0,2;7,0;A;18,50
"""
MESSY_PROBLEMS = [
    ("4", "Código socio", "No existe el socio con código S999."),
    ("5", "Tara", "La tara debe ser menor que el peso bruto."),
    ("6", "Fecha", "La fecha «31/02/2026» no es válida; escríbala como 31/12/2026."),
]

CLEAN = """Ticket;Fecha;Código socio;Producto;Sacos;Kg bruto;Tara;Humedad;Calidad;Precio;Observación
001-000001;04/03/2026;S001;CACAO-SECO;2;120,5;0,4;7,2;A;18,50;
001-000002;05/03/2026;s002;Cacao grano seco;1;64,3;0,2;7,5;B;18,40;húmedo
002-000001;06/03/2026;S003;CAFE-PERG;8;460,0;1,0;11,5;A;850,00;
002-000002;06/03/2026;S001;CACAO-BABA;17;1.050,0;3,4;55,0;A;6,40;
"""
# 120.1 kg × 18.50 = 2,221.85; 64.1 × 18.40 = 1,179.44; coffee by the quintal: 459 × 850.00 ÷ 46 = 8,481.52;
# 1,046.6 × 6.40 = 6,698.24: net 1,689.8 kg, S/ 18,581.05.


def write(path, text: str, encoding: str = "utf-8"):
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return path


def deliveries(db) -> tuple[int, D, D]:
    with Book.open(str(db)) as book:
        rows = book.deliveries.page()
    return len(rows), sum((d.net_kg for d in rows), D(0)), sum((d.amount for d in rows), D(0))


def open_dialog(qtbot, runner, kind: str, path) -> ImportDialog:
    dialog = ImportDialog(None, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_kind(kind)
    dialog.path.setText(str(path))
    return dialog


def review(qtbot, dialog: ImportDialog) -> None:
    dialog.review_button.click()
    wait_idle(qtbot, dialog.runner)


def problems(dialog: ImportDialog) -> list[tuple[str, str, str]]:
    table = dialog.problems
    return [tuple(table.item(r, c).text() for c in range(3)) for r in range(table.rowCount())]


def test_a_messy_file_shows_every_problem_with_its_row_and_nothing_is_written(qtbot, runner, db, tmp_path):
    path = write(tmp_path / "entregas.csv", MESSY, "cp1252")  # as Excel saves "CSV" on a Spanish Windows
    dialog = open_dialog(qtbot, runner, "deliveries", path)
    assert not dialog.import_button.isEnabled()
    review(qtbot, dialog)
    assert [dialog.problems.horizontalHeaderItem(c).text() for c in range(3)] == ["Fila", "Columna", "Motivo"]
    assert problems(dialog) == MESSY_PROBLEMS
    assert dialog.problems.isVisible()
    assert dialog.result.text() == ("El archivo tiene 3 problemas. Corríjalos en su hoja de cálculo, guárdela y "
                                    "pulse «Revisar» otra vez: no se importa nada mientras haya problemas.")
    assert not dialog.import_button.isEnabled()
    dialog.commit()  # even called directly, nothing happens
    wait_idle(qtbot, runner)
    assert deliveries(db) == (0, D(0), D(0))  # not even the good first row


def test_a_clean_file_is_reviewed_then_imported_exactly_and_once(qtbot, runner, db, tmp_path):
    path = write(tmp_path / "entregas.csv", CLEAN)
    dialog = open_dialog(qtbot, runner, "deliveries", path)
    review(qtbot, dialog)
    assert problems(dialog) == [] and not dialog.problems.isVisible()
    assert dialog.result.text() == ("Se agregarían 4 entregas (1,689.80\u00a0kg netos, S/\u00a018,581.05). "
                                    "No hay problemas: pulse «Importar» para guardar los datos.")
    assert dialog.note.text() == "Columnas que no se importan: «Observación»."
    assert deliveries(db) == (0, D(0), D(0))  # the review wrote nothing
    assert dialog.import_button.isEnabled()

    with qtbot.waitSignal(runner.changed) as announced:
        dialog.import_button.click()
        assert not dialog.import_button.isEnabled() and not dialog.close_button.isEnabled()
    wait_idle(qtbot, runner)
    assert announced.args[0].reference  # every screen reads its list again
    assert dialog.result.text() == "Se agregaron 4 entregas (1,689.80\u00a0kg netos, S/\u00a018,581.05)."
    assert deliveries(db) == (4, D("1689.800"), D("18581.05"))
    assert (dialog.imported.to_add, dialog.imported.written) == (4, True)
    with Book.open(str(db)) as book:
        coffee = book.deliveries.page("002-000001")[0]
    assert (coffee.member_code, coffee.price_unit, coffee.amount) == ("S003", "qq", D("8481.52"))
    assert not dialog.import_button.isEnabled() and dialog.close_button.isEnabled()

    review(qtbot, dialog)  # the same file again: everything is already there
    assert dialog.result.text() == ("Se agregarían 0 entregas; 4 ya estaban (filas 2, 3, 4, 5). "
                                    "Todo ya está registrado: no hay nada que importar.")
    assert not dialog.import_button.isEnabled()
    assert deliveries(db)[0] == 4


def test_importar_waits_for_a_clean_review_of_the_same_file_and_kind(qtbot, runner, db, tmp_path):
    clean = write(tmp_path / "entregas.csv", CLEAN)
    other = write(tmp_path / "otra.csv", CLEAN)
    dialog = open_dialog(qtbot, runner, "deliveries", clean)
    assert not dialog.import_button.isEnabled()
    review(qtbot, dialog)
    assert dialog.import_button.isEnabled()

    dialog.path.setText(str(other))  # another file
    assert not dialog.import_button.isEnabled() and dialog.result.text() == ""
    dialog.path.setText(str(clean))  # back to the reviewed one: it must be reviewed again
    assert not dialog.import_button.isEnabled()
    review(qtbot, dialog)
    assert dialog.import_button.isEnabled()

    dialog.set_kind("movements")  # another kind
    assert not dialog.import_button.isEnabled()
    review(qtbot, dialog)  # these columns are not a movements file
    assert not dialog.import_button.isEnabled()
    assert problems(dialog)[0][:2] == ("1", "—")

    dialog.set_kind("deliveries")
    review(qtbot, dialog)
    assert dialog.import_button.isEnabled()
    write(clean, CLEAN.replace("120,5", "1.20,5"))  # saved again in the spreadsheet after the review
    dialog.import_button.click()
    wait_idle(qtbot, runner)
    assert dialog.result.text() == ("El archivo entregas.csv se guardó de nuevo después de revisarlo: pulse "
                                    "«Revisar» otra vez.")
    assert not dialog.import_button.isEnabled()
    assert deliveries(db)[0] == 0


def test_a_file_that_cannot_be_read_says_so_in_spanish(qtbot, runner, tmp_path):
    document = tmp_path / "acta.docx"
    with zipfile.ZipFile(document, "w") as z:  # a zip that is no spreadsheet
        z.writestr("word/document.xml", "<w:document/>")
    dialog = open_dialog(qtbot, runner, "members", document)
    review(qtbot, dialog)
    assert dialog.result.text() == ("No se pudo leer el archivo acta.docx: no es una hoja de cálculo .xlsx ni un "
                                    "archivo .csv, o está dañado. Ábralo en su hoja de cálculo y guárdelo como "
                                    ".xlsx o .csv.")
    assert not dialog.import_button.isEnabled() and not dialog.problems.isVisible()
    assert dialog.findChild(QMessageBox) is None  # no box, no traceback: the sentence in the dialog

    dialog.path.setText(str(tmp_path / "no-existe.xlsx"))
    review(qtbot, dialog)
    assert dialog.result.text() == f"No existe el archivo {tmp_path / 'no-existe.xlsx'}."

    old = write(tmp_path / "socios.xls", "no importa")
    dialog.path.setText(str(old))
    review(qtbot, dialog)
    assert dialog.result.text().startswith("coopdesk lee archivos .csv y .xlsx: abra ")


def test_members_from_an_xlsx_chosen_with_the_file_dialog(qtbot, runner, db, tmp_path, monkeypatch):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Padrón de socios 2026"])
    sheet.append(["Código", "DNI", "Apellidos y nombres", "Sexo", "Zona", "Certificación", "Fecha de ingreso"])
    sheet.append(["S004", "80123456", "Ccahua Rengifo, Gladys", "Mujer", "Tambopata", "Orgánica", date(2026, 3, 15)])
    sheet.append(["S005", "01234567", "Sangama Tuanama, Wilber", "m", "LP", "T1", date(2026, 6, 2)])
    sheet.append(["S001", "41234567", "Quispe Mamani, Rosa", "F", "LP", "orgánico", date(2019, 3, 15)])
    path = tmp_path / "padrón.xlsx"
    book.save(path)
    asked = []
    monkeypatch.setattr(import_dialog, "choose_import_file", lambda parent, folder: asked.append(folder) or str(path))

    dialog = ImportDialog(None, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.kind.currentText() == "Socios"
    assert [dialog.kind.itemText(i) for i in range(dialog.kind.count())] == [
        "Socios", "Entregas", "Movimientos de cuenta", "Asistencia", "Precios de adelanto", "Plan de cuentas"]
    assert not dialog.review_button.isEnabled()  # no file yet
    dialog.choose_button.click()
    assert dialog.file() == str(path)
    review(qtbot, dialog)
    assert dialog.result.text() == ("Se agregarían 2 socios; 1 ya estaba (fila 5). "
                                    "No hay problemas: pulse «Importar» para guardar los datos.")
    dialog.import_button.click()
    wait_idle(qtbot, runner)
    assert dialog.result.text() == "Se agregaron 2 socios; 1 ya estaba (fila 5)."
    with Book.open(str(db)) as check:
        assert check.members.count() == 5
        gladys = check.members.get("S004")
        assert (gladys.first_names, gladys.zone_code, gladys.certification, gladys.dni) == (
            "Gladys", "TB", "organico", "80123456")
        assert check.members.get("S005").dni == "01234567"

    fresh = ImportDialog(None, runner)  # the next time, the chooser starts in the same folder
    qtbot.addWidget(fresh)
    fresh.choose_button.click()
    assert asked == [asked[0], str(tmp_path)] and asked[0] != str(tmp_path)


def test_export_writes_files_that_read_back(qtbot, runner, db, tmp_path, monkeypatch):
    with Book.open(str(db)) as book:
        assert book.imports.deliveries(write(tmp_path / "entregas.csv", CLEAN)).written
    targets = iter([str(tmp_path / "salida" / "socios.xlsx"), str(tmp_path / "salida" / "entregas.csv")])
    suggested = []
    monkeypatch.setattr(export_dialog, "choose_export_file",
                        lambda parent, name: suggested.append(name) or next(targets))
    opened = []
    monkeypatch.setattr(printing, "open_file", opened.append)

    dialog = ExportDialog(None, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    assert [dialog.kind.itemText(i) for i in range(dialog.kind.count())] == [
        "Socios", "Entregas", "Movimientos de cuenta", "Precios de adelanto", "Plan de cuentas", "Libro Diario",
        "Balance de comprobación", "Hoja de trabajo", "Ventas", "Gastos"]
    dialog.export_button.click()
    wait_idle(qtbot, runner)
    assert suggested[0].endswith(f"socios-{TODAY.isoformat()}.xlsx")
    assert dialog.result.text() == f"Se exportaron 3 socios a {tmp_path / 'salida' / 'socios.xlsx'}."
    sheet = openpyxl.load_workbook(tmp_path / "salida" / "socios.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Código", "DNI", "Nombres", "Apellidos")
    assert [r[:4] for r in rows[1:]] == [("S002", "42345678", "Juan", "Apaza Flores"),  # by surname
                                         ("S003", "43456789", "Pedro", "Quispe Huamán"),
                                         ("S001", "41234567", "Rosa", "Quispe Mamani")]
    dialog.open_button.click()
    assert opened == [str(tmp_path / "salida" / "socios.xlsx")]

    dialog.set_kind("deliveries")
    dialog.export_button.click()
    wait_idle(qtbot, runner)
    assert suggested[1].endswith(f"entregas-{TODAY.isoformat()}.xlsx")
    assert str(tmp_path / "salida") in suggested[1]  # where the last list went
    assert dialog.result.text() == f"Se exportaron 4 entregas a {tmp_path / 'salida' / 'entregas.csv'}."
    with open(tmp_path / "salida" / "entregas.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][:4] == ["Ticket", "Fecha", "Campaña", "Código socio"]
    assert [(r[0], r[3], r[9], r[16]) for r in rows[1:]] == [
        ("001-000001", "S001", "120.100", "2221.85"), ("001-000002", "S002", "64.100", "1179.44"),
        ("002-000001", "S003", "459.000", "8481.52"), ("002-000002", "S001", "1046.600", "6698.24")]
    assert dialog.written == [str(tmp_path / "salida" / "socios.xlsx"), str(tmp_path / "salida" / "entregas.csv")]


def test_an_export_that_cannot_be_written_says_so(qtbot, runner, tmp_path, monkeypatch):
    folder = tmp_path / "carpeta.xlsx"
    folder.mkdir()  # a folder where the file should go: the move into place fails
    monkeypatch.setattr(export_dialog, "choose_export_file", lambda parent, name: str(folder))
    dialog = ExportDialog(None, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.export_button.click()
    wait_idle(qtbot, runner)
    assert dialog.result.text().startswith("No se pudo guardar carpeta.xlsx")
    assert dialog.export_button.isEnabled() and not dialog.open_button.isVisible()


def test_the_archivo_menu_imports_and_the_screens_refresh(qtbot, runner, db, tmp_path, monkeypatch):
    path = write(tmp_path / "socios.csv", """Código,DNI,Nombres,Apellidos,Sexo,Zona,Certificación,Fecha de ingreso
S004,80123456,Gladys,Ccahua Rengifo,F,TB,orgánico,15/03/2026
""")
    monkeypatch.setattr(import_dialog, "choose_import_file", lambda parent, folder: str(path))
    window = MainWindow(runner)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, runner)
    archive = window.menuBar().actions()[0].menu()
    actions = {a.text(): a for a in archive.actions() if not a.isSeparator()}
    assert "&Importar…" in actions and "&Exportar…" in actions
    window.go_to("members")  # the window opens on Inicio; Socios is the screen the import changes
    wait_idle(qtbot, runner)
    assert window.members.count_label.text() == "3 socios"

    def steps(dialog: ImportDialog):
        dialog.choose_button.click()
        dialog.review_button.click()
        qtbot.waitUntil(dialog.import_button.isEnabled, timeout=20_000)
        dialog.import_button.click()
        qtbot.waitUntil(lambda: dialog.imported is not None, timeout=20_000)

    with answering(ImportDialog, steps):
        actions["&Importar…"].trigger()
    wait_idle(qtbot, runner)
    qtbot.waitUntil(lambda: window.members.count_label.text() == "4 socios", timeout=20_000)

    with answering(ExportDialog, lambda dialog: dialog.close_button.click()):
        actions["&Exportar…"].trigger()


def test_movements_and_attendance_import_through_the_same_dialog(qtbot, runner, db, tmp_path):
    movements = write(tmp_path / "movimientos.csv", """Código socio,Fecha,Concepto,Tipo,Monto,Descripción,Referencia
S001,05/10/2026,adelantos,cargo,500.00,Adelanto en efectivo,REC-0101
S001,30/10/2026,adelantos,abono,200.00,Devolución en efectivo,REC-0102
S002,12/10/2026,insumos,cargo,215.50,Guano de isla,GUIA-0033
""")
    attendance = write(tmp_path / "asistencia.csv", """Fecha;Tipo;Descripción;Puntos;Código socio;Asistió
15/08/2026;Asamblea;Asamblea general ordinaria;2;S001;A
15/08/2026;Asamblea;Asamblea general ordinaria;2;S002;F
15/08/2026;Asamblea;Asamblea general ordinaria;2;S003;T
""")
    dialog = open_dialog(qtbot, runner, "movements", movements)
    review(qtbot, dialog)
    assert dialog.result.text() == ("Se agregarían 3 movimientos. "
                                    "No hay problemas: pulse «Importar» para guardar los datos.")
    dialog.import_button.click()
    wait_idle(qtbot, runner)
    assert dialog.result.text() == "Se agregaron 3 movimientos."

    dialog.set_kind("attendance")
    dialog.path.setText(str(attendance))
    review(qtbot, dialog)
    assert dialog.result.text() == ("Se agregarían 2 asistencias (1 asamblea o faena nueva). "
                                    "No hay problemas: pulse «Importar» para guardar los datos.")
    dialog.import_button.click()
    wait_idle(qtbot, runner)

    with Book.open(str(db)) as book:
        assert [(m.direction, m.amount) for m in book.accounts.movements("S001")] == [
            ("cargo", D("500.00")), ("abono", D("200.00"))]
        assert book.accounts.balances("S002").of("insumos") == D("215.50")
        (event,) = book.participation.events()
        assert book.participation.attendees(event.id) == {"S001", "S003"}
