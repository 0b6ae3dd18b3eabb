"""The bank payment file of a batch, and members' bank accounts (pure).

No Peruvian bank publishes the layout of its bulk-payment files (BCP
Telecrédito, Interbank, BBVA): each hands it to the companies it enrols, so
coopdesk writes one documented CSV (docs/distribution.md, «Archivo para el
banco») that a bank portal's import of «pago a proveedores» or «pago de
haberes» with a mapping of columns, or a spreadsheet template, can take.

The file: UTF-8 without BOM, comma-separated, lines ending CRLF, one header
line, then one line per member paid by bank in the planilla's order (zone, then
«Apellidos, Nombres»); names in capitals without accents (ñ is N), as the
banks' portals require; amounts with a point and two decimals, no thousands
separator.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable

from coopdesk.domain import limits
from coopdesk.domain.problems import N_, Problem

CCI_DIGITS = 20           # the Código de Cuenta Interbancario (any bank)
LEAST_ACCOUNT_DIGITS = 10  # account numbers of Peruvian banks: 10 (Scotiabank) to 18 (BBVA) digits, with the branch
MOST_ACCOUNT_DIGITS = 18
COLUMNS = ("nro", "tipo_documento", "numero_documento", "beneficiario", "tipo_cuenta", "cuenta", "moneda", "monto",
           "referencia", "codigo_socio")


@dataclass(frozen=True)
class BankLine:
    code: str
    dni: str
    sort_name: str   # «Apellidos, Nombres»
    account: str
    amount: Decimal


def plain_account(text: str) -> str:
    """The account as typed, without spaces (dashes kept, as printed on a passbook)."""
    return "".join((text or "").split())


def account_digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def bank_account_problems(text: str) -> list[Problem]:
    """A member's bank account: empty (paid in cash), or digits and dashes, the
    20-digit CCI or an account number of 10 to 18 digits."""
    account = plain_account(text)
    if not account:
        return []
    if len(account) > limits.BANK_ACCOUNT or any(not (ch.isdigit() or ch == "-") for ch in account):
        return [Problem("bank_account", N_("La cuenta bancaria «%(account)s» debe tener solo números y guiones: el "
                                           "CCI de 20 dígitos o el número de cuenta."), {"account": account})]
    digits = len(account_digits(account))
    if digits != CCI_DIGITS and not LEAST_ACCOUNT_DIGITS <= digits <= MOST_ACCOUNT_DIGITS:
        return [Problem("bank_account", N_("La cuenta bancaria «%(account)s» tiene %(n)s dígitos: el CCI tiene 20, "
                                           "un número de cuenta de 10 a 18."), {"account": account, "n": digits})]
    return []


def account_kind(account: str) -> str:
    """«CCI» for a 20-digit interbank code, «CUENTA» for an account number."""
    return "CCI" if len(account_digits(account)) == CCI_DIGITS else "CUENTA"


def bank_name(text: str) -> str:
    """A name as the banks' portals take it: capitals, no accents, no punctuation."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    kept = "".join(ch if ch.isalnum() or ch == " " else " " for ch in plain)
    return " ".join(kept.upper().split())


def bank_csv(lines: Iterable[BankLine], reference: str) -> str:
    """The CSV text of the file (``reference``: «Lote 3 Dist 1», printed on each line)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for number, line in enumerate(lines, start=1):
        writer.writerow((number, "DNI", line.dni, bank_name(line.sort_name.replace(",", " ")),
                         account_kind(line.account), account_digits(line.account), "PEN", f"{line.amount:.2f}",
                         reference, line.code))
    return out.getvalue()
