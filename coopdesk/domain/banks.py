"""Banks and currencies: the cooperative's bank accounts, the exchange rate of a
day, the revaluation of US$ balances and the bank reconciliation. Pure.

- **Rate of the day** (``rate_on``): the SBS publishes each business day a
  «tipo de cambio» compra and venta; an operation in US$ is translated with the
  last rate published on or before its date (a Saturday, Sunday or holiday
  takes the last business day's). Compra for what the cooperative has or is
  owed (bank balances, receivables, sales), venta for what it owes (Reglamento
  de la Ley del Impuesto a la Renta, art. 34; Ley del Impuesto a la Renta,
  art. 61; docs/ledger.md, «Bancos y monedas»). The rate is never typed per
  document.
- **Revaluation** (``revaluation``): at the end of a month (and of the year)
  a US$ account's balance in soles becomes its US$ balance × the compra rate of
  that day; the difference goes to 776 (ganancia) or 676 (pérdida).
- **Reconciliation** (``reconcile``): the bank's statement against the books'
  lines of the account, in the account's currency: first the same amount with
  the same reference (the operation number), then the same amount on the
  nearest date within ``DAYS`` days, earliest first; what is left on each side
  explains the difference of the two balances.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Sequence

from coopdesk.domain.money import CENTIMO, ZERO

CURRENCIES = ("PEN", "USD")
BANK_PARENT = "1041"   # PCGE 1041 Cuentas corrientes operativas: each bank account is a subaccount 1041n…
COMPRA, VENTA = "compra", "venta"
DAYS = 5               # how far apart the bank's date and the books' may be for a match (cheques, transfers)
RATE_PLACES = Decimal("0.0001")
MAX_RATE = Decimal("10000")


@dataclass(frozen=True)
class Rate:
    day: date
    buy: Decimal    # compra
    sell: Decimal   # venta

    def side(self, side: str) -> Decimal:
        return self.buy if side == COMPRA else self.sell


def rate_on(rates: Sequence[Rate], day: date) -> Rate | None:
    """The rate in force on ``day``: the last one published on or before it
    (``rates`` in day order); None when there is none."""
    index = bisect_right([r.day for r in rates], day)
    return rates[index - 1] if index else None


def next_code(parent: str, taken: Sequence[str]) -> str:
    """The next free subaccount of ``parent``: parent + 1, + 2, … (10411, 10412 …;
    past 9, two digits: 104110)."""
    n = 1
    while f"{parent}{n}" in taken:
        n += 1
    return f"{parent}{n}"


@dataclass(frozen=True)
class Revaluation:
    account: str
    foreign: Decimal     # the US$ balance
    pen: Decimal         # its balance in soles in the books
    rate: Decimal
    revalued: Decimal    # foreign × rate
    difference: Decimal  # revalued − pen: > 0 ganancia (776), < 0 pérdida (676)


def revaluation(account: str, foreign: Decimal, pen: Decimal, rate: Decimal) -> Revaluation:
    revalued = CENTIMO(foreign * rate)
    return Revaluation(account, foreign, pen, rate, revalued, revalued - pen)


# -- reconciliation -----------------------------------------------------------------


@dataclass(frozen=True)
class Movement:
    """A line of the bank's statement or of the books, in the account's currency:
    ``amount`` > 0 money in (abono / debe), < 0 money out (cargo / haber)."""

    day: date
    amount: Decimal
    reference: str = ""
    description: str = ""
    row: int = 0          # the statement's row, or the books' line id


@dataclass(frozen=True)
class Match:
    statement: Movement
    book: Movement
    by_reference: bool


@dataclass(frozen=True)
class Reconciliation:
    matched: tuple[Match, ...]
    bank_only: tuple[Movement, ...]    # on the statement, not in the books (charges, interest, deposits not recorded)
    book_only: tuple[Movement, ...]    # in the books, not on the statement (cheques not cashed, deposits in transit)
    statement_balance: Decimal         # the statement's closing balance
    book_balance: Decimal              # the books' balance of the account on the statement's last day

    @property
    def adjusted(self) -> Decimal:
        """The books' balance with what only the bank shows, less what only the books show."""
        return (self.book_balance + sum((m.amount for m in self.bank_only), ZERO)
                - sum((m.amount for m in self.book_only), ZERO))

    @property
    def difference(self) -> Decimal:
        """Zero when the two balances are explained line by line."""
        return self.statement_balance - self.adjusted


def _ref(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum()).lstrip("0")


def match(statement: Sequence[Movement], books: Sequence[Movement], days: int = DAYS) -> tuple[
        list[Match], list[Movement], list[Movement]]:
    """Pair each statement line with at most one line of the books (see the module)."""
    free = list(books)
    matched: list[Match] = []
    rest: list[Movement] = []
    for line in statement:  # 1: same amount, same reference
        ref = _ref(line.reference)
        found = next((b for b in free if ref and b.amount == line.amount and _ref(b.reference) == ref), None)
        if found is not None:
            free.remove(found)
            matched.append(Match(line, found, True))
        else:
            rest.append(line)
    bank_only: list[Movement] = []
    for line in rest:  # 2: same amount, nearest date within ``days``, earliest of the books first
        near = [b for b in free if b.amount == line.amount and abs((b.day - line.day).days) <= days]
        if near:
            found = min(near, key=lambda b: (abs((b.day - line.day).days), b.day, b.row))
            free.remove(found)
            matched.append(Match(line, found, False))
        else:
            bank_only.append(line)
    matched.sort(key=lambda m: (m.statement.day, m.statement.row))
    return matched, bank_only, free
