"""The code a new member most likely gets: the next of the padrón's own series.

Codes are a prefix and a number (S00150, SOC-0042, 1234). The series is the
(prefix, number of digits) most of the padrón's codes share — ties go to the
one with the highest number —, and the suggestion is its highest number plus
one, zero-padded to the same width (S00150 → S00151; S99999 → S100000). A
padrón with no such code starts at ``FIRST``. Only a suggestion: the treasurer
may type any other code.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

FIRST = "S00001"
_CODE = re.compile(r"^(.*?)(\d+)$")


def next_code(codes: Iterable[str]) -> str:
    series: Counter[tuple[str, int]] = Counter()
    highest: dict[tuple[str, int], int] = {}
    existing = {code.strip().upper() for code in codes}
    for code in existing:
        found = _CODE.match(code)
        if found is None:
            continue
        prefix, digits = found.groups()
        key = (prefix, len(digits))
        series[key] += 1
        highest[key] = max(highest.get(key, 0), int(digits))
    if not series:
        return FIRST
    prefix, width = max(series, key=lambda key: (series[key], highest[key]))
    number = highest[(prefix, width)] + 1
    while f"{prefix}{number:0{width}d}" in existing:  # S100000 already there after S99999: the next free one
        number += 1
    return f"{prefix}{number:0{width}d}"
