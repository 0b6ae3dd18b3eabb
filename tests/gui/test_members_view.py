"""Socios: the padrón as the treasurer sees it, searched, paged, added to and edited."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt

from coopdesk.core import Book
from coopdesk.domain.rules import MemberInput
from coopdesk.gui.members.member_dialog import MemberDialog
from coopdesk.gui.members.members_view import MembersView

from .conftest import answering, cells, make_book, wait_idle


def open_view(qtbot, runner) -> MembersView:
    view = MembersView(runner)
    qtbot.addWidget(view)
    view.resize(1000, 500)
    view.show()
    view.reload()
    wait_idle(qtbot, runner)
    return view


def test_the_three_members_in_alphabetical_order_with_exact_cells(qtbot, runner):
    view = open_view(qtbot, runner)
    model = view.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "Código", "Apellidos y nombres", "DNI", "Zona", "Certificación", "Estado", "Ingreso",
    ]
    assert model.rowCount() == 3
    assert cells(model, 0) == ("S002", "Apaza Flores, Juan", "42345678", "Tambopata", "Convencional", "Activo", "01/07/2020")
    assert cells(model, 1) == ("S003", "Quispe Huamán, Pedro", "43456789", "Las Piedras", "En transición", "Activo", "10/01/2021")
    assert cells(model, 2) == ("S001", "Quispe Mamani, Rosa", "41234567", "Las Piedras", "Orgánico", "Activo", "15/03/2019")
    assert view.count_label.text() == "3 socios"


def test_typing_quispe_leaves_the_two_quispes_and_the_count_says_so(qtbot, runner):
    view = open_view(qtbot, runner)
    qtbot.keyClicks(view.search, "quispe")
    assert view.model.rowCount() == 3  # debounced: nothing asked yet
    qtbot.waitUntil(lambda: view.model.rowCount() == 2 and not runner.busy, timeout=20_000)
    assert [cells(view.model, r)[1] for r in range(2)] == ["Quispe Huamán, Pedro", "Quispe Mamani, Rosa"]
    assert view.count_label.text() == "2 socios"
    view.search.clear()
    qtbot.waitUntil(lambda: view.count_label.text() == "3 socios", timeout=20_000)


def test_a_search_that_matches_one_member_says_one_socio(qtbot, runner):
    view = open_view(qtbot, runner)
    view.search.setText("42345678")
    view.search_now()
    wait_idle(qtbot, runner)
    assert view.count_label.text() == "1 socio"
    assert cells(view.model, 0)[0] == "S002"


def test_450_members_arrive_200_at_a_time(qtbot, tmp_path):
    members = [
        MemberInput(f"P{i:04d}", f"{50000000 + i}", "Luz", f"Socia {i:04d}", "F", "LP", "organico", date(2022, 1, 3))
        for i in range(450)
    ]
    db = make_book(tmp_path / "big.sqlite", members)
    from coopdesk.gui.kit.tasks import TaskRunner

    runner = TaskRunner(Book.open(str(db)))
    try:
        from coopdesk.gui.members.members_view import member_columns
        from coopdesk.gui.kit.table_models import LazyTableModel

        model = LazyTableModel(runner, member_columns(),
                               lambda book, text, after, limit: book.members.page(text, after, limit),
                               lambda book, text: book.members.count(text))
        model.reload()
        wait_idle(qtbot, runner)
        assert model.rowCount() == 200 and model.total == 450
        assert model.canFetchMore(QModelIndex())
        model.fetchMore(QModelIndex())
        wait_idle(qtbot, runner)
        assert model.rowCount() == 400
        model.fetchMore(QModelIndex())
        wait_idle(qtbot, runner)
        assert model.rowCount() == 450
        assert not model.canFetchMore(QModelIndex())
        codes = [model.row_at(r).code for r in range(450)]
        assert codes == [f"P{i:04d}" for i in range(450)]  # no row twice, none missing, in order
    finally:
        runner.close()


def test_the_members_model_passes_the_qt_model_tester(qtbot, qtmodeltester, runner):
    view = open_view(qtbot, runner)
    qtmodeltester.check(view.model)


def fill(dialog: MemberDialog, code: str, dni: str, first: str, last: str) -> None:
    dialog.code.setText(code)
    dialog.dni.setText(dni)
    dialog.first_names.setText(first)
    dialog.last_names.setText(last)
    dialog.gender.setCurrentIndex(dialog.gender.findData("F"))
    dialog.zone.setCurrentIndex(dialog.zone.findData("TB"))
    dialog.certification.setCurrentIndex(dialog.certification.findData("organico"))
    dialog.join_date.setDate(date(2022, 5, 2))


def test_an_invalid_dni_is_shown_under_its_field_and_nothing_is_saved(qtbot, runner, db):
    view = open_view(qtbot, runner)

    def steps(dialog: MemberDialog):
        qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=20_000)  # zones loaded
        fill(dialog, "S004", "1234", "Ana", "Ccahua Pari")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.error_text("dni") != "", timeout=20_000)
        assert dialog.error_text("dni") == "El DNI 1234 no es válido: debe tener exactamente 8 dígitos."
        assert dialog.dni.property("invalid") == "true"
        assert dialog.error_text("code") == ""
        assert dialog.isVisible()
        assert (dialog.dni.text(), dialog.first_names.text(), dialog.last_names.text()) == ("1234", "Ana", "Ccahua Pari")
        assert dialog.save_button.isEnabled()

    with answering(MemberDialog, steps):
        view.new_button.click()
    wait_idle(qtbot, runner)
    with Book.open(str(db)) as book:
        assert book.members.count() == 3
    assert view.model.rowCount() == 3


def test_a_new_member_appears_in_the_table_selected(qtbot, runner):
    view = open_view(qtbot, runner)

    def steps(dialog: MemberDialog):
        qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=20_000)
        fill(dialog, "S004", "44567890", "Ana", "Ccahua Pari")
        dialog.phone.setText("982 123 456")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    with answering(MemberDialog, steps):
        view.new_button.click()
    qtbot.waitUntil(lambda: view.model.rowCount() == 4 and not runner.busy, timeout=20_000)
    assert cells(view.model, 1) == ("S004", "Ccahua Pari, Ana", "44567890", "Tambopata", "Orgánico", "Activo", "02/05/2022")
    assert view.selected().code == "S004"
    assert view.count_label.text() == "4 socios"


def test_ask_returns_the_changes_or_none(qtbot, runner):
    def save(dialog: MemberDialog):
        qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=20_000)
        fill(dialog, "S005", "45678901", "Nelly", "Rojas Salas")
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    with answering(MemberDialog, save):
        changes = MemberDialog.ask(None, runner)
    assert changes.members == (runner.book.members.get("S005").id,)

    with answering(MemberDialog, lambda dialog: dialog.reject()):
        assert MemberDialog.ask(None, runner) is None


def test_editing_a_member_updates_its_row_in_place(qtbot, runner):
    view = open_view(qtbot, runner)
    view.select_where(lambda m: m.code == "S001")

    def steps(dialog: MemberDialog):
        qtbot.waitUntil(lambda: dialog.zone.currentData() == "LP", timeout=20_000)
        assert dialog.windowTitle() == "Editar socio S001"
        assert (dialog.dni.text(), dialog.certification.currentText()) == ("41234567", "Orgánico")
        dialog.status.setCurrentIndex(dialog.status.findData("suspendido"))
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    with answering(MemberDialog, steps):
        view.edit_button.click()
    qtbot.waitUntil(lambda: cells(view.model, 2)[5] == "Suspendido", timeout=20_000)
    assert cells(view.model, 2)[:2] == ("S001", "Quispe Mamani, Rosa")


def test_edit_and_print_wait_for_a_selected_member(qtbot, runner):
    view = open_view(qtbot, runner)
    assert view.new_button.isEnabled()
    assert not view.edit_button.isEnabled() and not view.print_button.isEnabled()
    view.select_where(lambda m: m.code == "S003")
    assert view.edit_button.isEnabled() and view.print_button.isEnabled()


def test_a_new_member_is_offered_the_next_code_selected_so_typing_replaces_it(qtbot, runner):
    dialog = MemberDialog(None, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.code.text() != "", timeout=20_000)
    assert dialog.code.text() == "S004"  # after S001, S002, S003
    assert dialog.code.selectedText() == "S004"
    qtbot.keyClicks(dialog.code, "S010")
    assert dialog.code.text() == "S010"


def test_an_edited_member_keeps_her_code_and_no_code_is_suggested(qtbot, runner, db):
    with Book.open(str(db)) as book:
        member = book.members.get("S002")
    dialog = MemberDialog(None, runner, member)
    qtbot.addWidget(dialog)
    wait_idle(qtbot, runner)
    assert dialog.code.text() == "S002"
