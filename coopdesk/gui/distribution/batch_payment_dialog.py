"""«Pagar en lote…»: pay many members of a published distribution at once.

The treasurer chooses who (everyone with something to collect, a zone, or a
list of codes) and the day; the list below shows each member, how they are
paid (by bank into their account, or in cash when they have none) and the
totals. «Borrador de la planilla» writes the planilla and the bank file without
recording anything; «Registrar pagos» asks once more, records the batch (every
payment or none; Caja and the banks guarded as for any payment), writes its
numbered planilla and the bank file into the distribution's folder, keeps the
proof chosen, if any, and opens the planilla.

«Deshacer lote…» (``UndoBatchDialog``) reverses a batch recorded by mistake,
with a reason: its entries reversed, its payments voided, its members unpaid.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from coopdesk.core import InvalidInput
from coopdesk.core.distributions import RunRow
from coopdesk.domain.problems import N_, Problem
from coopdesk.gui.kit import printing
from coopdesk.gui.distribution.distribution_dialogs import CHANGED, confirm
from coopdesk.gui.kit.table_models import LEFT, RIGHT
from coopdesk.gui.kit.forms import FormDialog
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.gui.kit.widgets import choice_combo, combo_value, date_edit, set_choices
from coopdesk.i18n import _, ngettext
from coopdesk.i18n.formatting import format_date, format_money, format_number

ALL, ZONE, MEMBERS = "all", "zone", "members"


def write_batch_files(book, batch, folder: Path) -> tuple[str, str]:
    """On the worker: the batch's planilla (numbered once recorded) and bank file, in ``folder``."""
    from coopdesk.core.payment_batches import write_bank_file
    from coopdesk.reports.pay_sheet_pdf import pay_sheet_filename, pay_sheet_view, render_pay_sheet

    folder.mkdir(parents=True, exist_ok=True)
    document = book.payment_batches.planilla_document(batch)
    cooperative = book.cooperative
    planilla = folder / pay_sheet_filename(batch.run, batch.number)
    render_pay_sheet(pay_sheet_view(batch, cooperative.name, cooperative.ruc, book.clock.today(), document),
                     planilla)
    bank = planilla.with_name(planilla.stem.replace(_("planilla-pagos"), _("banco")) + ".csv")
    write_bank_file(batch, bank)
    return str(planilla), str(bank)


class BatchPaymentDialog(FormDialog):
    """``BatchPaymentDialog(parent, runner, run, folder)``; ``recorded``: the batch, once recorded."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, run: RunRow, folder: Path):
        super().__init__(parent, runner, _("Pagar en lote"), save_text=_("Registrar pagos"))
        self.run, self.folder = run, folder
        self.plan = None
        self.recorded = None
        self.written: tuple[str, str] | None = None
        intro = QLabel(_("Distribución N.º %(number)s «%(name)s»: pagados %(paid)s de %(members)s.") % {
            "number": run.number, "name": html.escape(run.name), "paid": format_number(run.paid_members),
            "members": format_number(run.to_pay)})
        intro.setWordWrap(True)
        self.layout().insertWidget(0, intro)
        self.who = self.add_field("who", _("Socios a pagar:"), choice_combo([
            (ALL, _("Todos los que tienen algo por cobrar")), (ZONE, _("Los de una zona")),
            (MEMBERS, _("Estos socios (códigos)"))]))
        self.who.setCurrentIndex(self.who.findData(ALL))
        self.zone = self.add_field("zone", _("Zona:"), choice_combo([], _("Elija la zona…")))
        self.members = self.add_field("members", _("Códigos:"), QLineEdit())
        self.members.setPlaceholderText(_("por ejemplo: S00001, S00002"))
        self.paid_on = self.add_field("paid_on", _("Fecha de pago:"),
                                      date_edit(runner.today(), maximum=runner.today()))
        self.proof = QLineEdit()
        self.proof.setPlaceholderText(_("Opcional: la planilla firmada escaneada o una foto"))
        choose = QPushButton(_("Elegir…"))
        choose.setAutoDefault(False)
        choose.clicked.connect(self._choose_proof)
        self.add_field("proof", _("Comprobante:"), self.proof, beside=choose)

        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels([_("Zona"), _("Código"), _("Apellidos, Nombres"), _("DNI"),
                                              _("Neto a pagar"), _("Forma de pago")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(160)
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.draft_button = QPushButton(_("Borrador de la planilla"))
        self.draft_button.setAutoDefault(False)
        self.draft_button.setToolTip(_("La planilla y el archivo para el banco, sin registrar ningún pago"))
        self.draft_button.clicked.connect(self.write_draft)
        row = QHBoxLayout()
        row.addWidget(self.totals, 1)
        row.addWidget(self.draft_button)
        layout = self.layout()
        layout.insertWidget(layout.count() - 1, self.table, 1)
        layout.insertLayout(layout.count() - 1, row)
        self.setMinimumWidth(720)

        self.who.currentIndexChanged.connect(lambda _i: self._who_changed())
        self.zone.currentIndexChanged.connect(lambda _i: self.refresh())
        self.members.editingFinished.connect(self.refresh)
        self.paid_on.dateChanged.connect(lambda _d: self.refresh())
        self._who_changed()
        runner.run(lambda book: book.zones.list(), self._zones_loaded, owner=self)

    # -- choosing -------------------------------------------------------------------

    def _zones_loaded(self, zones) -> None:
        set_choices(self.zone, [(z.code, z.name) for z in zones])

    def _who_changed(self) -> None:
        who = combo_value(self.who)
        self.zone.setEnabled(who == ZONE)
        self.members.setEnabled(who == MEMBERS)
        self.refresh()

    def selection(self) -> dict:
        """The core's arguments for who is paid; ``InvalidInput`` when not chosen yet."""
        who = combo_value(self.who)
        if who == ZONE:
            if not combo_value(self.zone):
                raise InvalidInput([Problem("zone", N_("Elija la zona."))])
            return {"zone": combo_value(self.zone)}
        if who == MEMBERS:
            codes = [c.strip() for c in self.members.text().replace(";", ",").split(",") if c.strip()]
            if not codes:
                raise InvalidInput([Problem("members", N_("Escriba los códigos de los socios a pagar, separados por "
                                                          "comas."))])
            return {"members": codes}
        return {}

    def refresh(self) -> None:
        """The list of who would be paid, and the totals (nothing recorded)."""
        self.clear_problems()
        try:
            chosen = self.selection()
        except InvalidInput:
            self._show_plan(None)
            return
        number, paid_on = self.run.number, self.paid_on.date().toPython()
        self.runner.run(lambda book: book.payment_batches.plan(number, paid_on=paid_on, **chosen), self._show_plan,
                        self._plan_refused, owner=self)

    def _plan_refused(self, exc: Exception) -> None:
        self._show_plan(None)
        self.show_problems(getattr(exc, "problems", ()))

    def _show_plan(self, plan) -> None:
        self.plan = plan
        lines = plan.lines if plan is not None else ()
        self.table.setRowCount(len(lines))
        for i, line in enumerate(lines):
            how = _("Banco: %(account)s") % {"account": line.bank_account} if line.bank_account else _("Efectivo")
            for j, (text, align) in enumerate(((line.zone_name, LEFT), (line.code, LEFT), (line.sort_name, LEFT),
                                               (line.dni, LEFT), (format_money(line.net), RIGHT), (how, LEFT))):
                item = QTableWidgetItem(text)
                item.setTextAlignment(align)
                self.table.setItem(i, j, item)
        if plan is None:
            self.totals.setText("")
        else:
            self.totals.setText(
                ngettext("<b>%(n)s socio, %(total)s</b>", "<b>%(n)s socios, %(total)s</b>", len(lines)) % {
                    "n": format_number(len(lines)), "total": format_money(plan.total)}
                + "<br>" + ngettext("En efectivo (sin cuenta bancaria): %(amount)s, %(n)s socio",
                                    "En efectivo (sin cuenta bancaria): %(amount)s, %(n)s socios",
                                    len(plan.in_cash)) % {"amount": format_money(plan.cash_total),
                                                          "n": format_number(len(plan.in_cash))}
                + "<br>" + ngettext("Por banco: %(amount)s, %(n)s socio", "Por banco: %(amount)s, %(n)s socios",
                                    len(plan.by_bank)) % {"amount": format_money(plan.bank_total),
                                                          "n": format_number(len(plan.by_bank))})
        self.draft_button.setEnabled(plan is not None)

    def _choose_proof(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Elija el comprobante"), str(self.folder),
            _("Planillas escaneadas y fotos (*.pdf *.jpg *.jpeg *.png);;Todos los archivos (*)"))
        if path:
            self.proof.setText(path)

    # -- writing and recording ------------------------------------------------------

    def write_draft(self) -> None:
        if self.plan is None:
            return
        plan, folder = self.plan, self.folder

        def done(written) -> None:
            self.written = written
            printing.show_pdf(written[0], self)
            self.totals.setText(self.totals.text() + "<br>" + _("Borrador guardado en %(path)s") % {
                "path": html.escape(written[0])})

        self.runner.run(lambda book: write_batch_files(book, plan, folder), done,
                        lambda exc: self.show_problems(getattr(exc, "problems", ())), owner=self)

    def confirm_batch(self, plan) -> bool:
        """Asked once before recording (replaced in tests)."""
        return confirm(self, _("Registrar pagos"), ngettext(
            "¿Registrar el pago de %(n)s socio por %(total)s?", "¿Registrar el pago de %(n)s socios por %(total)s?",
            len(plan.lines)) % {"n": format_number(len(plan.lines)), "total": format_money(plan.total)},
            _("En efectivo: %(cash)s. Por banco: %(bank)s. Si se registra por error, el lote se deshace con sus "
              "asientos revertidos.") % {"cash": format_money(plan.cash_total), "bank": format_money(plan.bank_total)},
            _("Registrar pagos"))

    def save(self) -> None:
        if self.plan is None or self._saving or not self.save_button.isEnabled():
            return
        if not self.confirm_batch(self.plan):
            return
        super().save()

    def prepare(self):
        chosen = self.selection()
        proof = self.proof.text().strip()
        if proof and not Path(proof).is_file():
            raise InvalidInput([Problem("proof", N_("No existe el archivo %(file)s."), {"file": proof})])
        number, paid_on, folder = self.run.number, self.paid_on.date().toPython(), self.folder

        def work(book):
            batch = book.payment_batches.record(number, paid_on=paid_on, **chosen)
            if proof:
                book.payment_batches.add_proof(batch.number, Path(proof).name, Path(proof).read_bytes())
            self.recorded = batch
            self.written = write_batch_files(book, batch, folder)
            return CHANGED

        return work

    def _saved(self, changes) -> None:
        super()._saved(changes)
        if self.written is not None:
            printing.show_pdf(self.written[0], self.parentWidget())


class UndoBatchDialog(FormDialog):
    """«Deshacer lote…»: a batch of the run recorded by mistake, reversed with a reason.
    ``UndoBatchDialog.ask(parent, runner, run)`` -> the ``Changes``, or None."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, run: RunRow):
        super().__init__(parent, runner, _("Deshacer un lote de pagos"), save_text=_("Deshacer el lote"))
        self.run = run
        intro = QLabel(_("Cada pago del lote se revierte en la contabilidad con un asiento de reversión (nada se "
                         "borra), y sus socios quedan otra vez por pagar."))
        intro.setWordWrap(True)
        self.layout().insertWidget(0, intro)
        self.batch = self.add_field("batch", _("Lote:"), choice_combo([], _("Elija el lote…")))
        self.reason = self.add_field("reason", _("Motivo:"), QLineEdit())
        self.reason.setPlaceholderText(_("por ejemplo: se registró con la fecha equivocada"))
        self.setMinimumWidth(560)
        self.save_button.setEnabled(False)  # until the batches are here
        number = run.number
        runner.run(lambda book: book.payment_batches.batches(number), self._batches_loaded, owner=self)

    def _batches_loaded(self, batches) -> None:
        set_choices(self.batch, [(str(b.number), ngettext(
            "N.º %(batch)s · %(date)s · %(n)s socio · %(total)s", "N.º %(batch)s · %(date)s · %(n)s socios · %(total)s",
            len(b.lines)) % {"batch": b.number, "date": format_date(b.paid_on), "n": format_number(len(b.lines)),
                             "total": format_money(b.total)}) for b in batches if b.undone_at is None])
        self.save_button.setEnabled(True)

    def prepare(self):
        if not combo_value(self.batch):
            raise InvalidInput([Problem("batch", N_("Elija el lote que se deshace."))])
        number, reason = int(combo_value(self.batch)), self.reason.text()
        return lambda book: (book.payment_batches.undo(number, reason), CHANGED)[1]
