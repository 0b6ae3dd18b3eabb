"""Criteria written back as TOML: the document of record, from what the forms hold.

The criteria editor's forms edit the document as ``tomllib`` reads it (a dict,
numbers as Decimal); ``write_criteria(doc)`` gives the text again, the sections
in the order docs/criteria.md writes them, so that ``tomllib.loads(write_criteria(doc),
parse_float=Decimal) == doc``. A key the forms do not show (rates, factors,
primas, the retención) is written back as it was read: nothing is lost. The
comments of a handwritten file are not kept once the forms change it (the text
stays editable in the «Avanzado» tab).
"""

from __future__ import annotations

import json
import re
import tomllib
from datetime import date
from decimal import Decimal

ORDER = ("distribucion", "apropiaciones", "fondos", "primas", "elegibilidad", "retencion")
_BARE = re.compile(r"[A-Za-z0-9_-]+")


def read_document(text: str) -> dict | None:
    """The criteria as a dict (numbers as Decimal), or None when the text is not TOML."""
    try:
        return tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError:
        return None


def write_criteria(doc: dict) -> str:
    """``doc`` as TOML text, one blank line between sections."""
    keys = [k for k in ORDER if k in doc] + [k for k in doc if k not in ORDER]
    blocks: list[str] = []
    loose = [f"{_key(k)} = {_value(v)}" for k, v in doc.items() if not _is_table(v) and not _is_tables(v)]
    if loose:
        blocks.append("\n".join(loose))
    for key in keys:
        value = doc[key]
        if _is_table(value):
            blocks.extend(_table(key, value, False))
        elif _is_tables(value):
            for item in value:
                blocks.extend(_table(key, item, True))
    return "\n\n".join(blocks) + "\n"


def _table(path: str, table: dict, array: bool) -> list[str]:
    """A ``[path]`` (or ``[[path]]``) block and then its sub-tables, each a block."""
    header = f"[[{path}]]" if array else f"[{path}]"
    lines = [header] + [f"{_key(k)} = {_value(v)}" for k, v in table.items()
                        if not _is_table(v) and not _is_tables(v)]
    blocks = ["\n".join(lines)]
    for k, v in table.items():
        if _is_table(v):
            blocks.extend(_table(f"{path}.{_key(k)}", v, False))
        elif _is_tables(v):
            for item in v:
                blocks.extend(_table(f"{path}.{_key(k)}", item, True))
    return blocks


def _is_table(value) -> bool:
    return isinstance(value, dict)


def _is_tables(value) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _key(key: str) -> str:
    return key if _BARE.fullmatch(key) else json.dumps(key, ensure_ascii=False)


def _value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text if "." in text else text + ".0"  # a Decimal read from the file had a point
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):  # an inline table inside a list
        return "{" + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot write {value!r} as TOML")
