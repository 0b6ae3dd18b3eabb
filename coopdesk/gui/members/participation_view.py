"""Participación: assemblies and faenas, who attended each, and every member's
points for the current campaign (the basis of the criteria key ``puntos``).

The events are few; the padrón may be 50,000 members, held in memory once read
(as the Distribución screen holds its padrón) and filtered here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Sequence

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from coopdesk.core import Changes
from coopdesk.core.dto import CampaignRow, MemberRow
from coopdesk.core.participation import KINDS, EventRow
from coopdesk.domain.money import ZERO
from coopdesk.domain.problems import Problem
from coopdesk.domain.text import sort_fold
from coopdesk.gui.kit.rows import LOADED_ORDER, RowsModel, SEARCH_DELAY_MS, SortableColumn, sorted_table
from coopdesk.gui.kit.forms import FormDialog, NumberParser
from coopdesk.gui.kit.table_models import CENTER, RIGHT
from coopdesk.gui.kit.screen import Screen
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.gui.kit.widgets import choice_combo, combo_value, date_edit, number_edit
from coopdesk.i18n import N_, _, ngettext
from coopdesk.i18n.formatting import format_date, format_number

KIND_NAMES = {"asamblea": N_("Asamblea"), "faena": N_("Faena")}


def kind_name(kind: str) -> str:
    return _(KIND_NAMES[kind]) if kind in KIND_NAMES else kind


def format_points(points: Decimal) -> str:
    """Points as written on the sheet: 2, 1.5, 0.25."""
    whole = points == points.to_integral_value()
    return format_number(points, 0 if whole else 2)


def points_text(points: Decimal) -> str:
    """"1 punto", "2 puntos", "1.5 puntos"."""
    return ngettext("%(n)s punto", "%(n)s puntos", 1 if points == 1 else 2) % {"n": format_points(points)}


def event_title(event: EventRow) -> str:
    title = _("%(kind)s del %(date)s") % {"kind": kind_name(event.kind), "date": format_date(event.date)}
    return f"{title}: {event.description}" if event.description else title


@dataclass(frozen=True)
class MemberPoints:
    member: MemberRow
    points: Decimal


def event_columns() -> list[SortableColumn]:
    return [
        SortableColumn(_("Fecha"), lambda e: format_date(e.date), align=CENTER, sample="00/00/0000",
                       key=lambda e: (e.date, e.id)),
        SortableColumn(_("Tipo"), lambda e: kind_name(e.kind), sample=_("Asamblea"), key=lambda e: e.kind),
        SortableColumn(_("Descripción"), lambda e: e.description, sample="Asamblea general ordinaria",
                       tooltip=lambda e: e.description, key=lambda e: sort_fold(e.description)),
        SortableColumn(_("Puntos"), lambda e: format_number(e.points, 2), align=RIGHT, sample="000.00",
                       key=lambda e: e.points),
        SortableColumn(_("Asistentes"), lambda e: format_number(e.attended), align=RIGHT, sample="00,000",
                       key=lambda e: e.attended),
    ]


def points_columns() -> list[SortableColumn]:
    return [
        SortableColumn(_("Código"), lambda r: r.member.code, sample="S000000", key=lambda r: r.member.code),
        SortableColumn(_("Socio"), lambda r: r.member.sort_name, sample="Gutiérrez Huillca, Marisol Yolanda",
                       key=LOADED_ORDER),
        SortableColumn(_("Zona"), lambda r: r.member.zone_name, sample="Las Piedras",
                       key=lambda r: sort_fold(r.member.zone_name)),
        SortableColumn(_("Puntos"), lambda r: format_number(r.points, 2), align=RIGHT, sample="0,000.00",
                       key=lambda r: r.points),
    ]


def member_search(member: MemberRow) -> str:
    return f"{member.code} {member.dni} {member.first_names} {member.last_names} {member.zone_name}"


def read_participation(book, search_keys) -> tuple[CampaignRow | None, list[EventRow], list[MemberPoints], list[str]]:
    """On the worker: the campaign, every event, each member's points in the campaign."""
    campaign = book.campaigns.current()
    events = book.participation.events()
    members = book.members.page("", limit=max(1, book.members.count()))
    points = book.participation.points(campaign.start_date, campaign.end_date) if campaign else {}
    rows = [MemberPoints(m, points.get(m.id, ZERO)) for m in members]
    return campaign, events, rows, search_keys(rows)


def attendees(book, event: EventRow, codes_by_id: dict[int, str]) -> set[str]:
    """On the worker: who attended ``event`` as last recorded."""
    return book.participation.attendees(event.id)


# -- the dialogs ------------------------------------------------------------------------


class EventDialog(FormDialog):
    """Nueva asamblea o faena: date, kind, points per attendance, description."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner):
        super().__init__(parent, runner, _("Nueva asamblea o faena"))
        self.created: list[int] = []
        today = self.runner.today()
        self.date = self.add_field("date", _("Fecha:"), date_edit(today, maximum=today))
        self.kind = self.add_field("kind", _("Tipo:"), choice_combo([(k, kind_name(k)) for k in KINDS], _("Elija…")))
        self.points = self.add_field("points", _("Puntos por asistir:"), number_edit("1", width_chars=8))
        self.points.setText("1")
        self.description = self.add_field("description", _("Descripción:"), QLineEdit())
        self.description.setMaxLength(200)
        self.description.setPlaceholderText(_("Por ejemplo: asamblea general ordinaria"))
        self.setMinimumWidth(560)

    def prepare(self):
        parser = NumberParser()
        points = parser.decimal("points", self.points)
        if not combo_value(self.kind):
            parser.problems.append(Problem("kind", N_("Elija el tipo: asamblea o faena.")))
        parser.check()
        day, kind, description, created = (self.date.date().toPython(), combo_value(self.kind),
                                           self.description.text().strip(), self.created)
        return lambda book: (created.append(book.participation.add_event(day, kind, points, description)),
                             Changes())[1]


class ChecklistModel(RowsModel):
    """Members with a tick in the first column; optionally only the ticked ones."""

    changed_checks = Signal()

    def __init__(self, columns: Sequence[SortableColumn], search_key, parent=None):
        super().__init__(columns, search_key, parent)
        self.checked: set[str] = set()
        self.only_checked = False

    def _select(self) -> None:
        super()._select()
        if self.only_checked:
            self._shown = [i for i in self._shown if self._rows[i].code in self.checked]

    def show_only_checked(self, only: bool) -> None:
        self.beginResetModel()
        self.only_checked = only
        self._select()
        self.endResetModel()

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole and index.isValid() and index.column() == 0:
            checked = self.row_at(index.row()).code in self.checked
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        return super().data(index, role)

    def flags(self, index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsUserCheckable if index.isValid() and index.column() == 0 else flags

    def setData(self, index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        self.set_checked([self.row_at(index.row()).code], Qt.CheckState(value) == Qt.CheckState.Checked)
        return True

    def toggle(self, row: int) -> None:
        code = self.row_at(row).code
        self.set_checked([code], code not in self.checked)

    def set_checked(self, codes: Sequence[str], checked: bool) -> None:
        (self.checked.update if checked else self.checked.difference_update)(codes)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0),
                                  [Qt.ItemDataRole.CheckStateRole])
        self.changed_checks.emit()


class AttendanceDialog(FormDialog):
    """The attendance sheet of one event: tick who came. Type a code, DNI or
    name and press Enter to tick (or untick) the member found."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, event: EventRow, members: Sequence[MemberRow],
                 search_keys: list[str] | None = None):
        super().__init__(parent, runner, _("Asistencia: %(event)s") % {"event": event_title(event)},
                         save_text=_("Guardar asistencia"))
        self.event = event
        intro = QLabel(_("%(event)s · %(points)s por asistir") % {"event": event_title(event),
                                                                  "points": points_text(event.points)})
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.form.addRow(intro)

        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Buscar por código, DNI o nombre; Enter marca al socio hallado"))
        self.filter.setClearButtonEnabled(True)
        columns = [
            SortableColumn(_("Código"), lambda m: m.code, sample="S000000"),
            SortableColumn(_("Socio"), lambda m: m.sort_name, sample="Gutiérrez Huillca, Marisol Yolanda"),
            SortableColumn(_("Zona"), lambda m: m.zone_name, sample="Las Piedras"),
        ]
        self.model = ChecklistModel(columns, member_search, parent=self)
        self.model.set_rows(members, search_keys)
        self.table = sorted_table(self.model, columns, stretch=1, title=_("Participación"))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setColumnWidth(0, self.table.columnWidth(0) + 28)  # room for the tick
        self.table.clicked.connect(self._clicked)
        self.table.setMinimumHeight(240)

        self.count = QLabel()
        self.feedback = QLabel()
        self.feedback.setTextFormat(Qt.TextFormat.PlainText)
        self.feedback.setStyleSheet("color: #4a4a4a;")
        self.only_checked = QCheckBox(_("Solo los marcados"))
        self.only_checked.toggled.connect(self._only_checked)
        check_shown = QPushButton(_("Marcar los mostrados"))
        uncheck_shown = QPushButton(_("Desmarcar los mostrados"))
        for button in (check_shown, uncheck_shown):
            button.setAutoDefault(False)
        check_shown.clicked.connect(lambda: self._check_shown(True))
        uncheck_shown.clicked.connect(lambda: self._check_shown(False))
        tools = QHBoxLayout()
        tools.addWidget(self.count)
        tools.addWidget(self.feedback, 1)
        tools.addWidget(self.only_checked)
        tools.addWidget(check_shown)
        tools.addWidget(uncheck_shown)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.filter)
        column.addWidget(self.table, 1)
        column.addLayout(tools)
        self.layout().insertWidget(self.layout().indexOf(self.form) + 1, box, 100)  # the list takes the height

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.filter_now)
        self.filter.textChanged.connect(lambda _text: self._timer.start())
        self.filter.returnPressed.connect(self.tick_found)
        self.model.changed_checks.connect(self._count)
        self.setMinimumWidth(680)
        self.resize(720, 680)
        self._count()

        self.save_button.setEnabled(False)  # until the sheet as recorded is here
        codes_by_id = {m.id: m.code for m in members}
        runner.run(lambda book: attendees(book, event, codes_by_id), self._attendees_loaded, owner=self)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.filter.setFocus(Qt.FocusReason.OtherFocusReason)  # the cursor starts in the search

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.focusWidget() in (self.filter, self.table):
            if self.focusWidget() is self.table and self.table.currentIndex().isValid():
                self.model.toggle(self.table.currentIndex().row())
            return  # Enter ticks (the search did it already); it never saves the sheet by surprise
        if event.key() == Qt.Key.Key_Down and self.focusWidget() is self.filter and self.model.rowCount():
            if not self.table.currentIndex().isValid():
                self.table.setCurrentIndex(self.model.index(0, 0))
            self.table.setFocus(Qt.FocusReason.TabFocusReason)  # from the search down into the list
            return
        super().keyPressEvent(event)

    def _attendees_loaded(self, codes: set[str]) -> None:
        self.model.set_checked(sorted(codes), True)
        self.save_button.setEnabled(True)

    def filter_now(self) -> None:
        self._timer.stop()
        self.model.filter(self.filter.text())

    def tick_found(self) -> None:
        """Enter in the search: tick or untick the member found, then a new search."""
        self.filter_now()
        if self.model.rowCount() == 0:
            return
        if self.model.rowCount() > 1:
            exact = self.model.row_of(lambda m: m.code.upper() == self.filter.text().strip().upper()
                                      or m.dni == self.filter.text().strip())
            if exact is None:
                self.table.selectRow(0)
                return  # several found: the treasurer picks one in the list
            row = exact
        else:
            row = 0
        member = self.model.row_at(row)
        self.model.toggle(row)
        ticked = member.code in self.model.checked
        self.feedback.setText((_("Marcado: %(code)s %(name)s") if ticked else _("Desmarcado: %(code)s %(name)s"))
                              % {"code": member.code, "name": member.sort_name})
        self.filter.clear()
        self.filter_now()

    def _clicked(self, index: QModelIndex) -> None:
        if index.column() != 0:  # the tick's own box toggles itself
            self.model.toggle(index.row())

    def _check_shown(self, checked: bool) -> None:
        self.model.set_checked([m.code for m in self.model.shown()], checked)

    def _only_checked(self, only: bool) -> None:
        self.model.show_only_checked(only)

    def _count(self) -> None:
        n = len(self.model.checked)
        self.count.setText(ngettext("%(n)s asistente marcado", "%(n)s asistentes marcados", n) % {
            "n": format_number(n)})

    def prepare(self):
        event_id, codes = self.event.id, sorted(self.model.checked)
        return lambda book: book.participation.record_attendance(event_id, codes)


# -- the screen --------------------------------------------------------------------------


class ParticipationView(Screen):
    status_message = Signal(str)  # for the main window's status bar

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.campaign: CampaignRow | None = None
        self._members: list[MemberRow] = []
        self._member_keys: list[str] = []
        self._select_event: int | None = None

        columns = event_columns()
        self.events_model = RowsModel(columns, parent=self)
        self.events = sorted_table(self.events_model, columns, stretch=2, title=_("Asambleas y faenas"))
        self.events.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.events.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.events.setSortingEnabled(True)
        self.events.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.events.doubleClicked.connect(lambda _index: self.record_attendance())
        self.new_button = QPushButton(_("Nueva asamblea o faena…"))
        self.new_button.setShortcut(QKeySequence(QKeySequence.StandardKey.New))
        self.new_button.setToolTip(_("Nueva asamblea o faena… (%(key)s)") % {
            "key": self.new_button.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})
        self.new_button.clicked.connect(self.new_event)
        self.attendance_button = QPushButton(_("Asistencia…"))
        self.attendance_button.setToolTip(_("Quiénes asistieron a la asamblea o faena elegida (también doble clic)"))
        self.attendance_button.clicked.connect(self.record_attendance)
        self.events_title = QLabel(_("<b>Asambleas y faenas</b>"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.attendance_button)
        buttons.addStretch(1)

        self.points_title = QLabel()
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Filtrar por código, DNI, nombre o zona…"))
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.filter_now)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        columns = points_columns()
        self.points_model = RowsModel(columns, search_key=lambda r: member_search(r.member), parent=self)
        self.points = sorted_table(self.points_model, columns, stretch=1)
        self.points.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)
        self.points.setSortingEnabled(True)
        self.totals = QLabel()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.events_title)
        left_layout.addWidget(self.events, 1)
        left_layout.addLayout(buttons)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.points_title)
        right_layout.addWidget(self.search)
        right_layout.addWidget(self.points, 1)
        right_layout.addWidget(self.totals)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([560, 520])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(splitter)

        runner.changed.connect(self.on_changes)
        runner.book_opened.connect(lambda _book: self.on_changes(Changes(reference=True)))
        self._update_buttons()

    # -- loading ------------------------------------------------------------------

    def reload(self) -> None:
        self._stale = False
        search_keys = self.points_model.search_keys
        self.runner.run(lambda book: read_participation(book, search_keys), lambda loaded: self._loaded(*loaded),
                        owner=self)

    def on_changes(self, changes: Changes) -> None:
        if not (changes.members or changes.reference):
            return
        self.when_visible(self.reload)

    def _loaded(self, campaign: CampaignRow | None, events: list[EventRow], rows: list[MemberPoints],
                search_keys: list[str]) -> None:
        kept = self.selected_event()
        wanted = self._select_event if self._select_event is not None else (kept.id if kept else None)
        self._select_event = None
        self.campaign = campaign
        self._members, self._member_keys = [r.member for r in rows], search_keys  # for the attendance sheet
        self.events_model.set_rows(events)
        self.points_model.set_rows(rows, search_keys)
        if campaign is None:
            self.points_title.setText(_("<b>Puntos de participación</b> (no hay campaña registrada)"))
        else:
            self.points_title.setText(_("<b>Puntos de participación: %(name)s</b> (del %(start)s al %(end)s)") % {
                "name": campaign.name, "start": format_date(campaign.start_date),
                "end": format_date(campaign.end_date)})
        row = self.events_model.row_of(lambda e: e.id == wanted) if wanted is not None else None
        if row is not None:
            self.events.selectionModel().select(self.events_model.index(row, 0),
                                                QItemSelectionModel.SelectionFlag.ClearAndSelect
                                                | QItemSelectionModel.SelectionFlag.Rows)
            self.events.scrollTo(self.events_model.index(row, 0))
        self._show_totals()
        self._update_buttons()

    def filter_now(self) -> None:
        self._search_timer.stop()
        self.points_model.filter(self.search.text())
        self._show_totals()

    def _show_totals(self) -> None:
        shown = self.points_model.shown()
        with_points = [r for r in shown if r.points > ZERO]
        total = sum((r.points for r in shown), ZERO)
        self.totals.setText(_("%(with)s de %(members)s con puntos · %(points)s puntos en total") % {
            "with": format_number(len(with_points)),
            "members": ngettext("%(n)s socio", "%(n)s socios", len(shown)) % {"n": format_number(len(shown))},
            "points": format_number(total, 2)})

    # -- the actions ---------------------------------------------------------------------

    def selected_event(self) -> EventRow | None:
        rows = self.events.selectionModel().selectedRows()
        return self.events_model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        self.attendance_button.setEnabled(self.selected_event() is not None)

    def new_event(self) -> None:
        dialog = EventDialog(self, self.runner)
        try:
            if dialog.exec() and dialog.created:
                self._select_event = dialog.created[0]
                self.status_message.emit(_("Registrada. Elija «Asistencia…» para marcar quiénes asistieron."))
                self.reload()
        finally:
            dialog.deleteLater()

    def record_attendance(self) -> None:
        event = self.selected_event()
        if event is None:
            return
        self._select_event = event.id
        changes = AttendanceDialog.ask(self, self.runner, event, self._members, self._member_keys)
        if changes is None:
            self._select_event = None
        elif not changes.members:
            self.reload()  # nobody marked: no member changed, but the count did
