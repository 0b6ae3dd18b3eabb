"""A product's kardex for a period as SUNAT's formato 13.1 (Registro de inventario
permanente valorizado), from the core's kardex (``book.sales.kardex``): the same
lines and figures, with the format's header and codes (``domain.kardex``).

The period's first line is its «Saldo inicial» (tabla 12, 16): the balance the
kardex had before the period, or the product's opening stock when it falls in
the period; both are printed in the saldo columns only, as the format's saldo
inicial is not an entrada. Each day's intake is «02 Compra» with its tickets
(tipo «00»), each sale «01 Venta» with its invoice's tipo, serie and número.
Written as XLSX (or CSV) here; the PDF is ``reports/kardex_pdf.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from coopdesk.core.errors import InvalidInput, N_, NotFound, Problem
from coopdesk.domain import kardex as K
from coopdesk.domain.catalog import LABELS
from coopdesk.domain.money import ZERO

if TYPE_CHECKING:
    from coopdesk.core.book import Book


@dataclass(frozen=True)
class Row131:
    date: date
    document_type: str   # tabla 10
    series: str
    number: str
    operation: str       # tabla 12
    kg_in: Decimal | None
    unit_in: Decimal | None
    value_in: Decimal | None
    kg_out: Decimal | None
    unit_out: Decimal | None
    value_out: Decimal | None
    kg: Decimal
    unit: Decimal | None
    value: Decimal


@dataclass(frozen=True)
class Kardex131:
    period: str            # «2026-03» or «2026», as asked
    start: date
    end: date
    ruc: str
    name: str              # razón social
    establishment: str     # the cooperative's address (coopdesk keeps one almacén)
    product_code: str
    product_name: str
    certification: str
    rows: tuple[Row131, ...]
    kg_in: Decimal         # the period's totals (the saldo inicial is not an entrada)
    value_in: Decimal
    kg_out: Decimal
    value_out: Decimal

    @property
    def existence_type(self) -> tuple[str, str]:
        return K.EXISTENCE_TYPE

    @property
    def unit(self) -> tuple[str, str]:
        return K.UNIT

    @property
    def method(self) -> str:
        return K.VALUATION


def _saldo(day: date, document: tuple[str, str, str], kg: Decimal, value: Decimal) -> Row131:
    return Row131(day, *document, K.OPENING, None, None, None, None, None, None, kg, K.unit_cost(value, kg), value)


def kardex_131(book: "Book", product_code: str, certification: str, period: str) -> Kardex131:
    """The product's kardex for ``period`` («2026-03» or «2026») in the formato 13.1."""
    span = K.period_range(period)
    if span is None:
        raise InvalidInput([Problem("period", N_("«%(period)s» no es un periodo: escriba un mes como 2026-03 o un "
                                                 "año como 2026."), {"period": period})])
    start, end = span
    code = (product_code or "").strip().upper()
    stock = book.sales.stock_of(code, certification)
    if stock is None:
        raise NotFound(N_("No existe el producto %(code)s."), code=code)
    lines = book.sales.kardex(code, certification)
    before = [k for k in lines if k.date < start]
    rows: list[Row131] = []
    if before:
        rows.append(_saldo(start, (K.OTHER_DOCUMENT, "", ""), before[-1].kg, before[-1].value))
    totals = [ZERO, ZERO, ZERO, ZERO]
    for k in (k for k in lines if start <= k.date <= end):
        if k.opening:
            rows.append(_saldo(k.date, (K.OTHER_DOCUMENT, "", ""), k.kg, k.value))
            continue
        if k.tickets:
            number = f"{k.first_ticket:06d}" if k.first_ticket == k.last_ticket else \
                f"{k.first_ticket:06d}-{k.last_ticket:06d}"
            document = (K.OTHER_DOCUMENT, k.series, number if k.series else "")
            entry = (k.kg_in, K.unit_cost(k.value_in, k.kg_in), k.value_in, None, None, None)
            operation = K.PURCHASE
            totals[0] += k.kg_in
            totals[1] += k.value_in
        else:
            document = K.document_parts(k.document)
            entry = (None, None, None, k.kg_out, K.unit_cost(k.value_out, k.kg_out), k.value_out)
            operation = K.SALE
            totals[2] += k.kg_out
            totals[3] += k.value_out
        rows.append(Row131(k.date, *document, operation, *entry, k.kg, K.unit_cost(k.value, k.kg), k.value))
    cooperative = book.cooperative
    return Kardex131(period.strip(), start, end, cooperative.ruc, cooperative.name, cooperative.address,
                     stock.product_code, stock.product_name, LABELS.get(certification, certification), tuple(rows),
                     *totals)


def kardex_headers() -> list[str]:
    from coopdesk.i18n import _

    return [_("Fecha"), _("Tipo de documento (tabla 10)"), _("Serie"), _("Número"),
            _("Tipo de operación (tabla 12)"), _("Entradas: cantidad"), _("Entradas: costo unitario"),
            _("Entradas: costo total"), _("Salidas: cantidad"), _("Salidas: costo unitario"),
            _("Salidas: costo total"), _("Saldo final: cantidad"), _("Saldo final: costo unitario"),
            _("Saldo final: costo total")]


def kardex_rows(report: Kardex131) -> list[list]:
    """The header of the format as its first rows, then a row per line and the totals."""
    from coopdesk.core.sheets import Kilos, Money
    from coopdesk.i18n import _

    def kilos(value):
        return Kilos(value) if value is not None else None

    def money(value):
        return Money(value) if value is not None else None

    rows: list[list] = [[r.date, r.document_type, r.series, r.number, r.operation, kilos(r.kg_in), money(r.unit_in),
                         money(r.value_in), kilos(r.kg_out), money(r.unit_out), money(r.value_out), kilos(r.kg),
                         money(r.unit), money(r.value)] for r in report.rows]
    rows.append([_("Totales"), "", "", "", "", Kilos(report.kg_in), None, Money(report.value_in),
                 Kilos(report.kg_out), None, Money(report.value_out), None, None, None])
    return rows


def header_lines(report: Kardex131) -> list[tuple[str, str]]:
    """The format's header: (label, value), in its order."""
    from coopdesk.i18n import _

    kind, unit = report.existence_type, report.unit
    return [(_("Periodo"), report.period), (_("RUC"), report.ruc),
            (_("Apellidos y nombres, denominación o razón social"), report.name),
            (_("Establecimiento"), report.establishment), (_("Código de la existencia"), report.product_code),
            (_("Tipo (tabla 5)"), f"{kind[0]} {_(kind[1])}"),
            (_("Descripción"), f"{report.product_name}, {_(report.certification).lower()}"),
            (_("Código de la unidad de medida (tabla 6)"), f"{unit[0]} {_(unit[1])}"),
            (_("Método de valuación"), _(report.method))]


def write_kardex_xlsx(report: Kardex131, path) -> int:
    """The formato 13.1 as an XLSX (or CSV, by the file's extension), written whole or not at all: the
    header's fields, an empty row, then the table."""
    from coopdesk.core.sheets import write_file
    from coopdesk.i18n import _

    head = [[label, value] + [None] * 12 for label, value in header_lines(report)]
    title = _("Formato 13.1: registro de inventario permanente valorizado")
    return write_file(path, [title] + [""] * 13, head + [[None] * 14, kardex_headers()] + kardex_rows(report),
                      title=_("Kardex %(code)s") % {"code": report.product_code})
