"""The clock a book asks for today's date and the time of a record.

Nothing below the faces reads the machine's clock itself: a ``Book`` is handed a
clock (Tryton passes the context's date; beancount passes none at all), so what
"today" is can be fixed: by the tests, which run at a date of their own whatever
the machine says, and by a treasurer who trains on a copy as if it were another
day (``COOPDESK_TODAY``, read in ``coopdesk.core.clock``).
"""

from __future__ import annotations

import time as _time
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Protocol


class Clock(Protocol):
    def today(self) -> date: ...

    def now(self) -> datetime:
        """Local time, to the second (what records are stamped with)."""
        ...


class SystemClock:
    """The machine's clock."""

    def today(self) -> date:
        return date.today()

    def now(self) -> datetime:
        return datetime.now().replace(microsecond=0)

    def __repr__(self) -> str:
        return "SystemClock()"


@dataclass(frozen=True)
class FixedClock:
    """A clock whose date stands still: ``today()`` is always ``day``. ``now()``
    starts at ``start`` on that day and runs on with real time, so records made
    one after another keep their order."""

    day: date
    start: time = time(9, 0)
    _origin: float = field(default_factory=_time.monotonic, repr=False, compare=False)

    def today(self) -> date:
        return self.day

    def now(self) -> datetime:
        elapsed = int(_time.monotonic() - self._origin)
        return datetime.combine(self.day, self.start) + timedelta(seconds=elapsed)


def parse_day(text: str) -> date:
    """``YYYY-MM-DD``, as ``COOPDESK_TODAY`` is written; ValueError otherwise."""
    return date.fromisoformat(text.strip())
