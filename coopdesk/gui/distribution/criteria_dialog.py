"""Nueva distribución / Corregir: the criteria in forms or as text (TOML),
checked as they are typed, previewed, then computed and stored as a draft run.

The «Formularios» tab (``criteria_forms``) shows the criteria as rows and
fields with live totals, each field's help and a live preview of the amounts
(``criteria_preview``); every edit there is written back as TOML in the
«Avanzado» tab, which stays the document of record (what is checked, stored,
sealed and saved to a file).

The editor numbers its lines, since every problem names its line ("Línea 14,
«fondos[0].clave»: …"); a double-click on a problem puts the cursor there.
Checking is pure and fast (``read_criteria``) and runs on the GUI thread a
moment after typing stops; "Calcular" runs ``create()`` on the worker. What the
core refuses lands in the dialog, which stays open with the text.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontDatabase, QPainter, QPalette, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QInputDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpacerItem,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coopdesk.core import Changes, InvalidInput
from coopdesk.core.distributions import RunRow
from coopdesk.domain.distribution.criteria_file import read_criteria
from coopdesk.domain.distribution.criteria_writer import read_document, write_criteria
from coopdesk.domain.problems import Problem
from coopdesk.domain.text import decode_text
from coopdesk.gui.distribution.criteria_forms import CriteriaForms
from coopdesk.gui.distribution.criteria_preview import CriteriaPreview, Preview, preview
from coopdesk.gui.kit.forms import ERROR_COLOR, FormDialog
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.i18n import _, describe, ngettext

CHECK_DELAY_MS = 300
PREVIEW_DELAY_MS = 600
FORMS, ADVANCED = 0, 1
OK_COLOR = "#1b5e20"


def _file_filter() -> str:
    return _("Criterios (*.toml);;Texto (*.txt);;Todos los archivos (*)")


def template(year: int) -> str:
    """The worked example of docs/criteria.md, commented for a first reading: in
    Spanish whatever the screens' language, as the criteria are the Spanish document
    of record the assembly approves (so not marked for gettext)."""
    return ("""# Criterios de distribución
# Las líneas que empiezan con # son comentarios: no cuentan.
# Los montos van entre comillas, con punto decimal: "10000.00".

[distribucion]
nombre = "Distribución de excedentes %(year)s"
monto = "10000.00"            # monto a distribuir, en soles
base_porcentajes = "bruto"    # "bruto": cada porcentaje es del monto; "secuencial": de lo que queda
reserva_minima = 20           # %% mínimo para la Reserva Cooperativa
pago_minimo = "0.00"          # montos menores se retienen, no se pagan
orden_descuentos = ["adelantos", "prestamos", "insumos"]   # qué se descuenta primero

# Apropiaciones: se apartan antes de repartir a los socios, en este orden.
[[apropiaciones]]
nombre = "Reserva Cooperativa"
porcentaje = 20
reserva = true

[[apropiaciones]]
nombre = "Fondo de Educación"
porcentaje = 10

[[apropiaciones]]
nombre = "Fondo de Previsión Social"
porcentaje = 5

# Fondos para los socios (porcentaje de lo que queda, o un monto).
# clave: valor | kg | kg_ponderado | partes_iguales | tarifa | aportaciones | puntos
# "valor" reparte en proporción al valor de lo que cada socio entregó (sus operaciones):
# un kilo de cacao en baba no vale lo que uno de grano seco. "kg" solo sirve cuando todos
# entregaron el mismo producto, o con un fondo por producto (solo_producto = "CACAO-SECO").
[[fondos]]
nombre = "Retorno por lo entregado"
clave = "valor"
porcentaje = 80

[[fondos]]
nombre = "Parte igual"
clave = "partes_iguales"
porcentaje = 20

# Quiénes participan.
[elegibilidad]
estados = ["activo"]
kg_minimo = 0
""") % {"year": year}


def ask_year(parent: QWidget, year: int) -> tuple[int, bool]:
    """Which ejercicio's remanente (replaced in tests)."""
    return QInputDialog.getInt(parent, _("Monto del remanente"), _("Ejercicio:"), year, 1900, 9999)


def choose_file_to_open(parent: QWidget) -> str:
    """The file to import ('' if cancelled); replaced in tests."""
    return QFileDialog.getOpenFileName(parent, _("Importar criterios"), "", _file_filter())[0]


def choose_file_to_save(parent: QWidget, suggested: str) -> str:
    return QFileDialog.getSaveFileName(parent, _("Guardar criterios"), suggested, _file_filter())[0]


def read_text_file(path: str) -> str:
    """UTF-8 (with or without BOM), else Windows' Latin-1 as Notepad saved it for years."""
    data = Path(path).read_bytes()
    if b"\x00" in data[:4096]:
        raise ValueError("binary")
    return decode_text(data)


class CriteriaEditor(QPlainTextEdit):
    """A monospace editor with line numbers in a gutter."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setTabChangesFocus(True)
        self._gutter = _Gutter(self)
        self.blockCountChanged.connect(lambda _n: self.setViewportMargins(self.gutter_width(), 0, 0, 0))
        self.updateRequest.connect(self._scroll_gutter)
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def gutter_width(self) -> int:
        digits = max(3, len(str(self.blockCount())))
        return 10 + self.fontMetrics().horizontalAdvance("9" * digits)

    def go_to_line(self, line: int) -> None:
        block = self.document().findBlockByNumber(max(0, line - 1))
        cursor = QTextCursor(block)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        rect = self.contentsRect()
        self._gutter.setGeometry(QRect(rect.left(), rect.top(), self.gutter_width(), rect.height()))

    def _scroll_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self._gutter.scroll(0, dy)
        else:
            self._gutter.update(0, rect.y(), self._gutter.width(), rect.height())

    def paint_gutter(self, event) -> None:
        painter = QPainter(self._gutter)
        painter.fillRect(event.rect(), self.palette().color(QPalette.ColorRole.AlternateBase))
        color = QColor(self.palette().color(QPalette.ColorRole.Text))
        color.setAlpha(120)
        painter.setPen(color)
        block = self.firstVisibleBlock()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        while block.isValid() and top <= event.rect().bottom():
            height = round(self.blockBoundingRect(block).height())
            painter.drawText(0, top, self._gutter.width() - 5, height,
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                             str(block.blockNumber() + 1))
            block = block.next()
            top += height
        painter.end()


class _Gutter(QWidget):
    def __init__(self, editor: CriteriaEditor):
        super().__init__(editor)
        self._editor = editor

    def sizeHint(self) -> QSize:
        return QSize(self._editor.gutter_width(), 0)

    def paintEvent(self, event) -> None:
        self._editor.paint_gutter(event)


class CriteriaDialog(FormDialog):
    """Compute and store a draft run from criteria; with ``corrects``, a
    correction of that published run, which needs a reason."""

    run_created = Signal(object)  # the RunRow stored

    def __init__(self, parent: QWidget | None, runner: TaskRunner, text: str | None = None,
                 corrects: RunRow | None = None):
        title = (_("Corregir la distribución N.º %(number)s") % {"number": corrects.number} if corrects
                 else _("Nueva distribución"))
        super().__init__(parent, runner, title, save_text=_("Calcular"))
        self.corrects = corrects
        self.created: RunRow | None = None
        self._created: list[RunRow] = []
        self.save_button.setToolTip(_("Calcular y guardar como borrador (Ctrl+S)"))
        if corrects is not None:
            intro = QLabel(_("La distribución publicada N.º %(number)s no cambia: la corrección se calcula aparte y, "
                             "cuando se publique, la reemplazará. Diga por qué se corrige.")
                           % {"number": corrects.number})
            intro.setWordWrap(True)
            self.form.addRow(intro)
        # the distribution's name is the criteria's own («Nombre de la distribución» in the forms): one field
        self.reason = None
        if corrects is not None:
            self.reason = self.add_field("reason", _("Motivo de la corrección:"), QLineEdit())
            self.reason.setPlaceholderText(_("Por ejemplo: faltaban las entregas del acopio de Planchón"))

        self.editor = CriteriaEditor()
        self.editor.setPlainText(text if text is not None else template(self.runner.today().year))
        self._order.append(self.editor)
        self.import_button = QPushButton(_("Importar archivo…"))
        self.export_button = QPushButton(_("Guardar archivo…"))
        self.template_button = QPushButton(_("Usar la plantilla"))
        self.import_button.clicked.connect(self.import_file)
        self.export_button.clicked.connect(self.export_file)
        self.template_button.clicked.connect(lambda: self.editor.setPlainText(template(self.runner.today().year)))
        self.remanente_button = QPushButton(_("Monto del remanente…"))
        self.remanente_button.setToolTip(_("Escribe en los criterios el remanente de un ejercicio, del Estado de "
                                           "resultados de la contabilidad"))
        self.remanente_button.clicked.connect(self.take_remanente)
        self.position = QLabel()
        self.position.setEnabled(False)
        files = QHBoxLayout()
        for button in (self.import_button, self.export_button, self.template_button, self.remanente_button):
            button.setAutoDefault(False)
            files.addWidget(button)
        files.addStretch(1)
        files.addWidget(self.position)

        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.problem_list = QListWidget()
        self.problem_list.setWordWrap(True)
        self.problem_list.setStyleSheet(f"QListWidget {{ color: {ERROR_COLOR}; }}")
        self.problem_list.setMaximumHeight(self.fontMetrics().height() * 6 + 12)
        self.problem_list.itemActivated.connect(self._go_to_problem)
        self.problem_list.setToolTip(_("Doble clic en un problema: el cursor va a esa línea del texto"))
        self.problem_list.hide()
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(140)
        self.busy_bar.setMaximumHeight(14)
        self.busy_label = QLabel(_("Calculando la distribución con los datos de la campaña…"))
        busy = QHBoxLayout()
        busy.addWidget(self.busy_label)
        busy.addWidget(self.busy_bar)
        busy.addStretch(1)
        self.busy_bar.hide()
        self.busy_label.hide()

        self.forms = CriteriaForms()
        self.forms.edited.connect(self._from_forms)
        self.forms_note = QLabel()
        self.forms_note.setWordWrap(True)
        self.forms_note.setStyleSheet(f"color: {ERROR_COLOR};")
        self.forms_note.hide()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.forms)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.forms_note)
        column.addWidget(scroll, 1)
        self.help = QLabel(_("Ponga el cursor en un dato para ver aquí qué significa."))
        self.help.setWordWrap(True)
        self.help.setFrameShape(QFrame.Shape.StyledPanel)
        self.help.setMargin(6)
        self.help.setMinimumHeight(self.fontMetrics().height() * 4)
        self.help.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.forms.help_changed.connect(self._show_help)
        self.preview = CriteriaPreview()
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.help)
        column.addWidget(self.preview, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 2)  # on a smaller screen both give way, the forms more
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        split.setSizes([820, 380])
        self.tabs = QTabWidget()
        self.tabs.addTab(split, _("Formularios"))
        self.tabs.addTab(self.editor, _("Avanzado (texto TOML)"))
        self.tabs.setTabToolTip(ADVANCED, _("Los mismos criterios como texto: el documento que se guarda, se "
                                            "imprime y se sella"))
        self.tabs.currentChanged.connect(self._tab_changed)

        body = QVBoxLayout()
        body.addLayout(files)
        body.addWidget(self.tabs, 1)
        body.addWidget(self.verdict)
        body.addWidget(self.problem_list)
        body.addLayout(busy)
        layout: QVBoxLayout = self.layout()
        stretch = layout.itemAt(2)
        if isinstance(stretch, QSpacerItem):
            layout.takeAt(2)
        layout.insertLayout(2, body, 1)

        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.check)
        self.editor.textChanged.connect(self._check_timer.start)
        self.editor.textChanged.connect(self._text_changed)
        self.editor.cursorPositionChanged.connect(self._show_position)
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.refresh_preview)
        self._previewing = False
        self._syncing = False
        self._written: str | None = None  # the text the forms last wrote
        self._show_position()
        self._to_forms()
        self.check()
        QApplication.instance().focusChanged.connect(self._focus_moved)
        self.resize(1220, 690)  # fits 1366 × 768 with a taskbar

    def showEvent(self, event) -> None:
        super().showEvent(event)
        (self.reason or self.editor).setFocus(Qt.FocusReason.OtherFocusReason)

    # -- checking ---------------------------------------------------------------

    def text(self) -> str:
        return self.editor.toPlainText()

    def check(self) -> list[Problem]:
        """Check the text now; show the verdict and every problem."""
        self._check_timer.stop()
        _criteria, problems = read_criteria(self.text())
        self.show_criteria_problems(problems)
        self.forms.mark_problems([p.field for p in problems])
        if problems:
            self._preview_timer.stop()
            self.preview.show_waiting(_("Se calcula cuando los criterios no tienen problemas."))
        else:
            self._preview_timer.start()
        return problems

    # -- forms and text ---------------------------------------------------------

    def _from_forms(self) -> None:
        """The forms changed: the text is written again from them (the document of record)."""
        text = write_criteria(self.forms.document())
        self._syncing = True
        try:
            self.editor.setPlainText(text)
        finally:
            self._syncing = False
        self._written = text

    def _text_changed(self) -> None:
        if not self._syncing and self.tabs.currentIndex() == FORMS:
            self._to_forms()  # imported, the template, the remanente: the forms follow

    def _tab_changed(self, index: int) -> None:
        if index == FORMS:
            self._to_forms()

    def _to_forms(self) -> None:
        """The forms show the text, unless the text is what they wrote."""
        text = self.text()
        if text == self._written:
            return
        doc = read_document(text)
        if doc is None:
            self.forms_note.setText(_("El texto tiene un error de escritura y los formularios no pueden leerlo: "
                                      "corríjalo en la pestaña «Avanzado» (el problema dice la línea)."))
            self.forms_note.show()
            self.forms.setEnabled(False)
            return
        self.forms_note.hide()
        self.forms.setEnabled(True)
        self.forms.load(doc)
        self._written = text

    def done(self, result: int) -> None:
        try:  # the application's signal outlives the dialog
            QApplication.instance().focusChanged.disconnect(self._focus_moved)
        except (RuntimeError, TypeError):
            pass
        super().done(result)

    def _focus_moved(self, _old, new) -> None:
        if new is not None and self.forms.isAncestorOf(new):
            help_text = self.forms.help_of(new)
            if help_text:
                self._show_help(help_text)

    def _show_help(self, text: str) -> None:
        if text:
            self.help.setText(text)

    # -- preview ----------------------------------------------------------------

    def refresh_preview(self) -> None:
        """The amounts by pot and the first members, computed on the worker (nothing stored)."""
        self._preview_timer.stop()
        if self._previewing:  # one at a time; the latest text once this one is back
            self._preview_timer.start()
            return
        text = self.text()
        self._previewing = True
        self.preview.show_waiting(_("Calculando la vista previa…"))

        def done(shown: Preview) -> None:
            self._previewing = False
            if text == self.text():
                self.preview.show_preview(shown)

        def refused(exc: Exception) -> None:
            self._previewing = False
            if text != self.text():
                return
            problems = exc.problems if isinstance(exc, InvalidInput) else [exc.problem]
            self.preview.show_waiting(_("No se puede calcular todavía: vea los problemas de abajo."))
            self.show_criteria_problems(problems)
            self.forms.mark_problems([p.field for p in problems])

        self.runner.run(lambda book: preview(book, text), done, refused, owner=self)

    def show_criteria_problems(self, problems: list[Problem]) -> None:
        self.problem_list.clear()
        if not problems:
            self.verdict.setText(_("Los criterios están completos."))
            self.verdict.setStyleSheet(f"color: {OK_COLOR};")
            self.problem_list.hide()
            self._mark(self.editor, False)
            return
        self.verdict.setText(ngettext("Hay %(n)s problema en los criterios:", "Hay %(n)s problemas en los criterios:",
                                      len(problems)) % {"n": len(problems)})
        self.verdict.setStyleSheet(f"color: {ERROR_COLOR}; font-weight: bold;")
        for problem in problems:
            item = QListWidgetItem(describe(problem))
            item.setData(Qt.ItemDataRole.UserRole, problem.params.get("line"))
            self.problem_list.addItem(item)
        self.problem_list.show()

    def problem_texts(self) -> list[str]:
        return [self.problem_list.item(i).text() for i in range(self.problem_list.count())]

    def _go_to_problem(self, item: QListWidgetItem) -> None:
        line = item.data(Qt.ItemDataRole.UserRole)
        if line:
            self.tabs.setCurrentIndex(ADVANCED)
            self.editor.go_to_line(int(line))

    def _show_position(self) -> None:
        cursor = self.editor.textCursor()
        self.position.setText(_("Línea %(line)s, columna %(column)s") % {
            "line": cursor.blockNumber() + 1, "column": cursor.positionInBlock() + 1})

    # -- files ------------------------------------------------------------------

    def take_remanente(self) -> None:
        """Put the ejercicio's remanente from the books into ``[distribucion] monto`` (on the worker)."""
        year, ok = ask_year(self, self.runner.today().year)
        if not ok:
            return
        text = self.editor.toPlainText()
        self.remanente_button.setEnabled(False)

        def done(new_text: str) -> None:
            self.remanente_button.setEnabled(True)
            self.general_error.hide()
            self.editor.setPlainText(new_text)
            self.check()

        def refused(exc: Exception) -> None:
            self.remanente_button.setEnabled(True)
            problems = exc.problems if isinstance(exc, InvalidInput) else [exc.problem]
            self.general_error.setText("\n".join(describe(p) for p in problems))
            self.general_error.show()

        self.runner.run(lambda book: book.distributions.with_remanente(text, year), done, refused, owner=self)

    def import_file(self) -> None:
        path = choose_file_to_open(self)
        if not path:
            return
        try:
            text = read_text_file(path)
        except (OSError, ValueError):
            self.general_error.setText(_("No se pudo leer %(path)s como texto. Los criterios se guardan como texto "
                                         "(.toml), no como hoja de cálculo.") % {"path": path})
            self.general_error.show()
            return
        self.general_error.hide()
        self.editor.setPlainText(text)
        self.check()

    def export_file(self) -> None:
        name = self.forms.title.text().strip() or _("criterios")
        path = choose_file_to_save(self, f"{name}.toml")
        if not path:
            return
        try:
            Path(path).write_text(self.text(), encoding="utf-8")
        except OSError:
            self.general_error.setText(_("No se pudo guardar %(path)s.") % {"path": path})
            self.general_error.show()

    # -- computing --------------------------------------------------------------

    def prepare(self):
        problems = self.check()
        if problems:
            raise InvalidInput(problems)
        text, name = self.text(), None  # the criteria's nombre
        corrects = self.corrects.number if self.corrects is not None else None
        reason = self.reason.text() if self.reason is not None else ""
        created = self._created = []  # filled on the worker, read once the task is back

        def work(book) -> Changes:
            created.append(book.distributions.create(text, name=name, corrects=corrects, reason=reason))
            return Changes(distributions=True)

        return work

    def show_problems(self, problems) -> None:
        """Problems of a field (name, reason) under it; the criteria's under the editor."""
        problems = list(problems)
        mine = [p for p in problems if p.field in self._fields]
        criteria = [p for p in problems if p.field not in self._fields]
        super().show_problems(mine)
        if criteria:
            self.show_criteria_problems(criteria)
            self._mark(self.editor, True)

    def _saved(self, changes: Changes) -> None:
        self.created = self._created[0] if self._created else None
        if self.created is not None:
            self.run_created.emit(self.created)
        super()._saved(changes)

    def _set_saving(self, saving: bool) -> None:
        super()._set_saving(saving)
        self.busy_bar.setVisible(saving)
        self.busy_label.setVisible(saving)
        self.editor.setReadOnly(saving)
        self.forms.setEnabled(not saving and self.forms_note.isHidden())
        for button in (self.import_button, self.template_button):
            button.setEnabled(not saving)
