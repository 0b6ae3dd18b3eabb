"""SUNAT's formato 13.1, «Registro de inventario permanente valorizado - detalle del
inventario valorizado»: the codes it takes from SUNAT's tables and the small rules
coopdesk follows to fill it from a product's kardex.

Source: Resolución de Superintendencia N.º 234-2006/SUNAT, anexo 2 (formato 13.1)
and anexo 3 (tablas 5, 6, 10 and 12). docs/ledger.md, «Formato 13.1», says which
readings are coopdesk's own and uncertain (a member's delivery as «02 Compra», the
tickets as «00 Otros»).
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from coopdesk.domain.problems import N_

# Tabla 5, tipo de existencia: the cooperative buys its members' product to sell it (PCGE 20 Mercaderías)
EXISTENCE_TYPE = ("01", N_("Mercaderías"))
# Tabla 6, unidad de medida: every stock is kept in kilos
UNIT = ("01", N_("Kilogramos"))
# the valuation method the kardex applies (the average cost of what is in stock at each sale)
VALUATION = N_("Promedio ponderado")

# Tabla 12, tipo de operación
SALE, PURCHASE, OPENING = "01", "02", "16"
OPERATIONS = {SALE: N_("Venta"), PURCHASE: N_("Compra"), OPENING: N_("Saldo inicial")}

# Tabla 10, tipo de comprobante: by the first letter of an invoice's series (F001 factura, B001 boleta,
# E001 factura electrónica emitida desde SEE-SOL); anything else «00 Otros»
OTHER_DOCUMENT = "00"
DOCUMENT_TYPES = {"F": "01", "E": "01", "B": "03"}
_INVOICE = re.compile(r"^\s*([A-Z0-9]{1,4})\s*-\s*(\d{1,8})\s*$", re.IGNORECASE)
_PERIOD = re.compile(r"^\s*(\d{4})(?:-(\d{1,2}))?\s*$")

UNIT_COST = Decimal("0.01")


def document_parts(invoice: str) -> tuple[str, str, str]:
    """(tipo de comprobante, serie, número) of a sale's invoice as typed: «F001-000045» →
    ("01", "F001", "000045"); what is not a serie-número is «00» with the text as its number."""
    found = _INVOICE.match(invoice or "")
    if found is None:
        return OTHER_DOCUMENT, "", (invoice or "").strip()
    series, number = found.group(1).upper(), found.group(2)
    return DOCUMENT_TYPES.get(series[0], OTHER_DOCUMENT), series, number


def unit_cost(value: Decimal, kg: Decimal) -> Decimal | None:
    """Costo unitario: value ÷ kilos, half up to the céntimo; none without kilos."""
    if not kg:
        return None
    return (value / kg).quantize(UNIT_COST, rounding=ROUND_HALF_UP)


def period_range(text: str) -> tuple[date, date] | None:
    """«2026-03» (a month) or «2026» (a year) → its first and last day; None if neither."""
    found = _PERIOD.match(text or "")
    if found is None:
        return None
    year = int(found.group(1))
    if found.group(2) is None:
        return (date(year, 1, 1), date(year, 12, 31)) if 1900 <= year <= 9999 else None
    month = int(found.group(2))
    if not (1 <= month <= 12 and 1900 <= year <= 9999):
        return None
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
