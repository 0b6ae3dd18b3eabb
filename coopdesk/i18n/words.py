"""Amounts in words, as printed on Peruvian comprobantes and liquidations.

Spanish (Real Academia Española spelling, capital letters):

* ``number_in_words_es`` gives the standalone cardinal: 1 -> ``UNO``,
  21 -> ``VEINTIUNO``, 100 -> ``CIEN``, 101 -> ``CIENTO UNO``.
* 16-29 are single words, accented where the RAE puts the accent:
  ``DIECISÉIS``, ``VEINTIDÓS``, ``VEINTITRÉS``, ``VEINTISÉIS``; from 30 on
  the tens and units are joined by ``Y`` (``TREINTA Y DOS``).
* Hundreds: ``CIEN`` alone (also ``CIEN MIL``, ``CIEN MILLONES``), otherwise
  ``CIENTO``, ``DOSCIENTOS`` ... ``QUINIENTOS`` ... ``NOVECIENTOS``, always
  in the masculine (the sol is masculine): 201,000 -> ``DOSCIENTOS UN MIL``.
* A number ending in one is apocopated before ``MIL`` and ``MILLÓN(ES)``:
  ``VEINTIÚN MIL``, ``TREINTA Y UN MIL``, ``CIENTO UN MIL``, ``UN MILLÓN``,
  ``VEINTIÚN MILLONES``.  One thousand is ``MIL``, never ``UN MIL``.
* ``MILLÓN`` carries the accent, ``MILLONES`` does not.  Thousands of
  millions are said that way (long scale, no "billón" below 10**12):
  ``MIL MILLONES``, ``MIL UN MILLONES``.
* In the amount line the integer part is the standalone cardinal followed
  by ``CON``, so a final one is not apocopated: ``SON: VEINTIUNO CON 00/100
  SOLES``, ``SON: UN MILLÓN UNO CON 00/100 SOLES``.  No ``DE`` is put
  between ``MILLÓN``/``MILLONES`` and the fraction (``SON: UN MILLÓN CON
  00/100 SOLES``).

English: US cardinal words in capitals, hyphen for 21-99 (``TWENTY-ONE``),
no "AND" inside the number, short scale (``ONE BILLION``):
``AMOUNT: ONE THOUSAND TWO HUNDRED THIRTY-FOUR AND 56/100 SOLES``.

Amounts: the amount is first quantized to céntimos with ``ROUND_HALF_UP``;
the céntimos are always written as two digits over 100 (``CON 05/100``,
``CON 00/100``).  Accepted values go from 0 to 999,999,999,999.99; a
negative, non-finite or larger amount raises ``ValueError``.  Amounts must
be ``Decimal`` (an ``int`` is accepted too); a ``float`` raises
``TypeError`` because binary rounding would silently change céntimos.  The
currency is appended exactly as given (default ``SOLES``).
"""

from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

__all__ = [
    "MAX_AMOUNT",
    "amount_in_words",
    "amount_in_words_en",
    "amount_in_words_es",
    "number_in_words_es",
]

MAX_INTEGER = 999_999_999_999
MAX_AMOUNT = Decimal("999999999999.99")
DEFAULT_CURRENCY = "SOLES"

_CENT = Decimal("0.01")
_LIMIT = Decimal(MAX_INTEGER + 1)
# A private context, so the caller's precision or rounding cannot change
# the result; 40 digits are plenty for 12 integer digits and 2 decimals.
_CONTEXT = Context(prec=40, rounding=ROUND_HALF_UP)

# ---------------------------------------------------------------- Spanish

_ES_0_29 = (
    "CERO", "UNO", "DOS", "TRES", "CUATRO",
    "CINCO", "SEIS", "SIETE", "OCHO", "NUEVE",
    "DIEZ", "ONCE", "DOCE", "TRECE", "CATORCE",
    "QUINCE", "DIECISÉIS", "DIECISIETE", "DIECIOCHO", "DIECINUEVE",
    "VEINTE", "VEINTIUNO", "VEINTIDÓS", "VEINTITRÉS", "VEINTICUATRO",
    "VEINTICINCO", "VEINTISÉIS", "VEINTISIETE", "VEINTIOCHO", "VEINTINUEVE",
)

_ES_TENS = {
    3: "TREINTA", 4: "CUARENTA", 5: "CINCUENTA", 6: "SESENTA",
    7: "SETENTA", 8: "OCHENTA", 9: "NOVENTA",
}

_ES_HUNDREDS = {
    1: "CIENTO", 2: "DOSCIENTOS", 3: "TRESCIENTOS", 4: "CUATROCIENTOS",
    5: "QUINIENTOS", 6: "SEISCIENTOS", 7: "SETECIENTOS", 8: "OCHOCIENTOS",
    9: "NOVECIENTOS",
}


def _es_below_100(n: int, apocope: bool) -> str:
    """1..99; with ``apocope`` a final one becomes UN / VEINTIÚN."""
    if n < 30:
        if apocope and n == 1:
            return "UN"
        if apocope and n == 21:
            return "VEINTIÚN"
        return _ES_0_29[n]
    tens, unit = divmod(n, 10)
    word = _ES_TENS[tens]
    if unit == 0:
        return word
    unit_word = "UN" if (apocope and unit == 1) else _ES_0_29[unit]
    return f"{word} Y {unit_word}"


def _es_below_1000(n: int, apocope: bool) -> str:
    """1..999."""
    if n == 100:
        return "CIEN"
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds:
        parts.append(_ES_HUNDREDS[hundreds])
    if rest:
        parts.append(_es_below_100(rest, apocope))
    return " ".join(parts)


def _es_below_million(n: int, apocope: bool) -> str:
    """1..999,999."""
    thousands, rest = divmod(n, 1000)
    parts = []
    if thousands == 1:
        parts.append("MIL")
    elif thousands:
        parts.append(_es_below_1000(thousands, apocope=True) + " MIL")
    if rest:
        parts.append(_es_below_1000(rest, apocope))
    return " ".join(parts)


def _check_integer(n: object) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"expected an int, got {type(n).__name__}: {n!r}")
    if n < 0:
        raise ValueError(f"negative numbers are not supported: {n}")
    if n > MAX_INTEGER:
        raise ValueError(
            f"number too large: {n} (the maximum is {MAX_INTEGER:,})"
        )
    return n


def number_in_words_es(n: int) -> str:
    """Spanish standalone cardinal in capitals: 21 -> ``VEINTIUNO``.

    Supports 0 .. 999,999,999,999; raises ``ValueError`` outside that range
    and ``TypeError`` for anything that is not an ``int``.
    """
    n = _check_integer(n)
    if n == 0:
        return "CERO"
    millions, rest = divmod(n, 1_000_000)
    parts = []
    if millions == 1:
        parts.append("UN MILLÓN")
    elif millions:
        parts.append(_es_below_million(millions, apocope=True) + " MILLONES")
    if rest:
        parts.append(_es_below_million(rest, apocope=False))
    return " ".join(parts)


# ---------------------------------------------------------------- English

_EN_0_19 = (
    "ZERO", "ONE", "TWO", "THREE", "FOUR",
    "FIVE", "SIX", "SEVEN", "EIGHT", "NINE",
    "TEN", "ELEVEN", "TWELVE", "THIRTEEN", "FOURTEEN",
    "FIFTEEN", "SIXTEEN", "SEVENTEEN", "EIGHTEEN", "NINETEEN",
)

_EN_TENS = {
    2: "TWENTY", 3: "THIRTY", 4: "FORTY", 5: "FIFTY",
    6: "SIXTY", 7: "SEVENTY", 8: "EIGHTY", 9: "NINETY",
}

_EN_SCALES = (
    (1_000_000_000, "BILLION"),
    (1_000_000, "MILLION"),
    (1_000, "THOUSAND"),
)


def _en_below_1000(n: int) -> str:
    """1..999."""
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds:
        parts.append(f"{_EN_0_19[hundreds]} HUNDRED")
    if rest:
        if rest < 20:
            parts.append(_EN_0_19[rest])
        else:
            tens, unit = divmod(rest, 10)
            word = _EN_TENS[tens]
            parts.append(f"{word}-{_EN_0_19[unit]}" if unit else word)
    return " ".join(parts)


def _number_in_words_en(n: int) -> str:
    """US English cardinal in capitals: 1234 -> ``ONE THOUSAND TWO HUNDRED
    THIRTY-FOUR``."""
    n = _check_integer(n)
    if n == 0:
        return _EN_0_19[0]
    parts = []
    for value, name in _EN_SCALES:
        count, n = divmod(n, value)
        if count:
            parts.append(f"{_en_below_1000(count)} {name}")
    if n:
        parts.append(_en_below_1000(n))
    return " ".join(parts)


# ---------------------------------------------------------------- amounts


def _too_large(amount: Decimal) -> ValueError:
    return ValueError(
        f"amount too large: {amount} (the maximum is {MAX_AMOUNT:,})"
    )


def _split_amount(amount: object) -> tuple[int, int]:
    """Validate, quantize to céntimos (ROUND_HALF_UP); return (units, cents)."""
    if isinstance(amount, bool) or not isinstance(amount, (Decimal, int)):
        raise TypeError(
            f"amount must be a Decimal, got {type(amount).__name__}: {amount!r}"
        )
    amount = Decimal(amount)
    if not amount.is_finite():
        raise ValueError(f"amount must be a finite number, got {amount}")
    if amount < 0:
        raise ValueError(f"amount must not be negative, got {amount}")
    if amount >= _LIMIT:
        # Checked before quantizing so huge exponents cannot overflow it.
        raise _too_large(amount)
    with localcontext(_CONTEXT):
        quantized = amount.quantize(_CENT, rounding=ROUND_HALF_UP)
        if quantized > MAX_AMOUNT:
            raise _too_large(amount)
        units, cents = divmod(int(quantized.scaleb(2)), 100)
    return units, cents


def _line(prefix: str, words: str, joiner: str, cents: int, currency: str) -> str:
    line = f"{prefix}: {words} {joiner} {cents:02d}/100"
    return f"{line} {currency}" if currency else line


def amount_in_words_es(amount: Decimal, currency: str = DEFAULT_CURRENCY) -> str:
    """``Decimal("1234.56")`` -> ``SON: MIL DOSCIENTOS TREINTA Y CUATRO CON
    56/100 SOLES``."""
    units, cents = _split_amount(amount)
    return _line("SON", number_in_words_es(units), "CON", cents, currency)


def amount_in_words_en(amount: Decimal, currency: str = DEFAULT_CURRENCY) -> str:
    """``Decimal("1234.56")`` -> ``AMOUNT: ONE THOUSAND TWO HUNDRED
    THIRTY-FOUR AND 56/100 SOLES``."""
    units, cents = _split_amount(amount)
    return _line("AMOUNT", _number_in_words_en(units), "AND", cents, currency)


def amount_in_words(
    amount: Decimal, language: str = "es", currency: str | None = None
) -> str:
    """Dispatch on ``language``: a code starting with ``es`` (``es``,
    ``es_PE``, ``es-PE``) gives Spanish, one starting with ``en`` gives
    English; case is ignored.  Any other language raises ``ValueError``.
    ``currency`` defaults to ``SOLES``."""
    if currency is None:
        currency = DEFAULT_CURRENCY
    code = (language or "").strip().lower()
    if code.startswith("es"):
        return amount_in_words_es(amount, currency)
    if code.startswith("en"):
        return amount_in_words_en(amount, currency)
    raise ValueError(
        f"unsupported language for amounts in words: {language!r} "
        "(expected 'es' or 'en')"
    )
