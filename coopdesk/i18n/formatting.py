"""Numbers, money, weights and dates as a Peruvian reader expects them (CLDR es_PE).

Money is ``S/ 1,234.56`` (no-break space, point for decimals, comma for
thousands: never the Spain style), negatives ``-S/ 1,234.50``. Tables show
dates as ``22/11/2026``; prose as "22 de noviembre de 2026". Amounts must be
rounded by the domain before they get here: formatting never rounds money.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from coopdesk.domain.money import CENT
from coopdesk.domain.problems import N_
from coopdesk.domain.quantities import kg_to_quintales
from coopdesk import i18n

MONTHS = (N_("enero"), N_("febrero"), N_("marzo"), N_("abril"), N_("mayo"), N_("junio"), N_("julio"),
          N_("agosto"), N_("septiembre"), N_("octubre"), N_("noviembre"), N_("diciembre"))
NUMBER_LOCALE = "es_PE"
PROSE_LOCALES = {"es": "es_PE", "en": "en_US"}
_numbers_locale = None


def _numbers():
    """es_PE parsed once (Babel parses a locale given by name on every call: a quarter
    of a figure's formatting), and only when first needed (a command that prints
    only counts never loads Babel's locale data)."""
    global _numbers_locale
    if _numbers_locale is None:
        from babel import Locale

        _numbers_locale = Locale.parse(NUMBER_LOCALE)
    return _numbers_locale


def format_money(amount: Decimal) -> str:
    """``Decimal('1234.56')`` -> ``'S/\u00a01,234.56'``. Refuses unrounded amounts."""
    if amount != amount.quantize(CENT):
        raise ValueError(f"{amount} is not rounded to céntimos")
    from babel.numbers import format_currency  # Babel and its locale data when first needed

    return format_currency(amount, "PEN", locale=_numbers())


def format_number(value: Decimal | int, places: int | None = None) -> str:
    """Grouped number; ``places`` fixes the decimals, else they are kept as given."""
    if places is None:
        exponent = value.as_tuple().exponent if isinstance(value, Decimal) else 0
        places = max(0, -exponent) if isinstance(exponent, int) else 0
    if not places and isinstance(value, int) and not isinstance(value, bool):
        # a count («20 socios»): es_PE's grouping and minus sign are Python's own (tests/i18n/test_formatting.py
        # holds them to Babel's), so a command that prints only counts never loads Babel's locale data
        return f"{value:,}"
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(value, format=pattern, locale=_numbers(), decimal_quantization=True)


def format_kg(kg: Decimal) -> str:
    """``Decimal('1234.5')`` -> ``'1,234.50 kg'``; three decimals only when grams matter."""
    places = 2 if kg == kg.quantize(CENT) else 3
    return f"{format_number(kg, places)}\u00a0kg"


def format_quintales(kg: Decimal) -> str:
    """Coffee kilograms as quintales of 46 kg: ``'27.17 qq'``."""
    return f"{format_number(kg_to_quintales(kg), 2)}\u00a0qq"


def format_percent(value: Decimal) -> str:
    return f"{format_number(value, 2)}\u00a0%"


def month_name(month: int) -> str:
    """«noviembre» (in English «November»): a month in running text."""
    return i18n._(MONTHS[month - 1])


def format_date(value: date) -> str:
    """Short date for tables: ``22/11/2026``."""
    return value.strftime("%d/%m/%Y")


def format_date_long(value: date) -> str:
    """Date in prose in the user's language: "22 de noviembre de 2026"."""
    from babel.dates import format_date as _babel_date

    locale = PROSE_LOCALES.get(i18n.language(), "es_PE")
    return _babel_date(value, format="long", locale=locale)


def place_and_date(city: str, value: date) -> str:
    """The dateline of a document: "Puerto Maldonado, 15 de marzo de 2026"."""
    return f"{city}, {format_date_long(value)}"


def format_month(year: int, month: int) -> str:
    """A month in prose in the user's language: "marzo de 2026"."""
    from babel.dates import format_date as _babel_date

    locale = PROSE_LOCALES.get(i18n.language(), "es_PE")
    pattern = "MMMM 'de' y" if locale.startswith("es") else "MMMM y"
    return _babel_date(date(year, month, 1), format=pattern, locale=locale)
