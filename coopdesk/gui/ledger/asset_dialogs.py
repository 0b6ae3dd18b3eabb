"""Contabilidad → Activos fijos: the dialogs to register an asset and to give it de baja
(``book.assets``; docs/fixed_assets.md). Both record on the worker; the core's
problems land under their fields."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from coopdesk.core import Changes
from coopdesk.core.fixed_assets import AssetRow
from coopdesk.domain import fixed_assets as F
from coopdesk.domain import limits
from coopdesk.domain.postings import BANK, CASH, SUPPLIERS
from coopdesk.gui.kit.forms import FormDialog, NumberParser
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.gui.kit.widgets import choice_combo, combo_value, date_edit, number_edit, select_value
from coopdesk.gui.ledger.ledger_sheets import HINT_STYLE
from coopdesk.i18n import _
from coopdesk.i18n.formatting import format_date

LINKED = "asiento"  # «paid from»: the purchase is already an entry of the books


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    return label


class AssetDialog(FormDialog):
    """Nuevo activo fijo: code, description, account of 33, category, acquisition, cost, and how
    it was bought (its own entry from caja, banco or proveedores, or the entry that bought it)."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner):
        super().__init__(parent, runner, _("Nuevo activo fijo"))
        self.created: list[int] = []
        self.form.addRow(_note(_("Se deprecia en línea recta a la tasa máxima de SUNAT de su categoría, desde el mes "
                                 "en que empieza a usarse. Nada se edita: un error se anula; el activo que sale se "
                                 "da de baja.")))
        self.code = self.add_field("code", _("Código:"), QLineEdit())
        self.code.setMaxLength(limits.CODE)
        self.code.setPlaceholderText(_("Por ejemplo AF-001"))
        self.description = self.add_field("description", _("Descripción:"), QLineEdit())
        self.description.setMaxLength(limits.DESCRIPTION)
        self.description.setPlaceholderText(_("Qué es, marca, modelo o serie"))
        self.account = self.add_field("account", _("Cuenta:"), choice_combo(
            [(code, f"{code} — {name}") for code, name in F.ASSET_ACCOUNTS.items()]))
        self.category = self.add_field("category", _("Categoría:"), choice_combo(
            [(code, _(name)) for code, name in F.CATEGORY_NAMES.items()]))
        self.account.currentIndexChanged.connect(self._default_category)
        select_value(self.account, "3361")
        today = runner.today()
        self.acquired = self.add_field("acquired_on", _("Fecha de adquisición:"), date_edit(today, maximum=today))
        self.cost = self.add_field("cost", _("Costo (S/):"), number_edit("0.00"))
        self.start = self.add_field("start", _("Empieza a depreciarse:"), date_edit(today))
        self.start.setDisplayFormat("MM/yyyy")
        self.start.setToolTip(_("El mes en que el bien empieza a usarse; por defecto, el de la adquisición"))
        self.acquired.dateChanged.connect(lambda day: self.start.setDate(day))
        self.prior = self.add_field("prior", _("Depreciación anterior (S/):"), number_edit("0.00"))
        self.prior.setToolTip(_("La depreciación acumulada antes de llevar el activo en coopdesk (la del asiento "
                                "de apertura); cero para un activo nuevo"))
        self.paid_from = self.add_field("paid_from", _("Pagado con:"), choice_combo([
            (CASH, _("Caja (101)")), (BANK, _("Banco (1041)")), (SUPPLIERS, _("Por pagar al proveedor (4212)")),
            (LINKED, _("Ya registrado en un asiento"))]))
        self.entry = self.add_field("entry", _("Asiento de la compra:"), QLineEdit())
        self.entry.setPlaceholderText(_("Por ejemplo 2026-000123"))
        self.reference = self.add_field("reference", _("Comprobante:"), QLineEdit())
        self.reference.setMaxLength(limits.REFERENCE)
        self.reference.setPlaceholderText(_("Por ejemplo F001-000123"))
        self.paid_from.currentIndexChanged.connect(self._linked)
        select_value(self.paid_from, SUPPLIERS)
        self._linked()
        self.setMinimumWidth(640)  # «3361 — Equipo para procesamiento de información (de cómputo)» whole

    def _default_category(self, _index: int = 0) -> None:
        select_value(self.category, F.default_category(combo_value(self.account)))

    def _linked(self, _index: int = 0) -> None:
        self.entry.setEnabled(combo_value(self.paid_from) == LINKED)

    def prepare(self):
        numbers = NumberParser()
        cost = numbers.decimal("cost", self.cost)
        prior = numbers.decimal("prior", self.prior, default=Decimal(0))
        numbers.check()
        start = self.start.date().toPython().replace(day=1)
        how = combo_value(self.paid_from)
        data = F.AssetInput(code=self.code.text(), description=self.description.text(),
                            account=combo_value(self.account), acquired_on=self.acquired.date().toPython(),
                            cost=cost, category=combo_value(self.category), start=start, prior=prior,
                            paid_from="" if how == LINKED else how, entry=self.entry.text() if how == LINKED else "",
                            reference=self.reference.text())
        created = self.created

        def work(book) -> Changes:
            created.append(book.assets.add(data))
            return Changes()

        return work


class RetireDialog(FormDialog):
    """Dar de baja: the date (of an open period) and why; its entry takes the accumulated
    depreciation and the net value against the asset's cost."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, asset: AssetRow):
        super().__init__(parent, runner, _("Dar de baja el activo %(code)s") % {"code": asset.code},
                         save_text=_("Dar de baja"))
        self.asset = asset
        intro = QLabel(_("%(code)s %(description)s, adquirido el %(date)s.") % {
            "code": asset.code, "description": asset.description, "date": format_date(asset.acquired_on)})
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.form.addRow(intro)
        self.form.addRow(_note(_("Se deprecia hasta el mes anterior a la baja. El asiento carga la depreciación "
                                 "acumulada (39) y el valor neto (65513) contra el costo (33).")))
        today = runner.today()
        self.date = self.add_field("date", _("Fecha de la baja:"), date_edit(today, minimum=asset.acquired_on,
                                                                             maximum=today))
        self.reason = self.add_field("reason", _("Motivo:"), QLineEdit())
        self.reason.setMaxLength(limits.DESCRIPTION)
        self.reason.setPlaceholderText(_("Venta, robo, desuso, siniestro…"))
        self.setMinimumWidth(520)

    def prepare(self):
        asset_id, day, reason = self.asset.id, self.date.date().toPython(), self.reason.text()

        def work(book) -> Changes:
            book.assets.retire(asset_id, day, reason)
            return Changes()

        return work


def month_choices(today: date, count: int = 24) -> list[tuple[str, str]]:
    """The months that have ended, the latest first: («2026-11», «noviembre de 2026»)."""
    from coopdesk.i18n.formatting import format_month
    out = []
    year, month = today.year, today.month
    for _i in range(count):
        year, month = F.previous_month((year, month))
        out.append((f"{year:04d}-{month:02d}", format_month(year, month)))
    return out


__all__ = ["AssetDialog", "RetireDialog", "month_choices"]
