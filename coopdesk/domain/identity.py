"""Peruvian identity numbers: DNI (8 digits) and RUC (11 digits with a check digit).

RUC check digit (SUNAT, módulo 11): weights 5,4,3,2,7,6,5,4,3,2 over the first ten
digits; ``r = 11 - (sum % 11)``; the check digit is ``r`` for r < 10, 0 for
r == 10 and 1 for r == 11. Valid RUCs start with 10, 15, 16, 17 or 20.
"""

from __future__ import annotations

RUC_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
RUC_PREFIXES = ("10", "15", "16", "17", "20")


def is_valid_dni(dni: str) -> bool:
    return len(dni) == 8 and dni.isascii() and dni.isdigit()


def ruc_check_digit(first_ten: str) -> int:
    total = sum(int(d) * w for d, w in zip(first_ten, RUC_WEIGHTS))
    r = 11 - total % 11
    return {10: 0, 11: 1}.get(r, r)


def is_valid_ruc(ruc: str) -> bool:
    if len(ruc) != 11 or not (ruc.isascii() and ruc.isdigit()):
        return False
    if not ruc.startswith(RUC_PREFIXES):
        return False
    return ruc_check_digit(ruc[:10]) == int(ruc[10])
