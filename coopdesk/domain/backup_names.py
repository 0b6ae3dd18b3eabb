"""The names of backup files: the book's name, when it was made, and what it holds.

``coopdesk-20261207-183005.sqlite`` is a copy of ``coopdesk.sqlite`` made on
7 December 2026 at 18:30:05; ``….sqlite.cifrado`` the same, encrypted with a
password; ``….dump`` a PostgreSQL book's ``pg_dump -Fc`` (``….dump.cifrado``
encrypted). A second backup within the same second gets ``-2``, ``-3``…
Beside each, ``<name>.sha256`` records its digest in ``sha256sum``'s format.
Only names that parse here, with this book's name, are ever rotated away.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

SQLITE, DUMP = "sqlite", "dump"
ENCRYPTED = ".cifrado"
DIGEST = ".sha256"
PART = ".part"

_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d{1,3}))?\.(?P<kind>sqlite|dump)"
                   r"(?P<encrypted>\.cifrado)?$")


@dataclass(frozen=True)
class BackupName:
    stem: str
    made_at: datetime
    kind: str  # SQLITE or DUMP
    encrypted: bool
    n: int = 1  # a second backup within the same second is -2

    def __str__(self) -> str:
        suffix = "" if self.n == 1 else f"-{self.n}"
        return (f"{self.stem}-{self.made_at:%Y%m%d-%H%M%S}{suffix}.{self.kind}"
                f"{ENCRYPTED if self.encrypted else ''}")


def parse(name: str) -> BackupName | None:
    """The backup a file name describes, or None for any other file."""
    m = _NAME.match(name)
    if m is None:
        return None
    try:
        made_at = datetime.strptime(m["stamp"], "%Y%m%d-%H%M%S")
    except ValueError:
        return None
    return BackupName(m["stem"], made_at, m["kind"], m["encrypted"] is not None, int(m["n"] or 1))


def digest_line(digest: str, name: str) -> str:
    """What ``<name>.sha256`` holds: ``sha256sum -c`` can check it too."""
    return f"{digest}  {name}\n"


def digest_from(text: str) -> str | None:
    """The hexadecimal SHA-256 written in a ``.sha256`` file, or None if it holds none."""
    m = re.match(r"^\s*([0-9a-fA-F]{64})\b", text)
    return m[1].lower() if m else None
