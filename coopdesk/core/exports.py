"""Exporting lists to CSV or XLSX (chosen by the file's extension).

The columns carry the same titles the imports read (docs/import.md), so an
exported file imports back as it is; a few columns are there for the reader
only (the member's name, the zone's name) and are ignored on import. Text
that begins like a formula (= + - @, a tab or a carriage return) gets a
leading apostrophe, so a spreadsheet never runs it; the imports take that
apostrophe off again. File formats: ``coopdesk.core.sheets``.
"""

from __future__ import annotations

import os
from decimal import Decimal
from typing import TYPE_CHECKING, Iterator

from sqlalchemy import select

from coopdesk.core.sheets import Kilos, Money, write_file
from coopdesk.db.models import AccountMovement, Campaign, Delivery, Member, Product, Zone
from coopdesk.domain.catalog import LABELS
from coopdesk.domain.diario import in_diario_order
from coopdesk.domain.postings import SOURCE_NAMES
from coopdesk.domain.money import CENTIMO, ZERO
from coopdesk.domain.rules import Ticket
from coopdesk.i18n import _

if TYPE_CHECKING:
    from coopdesk.core.book import Book

MEMBER_HEADERS = ("Código", "DNI", "Nombres", "Apellidos", "Sexo", "Zona", "Nombre de zona", "Certificación",
                  "Fecha de ingreso", "Estado", "Teléfono")
DELIVERY_HEADERS = ("Ticket", "Fecha", "Campaña", "Código socio", "Nombre del socio", "Producto", "Sacos",
                    "Kg bruto", "Tara", "Kg neto", "Humedad", "Kg pagado", "Calidad", "Certificación", "Precio",
                    "Unidad", "Importe", "Anulado", "Parcela")
MOVEMENT_HEADERS = ("Código socio", "Nombre del socio", "Fecha", "Concepto", "Tipo", "Monto", "Descripción",
                    "Referencia")
PRICE_HEADERS = ("Producto", "Calidad", "Certificación", "Desde", "Precio", "Unidad", "Nota", "Registrado por",
                 "Registrado el")
JOURNAL_HEADERS = ("Asiento", "Fecha", "Glosa", "Referencia", "Cuenta", "Nombre de la cuenta", "Código socio", "Debe",
                   "Haber", "Moneda", "Monto en moneda extranjera", "Tipo de cambio", "Origen", "Revierte",
                   "Correlativo del Diario")
WORKSHEET_HEADERS = ("Cuenta", "Nombre de la cuenta", "Tipo", "Sumas: debe", "Sumas: haber", "Saldo deudor",
                     "Saldo acreedor", "Inventario: activo", "Inventario: pasivo y patrimonio",
                     "Por naturaleza: pérdidas", "Por naturaleza: ganancias", "Por función: pérdidas",
                     "Por función: ganancias")
TRIAL_BALANCE_HEADERS = ("Cuenta", "Nombre de la cuenta", "Tipo", "Debe", "Haber", "Saldo deudor", "Saldo acreedor")
SALE_HEADERS = ("Venta", "Fecha", "Comprador", "Contrato", "Factura", "Producto", "Certificación", "Kg", "Moneda",
                "Precio por kg (en la moneda)", "Tipo de cambio", "Importe (en la moneda)",
                "Diferencial orgánico (en la moneda)", "Prima de Comercio Justo (en la moneda)", "Venta en soles",
                "Diferencial en soles", "Prima en soles", "Total en soles", "Costo de venta en soles", "Cobro",
                "Asiento", "Cobrada el", "Asiento del cobro", "Anulada", "Acto cooperativo")
EXPENSE_HEADERS = ("Gasto", "Fecha", "Cuenta", "Nombre de la cuenta", "Descripción", "Proveedor", "Referencia",
                   "Monto", "Pagado con", "Asiento", "Pagado al proveedor el", "Asiento del pago", "Anulado",
                   "Acto cooperativo")
# where money came in or went out, as the contador reads it
MONEY_NAMES = {"101": "Caja (101)", "1041": "Banco (1041)", "1212": "Por cobrar (1212)",
               "4212": "Por pagar al proveedor (4212)"}
ACCOUNT_HEADERS = ("Cuenta", "Nombre de la cuenta", "Tipo", "De socios")
# A stored code as a spreadsheet shows it: the word, in Spanish whatever the reader's
# language (as the column titles); the imports read these words back.
WORDS = {**LABELS, "adelantos": "Adelantos", "prestamos": "Préstamos", "insumos": "Insumos",
         "aportaciones": "Aportaciones", "cargo": "Cargo", "abono": "Abono"}


def _word(code: str | None) -> str | None:
    """«Orgánico» for ``organico``, «Préstamos» for ``prestamos``; a code with no word as it is."""
    return WORDS.get(code, code) if code else code
BATCH = 10_000


# The table's columns carry the exact types (coopdesk.db.types): grams come
# back as Decimal kg, céntimos as Decimal soles; here they are only marked.
def _cooperative(act: bool) -> str:
    """Ley 31335: an acto cooperativo, or an operation that is not (its result is taxed)."""
    return "Sí" if act else "No"


def _kg(value: Decimal) -> Kilos:
    return Kilos(value)


def _soles(value: Decimal) -> Money:
    return Money(value)


class Exports:
    """``book.exports``: each method writes a list and returns how many rows."""

    def __init__(self, book: "Book"):
        self._book = book

    def members(self, path: str | os.PathLike) -> int:
        m, z = Member.__table__.c, Zone.__table__.c
        query = (select(m.code, m.dni, m.first_names, m.last_names, m.gender, z.code, z.name, m.certification,
                        m.join_date, m.status, m.phone)
                 .join_from(Member.__table__, Zone.__table__, m.zone_id == z.id).order_by(m.sort_key, m.id))
        with self._book.read() as session:
            rows = ((code, dni, first, last, _word(gender), zone, zone_name, _word(certification), joined,
                     _word(status), phone)
                    for code, dni, first, last, gender, zone, zone_name, certification, joined, status, phone
                    in session.execute(query.execution_options(yield_per=BATCH)))
            return write_file(path, MEMBER_HEADERS, rows, title="Socios")

    def deliveries(self, path: str | os.PathLike, campaign_code: str | None = None) -> int:
        """Every delivery (of one campaign if given), in date and ticket order;
        voided tickets too, with the reason in «Anulado»."""
        d, k, m, p = (t.__table__.c for t in (Delivery, Campaign, Member, Product))
        query = (select(d.series, d.number, d.date, k.code, m.code, m.first_names, m.last_names, p.code, d.sacks,
                        d.gross_g, d.tare_g, d.net_g, d.humidity_cp, d.payable_g, d.grade, d.certification,
                        d.price_cents,
                        d.price_unit, d.amount_cents, d.voided_at, d.void_reason, d.plot_id)
                 .join_from(Delivery.__table__, Campaign.__table__, d.campaign_id == k.id)
                 .join(Member.__table__, d.member_id == m.id).join(Product.__table__, d.product_id == p.id)
                 .order_by(d.date, d.series, d.number))
        if campaign_code:
            self._book.campaigns.get(campaign_code)  # NotFound for an unknown code
            query = query.where(k.code == campaign_code)

        def rows(result) -> Iterator[tuple]:
            for (series, number, day, campaign, code, first, last, product, sacks, gross, tare, net, humidity,
                 payable, grade, certification, price, unit, amount, voided_at, reason, plot_id) in result:
                yield (str(Ticket(series, number)), day, campaign, code, f"{first} {last}", product, sacks,
                       _kg(gross), _kg(tare), _kg(net), humidity, _kg(payable), grade, _word(certification),
                       _soles(price), unit, _soles(amount), (reason or _("anulado")) if voided_at else "",
                       plot_id if plot_id is not None else "")  # its number: what an import reads back

        with self._book.read() as session:
            return write_file(path, DELIVERY_HEADERS, rows(session.execute(query.execution_options(yield_per=BATCH))),
                              title="Entregas")

    def movements(self, path: str | os.PathLike) -> int:
        """Every account movement, by member and date (reversals included, as
        the opposite movements they are)."""
        a, m = AccountMovement.__table__.c, Member.__table__.c
        query = (select(m.code, m.first_names, m.last_names, a.date, a.concept, a.direction, a.amount_cents,
                        a.description, a.reference)
                 .join_from(AccountMovement.__table__, Member.__table__, a.member_id == m.id)
                 .order_by(m.code, a.date, a.id))

        def rows(result) -> Iterator[tuple]:
            for code, first, last, day, concept, direction, cents, description, reference in result:
                yield (code, f"{first} {last}", day, _word(concept), _word(direction), _soles(cents), _(description) if
                       description else "", reference)

        with self._book.read() as session:
            return write_file(path, MOVEMENT_HEADERS, rows(session.execute(query.execution_options(yield_per=BATCH))),
                              title="Movimientos de cuentas")

    def prices(self, path: str | os.PathLike) -> int:
        """Every advance price ever recorded (the history), by product and date,
        with who recorded it and when; «Todas» for a price of every grade or certification."""
        # «Todas» in Spanish whatever the reader's language, as the column titles: the import reads it back
        rows = [(e.product_code, e.grade or "Todas", _word(e.certification) or "Todas", e.valid_from, _soles(e.price),
                 e.unit, e.note, e.recorded_by, e.recorded_at.strftime("%Y-%m-%d %H:%M"))
                for e in sorted(self._book.prices.entries(), key=lambda e: (e.product_code, e.valid_from, e.id))]
        return write_file(path, PRICE_HEADERS, iter(rows), title="Precios")

    def journal(self, path: str | os.PathLike, start=None, end=None) -> int:
        """The Libro Diario for the contador: one row per line, in its order (date, the
        apertura first and the cierre last in a day), with the entry's correlativo in
        the Diario, «Provisional» while its month is open."""
        entries = in_diario_order(self._book.ledger.entries(start=start, end=end))
        numbers = {e.id: e.number for e in entries}
        missing = {e.reverses for e in entries if e.reverses is not None and e.reverses not in numbers}
        if missing:  # a reversal of an entry dated before the range still names it
            numbers.update({e.id: e.number for e in self._book.ledger.entries(ids=sorted(missing))})

        def rows() -> Iterator[tuple]:
            for e in entries:
                for line in e.lines:
                    yield (e.number, e.date, e.description, e.reference, line.account, line.account_name,
                           line.member_code, _soles(line.debit), _soles(line.credit), line.currency,
                           _soles(line.foreign_amount) if line.foreign_amount is not None else "",
                           line.exchange_rate, SOURCE_NAMES.get(e.source_kind, e.source_kind).capitalize(),
                           numbers.get(e.reverses, "") if e.reverses else "",
                           e.diario or "Provisional")  # given when its month closes (domain/diario.py)
        return write_file(path, JOURNAL_HEADERS, rows(), title="Libro diario")

    def sales(self, path: str | os.PathLike, start=None, end=None) -> int:
        """The register of sales for the contador: every invoice of the dates, a voided
        one too with its state (its entry and its reversal are in the journal):
        buyer, contract, kilos, price, the differential and the premium apart, each in
        the sale's currency and in soles, cost, entry, collection."""
        rows = []
        for s in self._book.sales.list(start, end):
            pen = [CENTIMO(v * s.exchange_rate) if s.exchange_rate is not None else v
                   for v in (s.amount, s.differential, s.premium)]
            rows.append((s.id, s.date, s.buyer, s.contract, s.invoice, s.product_name,
                         LABELS.get(s.certification, s.certification), _kg(s.kg), s.currency, s.price,
                         s.exchange_rate, _soles(s.amount), _soles(s.differential), _soles(s.premium),
                         *(_soles(v) for v in pen), _soles(s.total_pen), _soles(s.cost),
                         MONEY_NAMES.get(s.debit_account, s.debit_account), s.entry_number, s.collected_on,
                         s.collection_number, f"Anulada: {s.void_reason}" if s.voided else "",
                         _cooperative(s.cooperative_act)))
        return write_file(path, SALE_HEADERS, iter(rows), title="Ventas")

    def expenses(self, path: str | os.PathLike, start=None, end=None) -> int:
        """The expenses for the contador, a voided one too with its state: account,
        supplier, amount, what paid it, entry, payment."""
        rows = [(e.id, e.date, e.account, e.account_name, e.description, e.supplier, e.reference, _soles(e.amount),
                 MONEY_NAMES.get(e.paid_from, e.paid_from), e.entry_number, e.paid_on, e.payment_number,
                 f"Anulado: {e.void_reason}" if e.voided else "", _cooperative(e.cooperative_act))
                for e in self._book.expenses.list(start, end)]
        return write_file(path, EXPENSE_HEADERS, iter(rows), title="Gastos")

    def accounts(self, path: str | os.PathLike) -> int:
        """The chart of accounts, as the import reads it back."""
        rows = [(a.code, a.name, a.kind, "sí" if a.member_ledger else "no") for a in self._book.ledger.accounts()]
        return write_file(path, ACCOUNT_HEADERS, iter(rows), title="Plan de cuentas")

    def trial_balance(self, path: str | os.PathLike, end=None, start=None) -> int:
        """The Balance de comprobación for the contador: debits, credits and balances per account."""
        trial = self._book.ledger.trial_balance(end=end, start=start)
        rows = [(r.code, r.name, r.kind, _soles(r.debit), _soles(r.credit),
                 _soles(max(r.debit - r.credit, ZERO)), _soles(max(r.credit - r.debit, ZERO)))
                for r in trial.rows]
        return write_file(path, TRIAL_BALANCE_HEADERS, iter(rows), title="Balance de comprobación")

    def worksheet(self, path: str | os.PathLike, end=None, start=None) -> int:
        """The hoja de trabajo for the contador (``book.ledger.worksheet``): per account the
        sumas, saldos, inventario and resultados por naturaleza y por función, then the
        totals, the result of the period closing each pair and the «sumas iguales»; to
        ``end`` (default today) from ``start`` (default 1 January)."""
        from coopdesk.domain.financial_statements import CARRIED_RESULT

        sheet = self._book.ledger.worksheet(end or self._book.clock.today(), start)
        rows = [(r.code, r.name if r.code != CARRIED_RESULT else "Resultado acumulado antes del periodo (sin cerrar)",
                 r.kind, *(_soles(v) for v in r.columns)) for r in sheet.rows]
        if rows:
            rows += [("Totales", "", "", *(_soles(v) for v in sheet.totals)),
                     ("Resultado del periodo", "", "", *(_soles(v) for v in sheet.closing)),
                     ("Sumas iguales", "", "", *(_soles(v) for v in sheet.balanced_totals))]
        return write_file(path, WORKSHEET_HEADERS, iter(rows), title="Hoja de trabajo")
