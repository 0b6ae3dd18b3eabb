"""Zones as treasurers type them: a name per line, or "CODE - Name", with short
codes made from the names when none is given. The GUI's create form and the
CLI's ``init --zone`` read zones the same way."""

from __future__ import annotations

import unicodedata

SMALL_WORDS = {"de", "del", "la", "las", "el", "los", "y"}


def zone_code(name: str, taken: set[str]) -> str:
    """A short code for a zone typed by name: "Las Piedras" -> "LP", "Tambopata" -> "TAM"."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    words = [w for w in plain.split() if w.isalnum()]
    significant = [w for w in words if w.lower() not in SMALL_WORDS] or words
    if len(words) >= 2:
        base = "".join(w[0] for w in words[:3]).upper()
    else:
        base = (significant[0][:3] if significant else "Z").upper()
    code, n = base, 2
    while code in taken:
        code, n = f"{base}{n}", n + 1
    return code


def parse_zones(text: str) -> list[tuple[str, str]]:
    """One zone per line: "Las Piedras", or with its own code, "LP - Las Piedras"."""
    zones: list[tuple[str, str]] = []
    taken: set[str] = set()
    for line in text.splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        if " - " in line:
            code, name = (part.strip() for part in line.split(" - ", 1))
        else:
            code, name = zone_code(line, taken), line
        taken.add(code)
        zones.append((code, name))
    return zones
