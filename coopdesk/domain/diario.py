"""The correlativo of the Libro Diario (docs/ledger.md, «Numeración del Libro Diario»).

An entry gets its posting number (``2026-001214``) when it is posted, in the order
entries are posted, and never changes: a back-dated entry has a number larger than
the entries dated after it. The Libro Diario's own correlativo, which SUNAT's
electronic books take as the CUO, is given once, when the entry's month is closed:
the month's entries in order of date, then the apertura first and the cierre last
within a day, then their posting number; continuing after the last correlativo of
the year's previous months. Pure: it orders what the core read.
"""

from __future__ import annotations

from datetime import date
from typing import Iterable

from coopdesk.domain import postings as P

# within one day: the apertura (typed or the reopening of 1 January) first, the year's
# closing entries last (determinación, traslado, cierre de balance: all on 31 December)
FIRST, MIDDLE, LAST = 0, 1, 2
RANK = {P.OPENING: FIRST, P.REOPENING: FIRST, P.CLOSING: LAST, P.BALANCE_CLOSING: LAST}


def order_key(day: date, source_kind: str, number: int) -> tuple:
    return day, RANK.get(source_kind, MIDDLE), number


def in_diario_order(entries: Iterable) -> list:
    """Entries (anything with ``date`` and ``source_kind``, given in posting order
    within a day) in the Libro Diario's order: stable, so the posting order stays
    within each day's apertura, movements and cierre."""
    return sorted(entries, key=lambda e: (e.date, RANK.get(e.source_kind, MIDDLE)))


def numbered(entries: Iterable[tuple[int, date, str, int]], last: int) -> list[tuple[int, int]]:
    """``(entry id, correlativo)`` for ``entries`` (id, date, source_kind, posting
    number) of one year, in the Diario's order, the first after ``last``."""
    ordered = sorted(entries, key=lambda e: order_key(e[1], e[2], e[3]))
    return [(entry_id, last + n) for n, (entry_id, *_rest) in enumerate(ordered, start=1)]


def label(year: int, number: int | None) -> str:
    """«D-2026-000003»: the correlativo as printed, apart from the posting number
    («2026-000003»); "" for an entry whose month is still open."""
    return f"D-{year:04d}-{number:06d}" if number is not None else ""
