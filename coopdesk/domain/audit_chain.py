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
