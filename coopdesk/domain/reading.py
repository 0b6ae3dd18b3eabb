"""Reading what a person typed (numbers, whole numbers, dates) into values.

The GUI's forms and the CLI use these same readers, so a mistyped value gets
the same message everywhere. Each reader returns ``(value, problems)``; the
value is a harmless stand-in when there is a problem, so a form can go on and
report every problem at once.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from coopdesk.domain.limits import MAX_TYPED_DIGITS
from coopdesk.domain.money import D, AmbiguousNumber
from coopdesk.domain.problems import N_, Problem


# What a typed number may be made of: a sign, ASCII digits, points and commas
# (spaces group thousands too). Python's own readers take more (``1_000``,
# ``1E3``, ``Infinity``, Arabic-Indic digits): none of that is a number here.
_NUMBER = re.compile(r"[+-]?[0-9.,]*[0-9][0-9.,]*")
_WHOLE = re.compile(r"-?[0-9]+")


def is_plain_number(text: str) -> bool:
    """Whether ``text`` has the shape of a number as people type one (the
    separators are then checked by ``D()``)."""
    return _NUMBER.fullmatch(text.replace(" ", "").replace("\u00a0", "")) is not None


def read_decimal(text: str | None, field: str, default: Decimal | None = None,
                 missing: Problem | None = None, example: str = "") -> tuple[Decimal, list[Problem]]:
    """``missing``: the problem of an empty field with no default (a hint that fits the field);
    ``example``: a number that fits the field, for the message of one that cannot be read."""
    text = (text or "").strip()
    if not text:
        if default is not None:
            return default, []
        return Decimal(0), [missing or Problem(field, N_("Escriba un número, por ejemplo 120.5."))]
    try:
        if not is_plain_number(text):
            raise ValueError(text)
        value = D(text)
        if value.adjusted() >= MAX_TYPED_DIGITS:
            return Decimal(0), [Problem(field, N_("«%(text)s» es un número demasiado grande."), {"text": text})]
        return value, []
    except AmbiguousNumber as exc:
        return Decimal(0), [Problem(field, N_(
            "«%(text)s» puede leerse como %(thousands)s o como %(decimal)s: escriba %(thousands)s "
            "(sin coma de miles) o %(decimal)s (con punto decimal)."),
            {"text": exc.text, "thousands": exc.thousands, "decimal": exc.decimal})]
    except ValueError:
        if example:
            return Decimal(0), [Problem(field, N_(
                "«%(text)s» no es un número. Escriba cifras con punto decimal, por ejemplo %(example)s."),
                {"text": text, "example": example})]
        return Decimal(0), [Problem(field, N_(
            "«%(text)s» no es un número. Escriba cifras con punto decimal, por ejemplo 120.5."), {"text": text})]


def read_int(text: str | None, field: str, default: int | None = None) -> tuple[int, list[Problem]]:
    text = (text or "").strip()
    if not text and default is not None:
        return default, []
    if _WHOLE.fullmatch(text) and len(text) <= MAX_TYPED_DIGITS:
        return int(text), []
    return 0, [Problem(field, N_("«%(text)s» no es un número entero."), {"text": text})]


def read_date(text: str | None, field: str, default: date) -> tuple[date, list[Problem]]:
    """``31/12/2026`` (as Peruvians write dates) or ``2026-12-31``."""
    text = (text or "").strip()
    if not text:
        return default, []
    try:
        if "/" in text:
            day, month, year = (int(part) for part in text.split("/"))
            return date(year, month, day), []
        return date.fromisoformat(text), []
    except (ValueError, OverflowError):  # 31/02/2026; a year of a hundred digits
        return default, [Problem(field, N_("La fecha «%(text)s» no es válida; escríbala como 31/12/2026."),
                                 {"text": text})]
