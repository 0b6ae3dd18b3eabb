"""Participación: an assembly recorded in the dialog, its attendance sheet
ticked by typing codes, and the points it gives each attendee for the campaign."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from PySide6.QtCore import QDate, Qt

from coopdesk.gui.members.participation_view import AttendanceDialog, EventDialog, ParticipationView
from coopdesk.gui.kit.widgets import select_value

from .conftest import answering, cells, wait_idle



def on_worker(qtbot, runner, fn):
    out = []
    runner.run(fn, out.append)
    wait_idle(qtbot, runner)
    return out[0] if out else None


def open_view(qtbot, runner) -> ParticipationView:
    view = ParticipationView(runner)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    wait_idle(qtbot, runner)
    return view


def points(view) -> dict[str, str]:
    return {cells(view.points_model, r)[0]: cells(view.points_model, r)[3] for r in range(view.points_model.rowCount())}


def new_event(qtbot, view, day: date, kind: str, pts: str, description: str) -> None:
    def steps(dialog: EventDialog):
        dialog.date.setDate(QDate(day))
        select_value(dialog.kind, kind)
        dialog.points.setText(pts)
        dialog.description.setText(description)
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    with answering(EventDialog, steps):
        view.new_button.click()
    wait_idle(qtbot, view.runner)


def test_an_assembly_with_two_attendees_gives_them_its_points(qtbot, runner):
    view = open_view(qtbot, runner)
    assert view.points_title.text() == ("<b>Puntos de participación: Campaña 2026</b> (del 01/01/2026 al "
                                        "31/12/2026)")
    assert points(view) == {"S002": "0.00", "S003": "0.00", "S001": "0.00"}
    assert not view.attendance_button.isEnabled()

    new_event(qtbot, view, date(2026, 3, 14), "asamblea", "2", "Asamblea general ordinaria")
    assert [cells(view.events_model, r) for r in range(view.events_model.rowCount())] == [
        ("14/03/2026", "Asamblea", "Asamblea general ordinaria", "2.00", "0")]
    assert view.selected_event().description == "Asamblea general ordinaria"  # the new one, ready for its sheet
    seen = {}

    def tick(dialog: AttendanceDialog):
        dialog.activateWindow()
        qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=20_000)
        seen["intro"] = dialog.windowTitle()
        for typed in ("s001", "43456789"):  # a code in any case, a DNI: Enter ticks the member found
            qtbot.keyClicks(dialog.filter, typed)
            qtbot.keyClick(dialog.filter, Qt.Key.Key_Return)
        seen["count"] = dialog.count.text()
        seen["feedback"] = dialog.feedback.text()
        dialog.only_checked.setChecked(True)
        seen["shown"] = [dialog.model.row_at(r).code for r in range(dialog.model.rowCount())]
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    with answering(AttendanceDialog, tick):
        view.attendance_button.click()
    wait_idle(qtbot, runner)
    assert seen == {"intro": "Asistencia: Asamblea del 14/03/2026: Asamblea general ordinaria",
                    "count": "2 asistentes marcados", "feedback": "Marcado: S003 Quispe Huamán, Pedro",
                    "shown": ["S003", "S001"]}
    assert cells(view.events_model, 0)[4] == "2"
    assert points(view) == {"S002": "0.00", "S003": "2.00", "S001": "2.00"}
    assert view.totals.text() == "2 de 3 socios con puntos · 4.00 puntos en total"
    by_id = on_worker(qtbot, runner, lambda book: book.participation.points(date(2026, 1, 1), date(2026, 12, 31)))
    codes = on_worker(qtbot, runner, lambda book: {m.id: m.code for m in book.members.page("")})
    assert {codes[i]: p for i, p in by_id.items()} == {"S001": D("2.00"), "S003": D("2.00")}

    # the sheet opens again as it was saved; unticking Pedro takes his points away
    def untick(dialog: AttendanceDialog):
        qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=20_000)
        seen["again"] = sorted(dialog.model.checked)
        qtbot.keyClicks(dialog.filter, "S003")
        qtbot.keyClick(dialog.filter, Qt.Key.Key_Return)
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    with answering(AttendanceDialog, untick):
        view.attendance_button.click()
    wait_idle(qtbot, runner)
    assert seen["again"] == ["S001", "S003"]
    assert points(view) == {"S002": "0.00", "S003": "0.00", "S001": "2.00"}


def test_a_new_event_needs_its_kind_and_readable_points(qtbot, runner):
    view = open_view(qtbot, runner)
    seen = {}

    def steps(dialog: EventDialog):
        dialog.points.setText("dos")
        dialog.save()
        seen["kind"], seen["points"] = dialog.error_text("kind"), dialog.error_text("points")
        dialog.reject()

    with answering(EventDialog, steps):
        view.new_button.click()
    wait_idle(qtbot, runner)
    assert seen == {"kind": "Elija el tipo: asamblea o faena.",
                    "points": "«dos» no es un número. Escriba cifras con punto decimal, por ejemplo 120.5."}
    assert view.events_model.rowCount() == 0


def test_two_events_the_same_day_each_keep_their_own_attendance_sheet(qtbot, runner):
    def make(book):
        first = book.participation.add_event(date(2026, 4, 4), "faena", D("1"), "Limpieza del centro de acopio")
        second = book.participation.add_event(date(2026, 4, 4), "asamblea", D("2"), "Asamblea de zona")
        book.participation.record_attendance(first, ["S001"])
        book.participation.record_attendance(second, ["S002"])
    on_worker(qtbot, runner, make)
    view = open_view(qtbot, runner)
    view.events.selectRow(0)
    seen = {}

    def steps(dialog: AttendanceDialog):
        qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=20_000)
        seen["checked"] = set(dialog.model.checked)
        dialog.reject()

    with answering(AttendanceDialog, steps):
        view.attendance_button.click()
    # the newest first: the zone assembly, which Juan attended
    assert seen["checked"] == {"S002"}


def test_the_attendance_checklist_passes_the_qt_model_tester(qtbot, qtmodeltester, runner):
    from coopdesk.gui.kit.rows import SortableColumn
    from coopdesk.gui.members.participation_view import ChecklistModel, member_search

    members = on_worker(qtbot, runner, lambda book: book.members.page(""))  # S002, S003, S001 by surname
    model = ChecklistModel([SortableColumn("Código", lambda m: m.code)], member_search)
    model.set_rows(members)
    model.set_checked(["S002"], True)
    qtmodeltester.check(model)
    assert model.index(1, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert model.setData(model.index(2, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    model.show_only_checked(True)
    assert [model.row_at(r).code for r in range(model.rowCount())] == ["S002", "S001"]
