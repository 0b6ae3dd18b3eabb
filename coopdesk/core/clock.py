"""Which clock a book runs on when it is not handed one.

``COOPDESK_TODAY=2026-12-07`` makes coopdesk take that date as today, in the app
and on the command line alike: for a treasurer who practises on a copy of the
book as if it were another day, and for the tests, which fix their date this way
so that none of them depends on the machine's clock (subprocesses inherit it).
Without it, the machine's clock.
"""

from __future__ import annotations

import os

from coopdesk.core.errors import BookError, N_
from coopdesk.domain.clock import Clock, FixedClock, SystemClock, parse_day

TODAY_VARIABLE = "COOPDESK_TODAY"


def default_clock() -> Clock:
    text = os.environ.get(TODAY_VARIABLE, "").strip()
    if not text:
        return SystemClock()
    try:
        return FixedClock(parse_day(text))
    except ValueError:
        raise BookError(N_("%(variable)s debe ser una fecha como 2026-12-07, no «%(value)s»."),
                        variable=TODAY_VARIABLE, value=text) from None
