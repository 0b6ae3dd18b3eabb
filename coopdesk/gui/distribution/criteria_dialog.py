"""Nueva distribución / Corregir: the criteria as text (TOML), checked as they
are typed, then computed and stored as a draft run.

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
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from coopdesk.core import Changes, InvalidInput
from coopdesk.core.distributions import RunRow
from coopdesk.domain.distribution.criteria_file import read_criteria
from coopdesk.domain.problems import Problem
from coopdesk.domain.text import decode_text
from coopdesk.gui.kit.forms import ERROR_COLOR, FormDialog
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.i18n import _, describe, ngettext

CHECK_DELAY_MS = 300
OK_COLOR = "#1b5e20"


def _file_filter() -> str:
    return _("Criterios (*.toml);;Texto (*.txt);;Todos los archivos (*)")


def template(year: int) -> str:
    """The worked example of docs/criteria.md, commented for a first reading."""
    return _("""# Criterios de distribución
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
        self.name = self.add_field("name", _("Nombre:"), QLineEdit())
        self.name.setPlaceholderText(_("El de los criterios (nombre = \"…\")"))
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

        body = QVBoxLayout()
        body.addLayout(files)
        body.addWidget(self.editor, 1)
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
        self.editor.cursorPositionChanged.connect(self._show_position)
        self._show_position()
        self.check()
        self.resize(860, 760)

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
        return problems

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
        name = self.name.text().strip() or _("criterios")
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
        text, name = self.text(), self.name.text().strip() or None
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
        for button in (self.import_button, self.template_button):
            button.setEnabled(not saving)
