"""The audit trail's SHA-256 chain (docs/security.md, «Registro de cambios»).

Each record's hash covers its content and the hash of the record before it:

    hash = SHA-256( "coopdesk-auditoria-1\\n" + prev_hash + "\\n"
                    + canonical JSON of [id, at, who, action, table, row_id, before, after] )

(canonical JSON: no spaces, UTF-8, ``null`` for what is missing; ``before`` and
``after`` are the JSON texts exactly as stored). The first record's
``prev_hash`` is 64 zeros. Changing, removing or reordering a record breaks the
chain from there on.
"""

from __future__ import annotations

import hashlib
import json

GENESIS = "0" * 64
PREFIX = b"coopdesk-auditoria-1\n"


def content(id_: int, at: str | None, who: str | None, action: str, table: str, row_id: int | None,
            before: str | None, after: str | None) -> bytes:
    return json.dumps([id_, at, who, action, table, row_id, before, after], ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def link(prev_hash: str, record: bytes) -> str:
    """The hash of a record (its ``content``) that follows ``prev_hash``."""
    return hashlib.sha256(PREFIX + prev_hash.encode("ascii") + b"\n" + record).hexdigest()


# -- the head on paper (docs/security.md, «La cabeza del registro en papel») ------------------------

HEAD_PREFIX = "R"  # not a hexadecimal digit: a head's code is never read as a run's (``S-`` is a member's)
HEAD_DIGITS = 16  # the code a person types back: 64 bits of the head's hash


def head_code(digest: str) -> str:
    """The head's code as printed and typed back: ``R-A1B2-C3D4-E5F6-0789``."""
    digits = digest[:HEAD_DIGITS].upper()
    return HEAD_PREFIX + "-" + "-".join(digits[i:i + 4] for i in range(0, len(digits), 4))


def head_groups(digest: str) -> str:
    """The whole hash in groups of four, for reading aloud: ``A1B2 C3D4 … 9F0E``."""
    digits = digest.upper()
    return " ".join(digits[i:i + 4] for i in range(0, len(digits), 4))


def read_head_code(text: str) -> str | None:
    """The hexadecimal digits of a head's code as typed (``R-`` first; dashes,
    spaces and case do not matter; 16 to 64 digits); None when it is not one."""
    cleaned = "".join(c for c in (text or "") if c not in " \t-–.").lower()
    if not cleaned.startswith(HEAD_PREFIX.lower()):
        return None
    digits = cleaned[len(HEAD_PREFIX):]
    if not HEAD_DIGITS <= len(digits) <= 64 or any(c not in "0123456789abcdef" for c in digits):
        return None
    return digits
