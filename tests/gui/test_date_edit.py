"""A date field never changes a part of the date the treasurer did not type
without saying so."""

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit

from coopdesk.gui.kit.widgets import date_edit


def focused(qtbot, day: date):
    edit = date_edit(day)
    qtbot.addWidget(edit)
    edit.show()
    edit.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus, timeout=20_000)
    return edit


def test_typing_a_month_without_the_day_says_which_day_was_kept(qtbot):
    edit = focused(qtbot, date(2026, 3, 31))
    edit.setSelectedSection(QDateEdit.Section.MonthSection)
    qtbot.keyClicks(edit, "02")
    assert edit.date() == QDate(2026, 2, 28)  # Qt's doing; now it is said
    assert edit.problem == "Febrero de 2026 no tiene día 31: quedó el 28/02/2026. Revise el día."
    assert edit.property("invalid") == "true" and edit.toolTip() == edit.problem
    edit.setSelectedSection(QDateEdit.Section.DaySection)
    qtbot.keyClicks(edit, "27")
    assert (edit.date(), edit.problem, edit.property("invalid")) == (QDate(2026, 2, 27), "", "false")


def test_a_date_typed_in_full_or_set_by_the_program_says_nothing(qtbot):
    edit = focused(qtbot, date(2026, 3, 15))
    edit.setSelectedSection(QDateEdit.Section.DaySection)
    qtbot.keyClicks(edit, "04")
    assert (edit.date(), edit.problem) == (QDate(2026, 3, 4), "")
    edit.clearFocus()
    edit.setDate(QDate(2026, 1, 31))
    edit.setDate(QDate(2026, 2, 28))
    assert edit.problem == ""
