"""The registers of sales (Registro de Ventas e Ingresos, PLE 14.1) and purchases
(Registro de Compras, PLE 8.1), and the registry of buyers and suppliers. Pure.

- A **party** (buyer or supplier) is identified by its document (SUNAT's tabla 2):
  RUC (6, eleven digits whose last is the módulo 11 check digit: ``identity``),
  DNI (1, eight digits) or a foreign buyer's tax number (0, without RUC).
- Each sale and expense says its **comprobante** (tabla 10: 01 factura, 03 boleta,
  12 ticket, 04 liquidación de compra, 00 otros), serie and número, and how the
  IGV treats its one item (``TAX_KINDS``): gravado, exonerado, inafecto or, for a
  sale, exportación. A gravado amount includes the IGV: base = total ÷ 1.18
  rounded half up to the céntimo, IGV = total − base (the rate is a dated table,
  ``IGV_RATES``).
- The lines are those of Anexo 2 of R.S. N.° 286-2009/SUNAT, as amended for the
  PLE 5 (R.S. N.° 361-2015/SUNAT): 14.1 with 35 fields, 8.1 with 42 (docs/ple.md,
  «Registros de Ventas y de Compras»). Amounts in soles; a US$ document carries
  its currency and its rate (three decimals, as the structure asks).
- The acto cooperativo (Ley 31335) is kept apart: the lines of the acts with
  members come first, then the operations that are not, and ``totals`` adds
  each group apart. A sale that is an acto cooperativo is not gravado
  (``sale_tax_problems``); a gravado sale that is not posts its IGV to 40111.
- A **nota de crédito** (tabla 10: 07) against a sale's comprobante reverses part
  or all of it with its own entry: its register line carries negative amounts and
  the comprobante it modifies (fields 28–31 of the 14.1).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable

from coopdesk.domain.identity import is_valid_dni, is_valid_ruc
from coopdesk.domain.ple import Libro, amount, correlativo, cuo, period, ple_date, record, text
from coopdesk.domain.problems import N_, Problem

VENTAS = Libro("14.1", "140100", "Registro de Ventas e Ingresos")
COMPRAS = Libro("8.1", "080100", "Registro de Compras")

# tabla 2: documentos de identidad
RUC, DNI, NO_DOMICILIADO = "6", "1", "0"
PARTY_DOCUMENTS = (RUC, DNI, NO_DOMICILIADO)
# tabla 10: comprobantes de pago
FACTURA, BOLETA, LIQUIDACION_COMPRA, TICKET, OTROS = "01", "03", "04", "12", "00"
COMPROBANTES = (FACTURA, BOLETA, LIQUIDACION_COMPRA, TICKET, OTROS)
NOTA_CREDITO = "07"
# the comprobantes a nota de crédito can modify (a sale's factura, boleta or ticket)
CREDITABLE = (FACTURA, BOLETA, TICKET)
# how the IGV treats an item
GRAVADO, EXONERADO, INAFECTO, EXPORTACION = "gravado", "exonerado", "inafecto", "exportacion"
TAX_KINDS = (GRAVADO, EXONERADO, INAFECTO, EXPORTACION)
PURCHASE_TAX_KINDS = (GRAVADO, EXONERADO, INAFECTO)
# The IGV's rate in force, dated (docs/ple.md, «El IGV de ventas y compras»): the IGV of art. 17 of the TUO
# de la Ley del IGV (D.S. N.° 055-99-EF) plus the Impuesto de Promoción Municipal of 2 % (art. 76 of the
# Ley de Tributación Municipal, TUO D.S. N.° 156-2004-EF), charged on the same base. 17 % + 2 % = 19 % from
# 01/08/2003 (Ley 28033); 16 % + 2 % = 18 % from 01/03/2011 (Ley 29666, art. 17 as it stands). Uncertain:
# read in secondary sources, not in El Peruano; a rate that changes is a new row, never an edit.
IGV_RATES = ((date(2003, 8, 1), Decimal("0.19")), (date(2011, 3, 1), Decimal("0.18")))
# estado (field 35 of 14.1, 42 of 8.1): the operation belongs to the period; 8.1's «1» gives
# right to crédito fiscal, «0» does not
IN_PERIOD = "1"
NO_CREDIT = "0"


def igv_rate(day: date) -> Decimal:
    rate = None
    for since, value in IGV_RATES:
        if since <= day:
            rate = value
    if rate is None:
        raise ValueError(f"no IGV rate on {day}")
    return rate


def party_problems(kind: str, number: str, name: str) -> list[Problem]:
    """What is wrong with a buyer's or supplier's document and name (Spanish messages)."""
    number, problems = (number or "").strip(), []
    if kind not in PARTY_DOCUMENTS:
        problems.append(Problem("document_type", N_("El tipo de documento debe ser RUC (6), DNI (1) o un documento "
                                                    "tributario extranjero sin RUC (0).")))
    elif kind == RUC and not is_valid_ruc(number):
        problems.append(Problem("document", N_(
            "El RUC %(ruc)s no es válido: debe tener 11 dígitos y un dígito verificador correcto."), {"ruc": number}))
    elif kind == DNI and not is_valid_dni(number):
        problems.append(Problem("document", N_("El DNI %(dni)s no es válido: son 8 dígitos."), {"dni": number}))
    elif kind == NO_DOMICILIADO and not (0 < len(number) <= 15 and number.isalnum()):
        problems.append(Problem("document", N_("El documento del extranjero lleva letras o cifras, hasta 15.")))
    if not (name or "").strip():
        problems.append(Problem("name", N_("Escriba el nombre o la razón social.")))
    elif len(name.strip()) > 100:
        problems.append(Problem("name", N_("Es demasiado largo: %(limit)s caracteres como máximo."), {"limit": 100}))
    return problems


def comprobante_problems(kind: str, series: str, number: str, tax: str, purchase: bool) -> list[Problem]:
    problems = []
    if kind not in COMPROBANTES:
        problems.append(Problem("comprobante", N_("El comprobante debe ser factura (01), boleta (03), liquidación de "
                                                  "compra (04), ticket (12) u otro (00).")))
    for field, value in (("series", series), ("number", number)):
        value = (value or "").strip()
        if not value or len(value) > 20 or not value.replace("-", "").isalnum():
            problems.append(Problem(field, N_("Escriba la serie y el número del comprobante (letras y cifras, hasta "
                                              "20 cada uno).")))
            break
    if tax not in (PURCHASE_TAX_KINDS if purchase else TAX_KINDS):
        problems.append(Problem("tax", N_("Diga cómo trata el IGV la operación: gravada, exonerada o inafecta%(more)s."),
                                {"more": "" if purchase else N_(" (o exportación)")}))
    return problems


def sale_tax_problems(tax: str, cooperative_act: bool) -> list[Problem]:
    """A sale that is an acto cooperativo (Ley 31335) is not an operation gravada with the IGV."""
    if tax == GRAVADO and cooperative_act:
        return [Problem("tax", N_("Una venta que es acto cooperativo no está gravada con el IGV: elija exonerada, "
                                  "inafecta o exportación, o márquela como no cooperativa."))]
    return []


def split_parts(parts_cents: Iterable[int], tax: str, day: date) -> tuple[int, int]:
    """(base, IGV) of a document whose items (a sale's price, differential and premium,
    each in soles) are each split apart, as the posting splits them."""
    base = igv = 0
    for part in parts_cents:
        b, i = split(part, tax, day)
        base, igv = base + b, igv + i
    return base, igv


def split(total_cents: int, tax: str, day: date) -> tuple[int, int]:
    """(base, IGV) of a total in céntimos: a gravado total includes the IGV."""
    if tax != GRAVADO:
        return total_cents, 0
    rate = igv_rate(day)
    base = int((Decimal(total_cents) / (1 + rate)).quantize(Decimal(1), ROUND_HALF_UP))
    return base, total_cents - base


@dataclass(frozen=True)
class RegisterLine:
    """A sale or an expense as its register needs it: its entry (year, number and the
    line of the entry that carries it), the comprobante, the party, the amounts in
    céntimos of soles, and the currency with the rate."""

    year: int
    number: int
    line: int
    day: date
    comprobante: str
    series: str
    doc_number: str
    party_type: str
    party_number: str
    party_name: str
    total_cents: int
    tax: str
    currency: str = "PEN"
    rate: Decimal | None = None
    cooperative_act: bool = True
    # base and IGV as posted, when they are not the split of the total (a sale's items split apart,
    # a nota de crédito's negative figures); None: ``split`` of the total
    figures: tuple[int, int] | None = None
    # a nota de crédito: the comprobante it modifies (its date, tipo, serie, número)
    modifies: tuple[date, str, str, str] | None = None

    @property
    def base_and_igv(self) -> tuple[int, int]:
        return self.figures if self.figures is not None else split(self.total_cents, self.tax, self.day)


def _rate(rate: Decimal | None) -> str:
    return f"{rate.quantize(Decimal('0.001'), ROUND_HALF_UP):.3f}" if rate is not None else "1.000"


def ventas_fields(s: RegisterLine, year: int, month: int) -> list[str]:
    """The 35 fields of a 14.1 line; a nota de crédito's amounts negative, with the
    comprobante it modifies in 28–31."""
    base, igv = s.base_and_igv
    by = {GRAVADO: 14, EXONERADO: 18, INAFECTO: 19, EXPORTACION: 13}[s.tax]
    figures = {n: "0.00" for n in range(13, 26)}
    figures[by] = amount(base)
    figures[16] = amount(igv)
    figures[25] = amount(s.total_cents)
    return [period(year, month), cuo(s.year, s.number), correlativo("M", s.line), ple_date(s.day), "",
            s.comprobante, text(s.series, 20), text(s.doc_number, 20), "",
            s.party_type, text(s.party_number, 15), text(s.party_name, 100),
            *[figures[n] for n in range(13, 26)],
            s.currency, _rate(s.rate), *_modified(s.modifies), "", "", "", IN_PERIOD]


def _modified(modifies: tuple[date, str, str, str] | None) -> list[str]:
    if modifies is None:
        return ["", "", "", ""]
    day, kind, series, number = modifies
    return [ple_date(day), kind, text(series, 20), text(number, 20)]


def compras_fields(p: RegisterLine, year: int, month: int) -> list[str]:
    """The 42 fields of an 8.1 line: a gravado purchase's base and IGV in 14 and 15
    (destined to taxed operations) when it is not an acto cooperativo, in 18 and 19
    (no crédito fiscal) when it is; exonerated and inafecto in 20."""
    base, igv = p.base_and_igv
    figures = {n: "0.00" for n in range(14, 25)}
    credit = p.tax == GRAVADO and not p.cooperative_act
    if p.tax == GRAVADO:
        figures[14 if credit else 18], figures[15 if credit else 19] = amount(base), amount(igv)
    else:
        figures[20] = amount(base)
    figures[24] = amount(p.total_cents)
    return [period(year, month), cuo(p.year, p.number), correlativo("M", p.line), ple_date(p.day), "",
            p.comprobante, text(p.series, 20), "", text(p.doc_number, 20), "",
            p.party_type, text(p.party_number, 15), text(p.party_name, 100),
            *[figures[n] for n in range(14, 25)],
            p.currency, _rate(p.rate), "", "", "", "", "", "", "", "", "", "", "", "", "", "", "",
            IN_PERIOD if credit else NO_CREDIT]


def ordered(lines: Iterable[RegisterLine]) -> list[RegisterLine]:
    """The acts with members first, then the rest; each by date and entry."""
    return sorted(lines, key=lambda s: (not s.cooperative_act, s.day, s.year, s.number))


def register_lines(libro: Libro, lines: Iterable[RegisterLine], year: int, month: int) -> list[str]:
    build = ventas_fields if libro is VENTAS else compras_fields
    return [record(build(s, year, month)) for s in ordered(lines)]


@dataclass(frozen=True)
class Totals:
    cooperative: dict    # tax kind -> (base, IGV) in céntimos, of the actos cooperativos
    other: dict          # of the operations that are not


def totals(lines: Iterable[RegisterLine]) -> Totals:
    out: tuple[dict, dict] = ({}, {})
    for s in lines:
        base, igv = s.base_and_igv
        group = out[0 if s.cooperative_act else 1]
        old = group.get(s.tax, (0, 0))
        group[s.tax] = (old[0] + base, old[1] + igv)
    return Totals(*out)
