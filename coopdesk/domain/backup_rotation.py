"""Which backups to keep: 7 daily, 4 weekly, 12 monthly (grandfather-father-son).

Decided from the backups' own time stamps, nothing else (no "today"), the way
restic's ``forget --keep-daily 7 --keep-weekly 4 --keep-monthly 12`` does:

- daily: for each of the 7 most recent *days that have a backup*, its latest one;
- weekly: for each of the 4 most recent ISO weeks (Monday to Sunday) that have
  one, its latest one;
- monthly: for each of the 12 most recent calendar months that have one, its
  latest one.

A backup kept by one rule may also count for another (the latest backup of a
Sunday is the day's, the week's and perhaps the month's). The newest backup is
always kept. Days without a backup (a laptop left shut for a fortnight) use up
no slot, so a long pause never deletes the last good copies.
"""

from __future__ import annotations

from datetime import datetime
from typing import Callable, Hashable, Iterable

DAILY, WEEKLY, MONTHLY = 7, 4, 12


def _latest_per_period(stamps: list[datetime], period: Callable[[datetime], Hashable], count: int) -> set[datetime]:
    """``stamps`` newest first: the first (latest) of each of the ``count`` newest periods."""
    kept: set[datetime] = set()
    seen: set[Hashable] = set()
    for stamp in stamps:
        if len(seen) == count:
            break
        key = period(stamp)
        if key not in seen:
            seen.add(key)
            kept.add(stamp)
    return kept


def to_keep(stamps: Iterable[datetime], daily: int = DAILY, weekly: int = WEEKLY,
            monthly: int = MONTHLY) -> set[datetime]:
    """The time stamps among ``stamps`` whose backups are kept; the others may be deleted."""
    newest_first = sorted(set(stamps), reverse=True)
    if not newest_first:
        return set()
    return ({newest_first[0]}
            | _latest_per_period(newest_first, lambda s: s.date(), daily)
            | _latest_per_period(newest_first, lambda s: s.isocalendar()[:2], weekly)
            | _latest_per_period(newest_first, lambda s: (s.year, s.month), monthly))
