"""Productos y formas: the seven a book starts with, and the ones a cooperative adds
(cacao orgánico en baba, café verde…). Their prices and quality tables are set in
«Precios» as for the others. The same editor is a page of the setup assistant."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coopdesk.core.dto import ProductRow
from coopdesk.domain.catalog import Crop, PriceUnit
from coopdesk.gui.admin.editor_dialog import EditorDialog
from coopdesk.gui.kit.forms import FormDialog
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.gui.kit.widgets import choice_combo, combo_value
from coopdesk.i18n import N_, _, label


def form_name(form: str) -> str:
    """grano_seco → «grano seco»."""
    return form.replace("_", " ")


class ProductDialog(FormDialog):
    def __init__(self, parent: QWidget | None, runner: TaskRunner):
        super().__init__(parent, runner, _("Nuevo producto"))
        self.crop = self.add_field("crop", _("Cultivo:"), choice_combo([(c.value, label(c.value)) for c in Crop]))
        self.form_text = self.add_field("form", _("Forma:"), QLineEdit())
        self.name = self.add_field("name", _("Nombre:"), QLineEdit())
        self.code = self.add_field("code", _("Código:"), QLineEdit())
        self.unit = self.add_field("price_unit", _("Precio por:"), choice_combo(
            [(PriceUnit.KG.value, _("kilo (kg)")), (PriceUnit.QUINTAL.value, _("quintal (qq, 46 kg)"))]))
        self.crop.setCurrentIndex(0)
        self.unit.setCurrentIndex(0)
        self.form_text.setPlaceholderText(_("Por ejemplo: grano seco, baba, pergamino, verde"))
        self.name.setPlaceholderText(_("Como se verá en tickets y reportes"))
        self.code.setPlaceholderText(_("Por ejemplo CACAO-ORG-BABA"))
        self.code.setMaxLength(30)
        self.setMinimumWidth(460)

    def prepare(self):
        code, name, crop = self.code.text(), self.name.text(), combo_value(self.crop)
        form, unit = self.form_text.text(), combo_value(self.unit)
        return lambda book: book.products.add(code, name, crop, form, unit)


class ProductsEditor(QWidget):
    def __init__(self, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.products: list[ProductRow] = []
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([_("Código"), _("Producto"), _("Cultivo"), _("Forma"), _("Precio por")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((140, 200, 90, 130)):
            self.table.setColumnWidth(column, width)
        self.add_button = QPushButton(_("Agregar producto…"))
        self.add_button.clicked.connect(self.add)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        self.runner.run(lambda book: book.products.list(), self._show, owner=self)

    def _show(self, products: list[ProductRow]) -> None:
        self.products = products
        self.table.setRowCount(len(products))
        for row, p in enumerate(products):
            for column, text in enumerate((p.code, p.name, label(p.crop), form_name(p.form), p.price_unit)):
                self.table.setItem(row, column, QTableWidgetItem(text))

    def add(self) -> None:
        if ProductDialog.ask(self, self.runner) is not None:
            self.reload()


class ProductsDialog(EditorDialog):
    """Archivo › Productos…"""

    title = N_("Productos")
    intro = N_("Cada producto en cada forma en que se recibe. Sus precios se fijan en «Precios».")
    size = (720, 440)

    def make_editor(self, runner: TaskRunner) -> ProductsEditor:
        return ProductsEditor(runner, self)
