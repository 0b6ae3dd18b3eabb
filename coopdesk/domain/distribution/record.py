"""A run's permanent record: canonical JSON, the fingerprint and its short code.

A published distribution must be checkable years later by anyone holding the
stored inputs. So inputs (every member's season data) and results are written
as *canonical* JSON: keys sorted, no spaces, UTF-8, every Decimal as its exact
decimal string, dates as ISO text, tuples as lists, mappings with text keys as
objects (other keys as ``[key, value]`` pairs in key order). The same data
always gives the same bytes, on any machine.

The fingerprint is SHA-256 over four parts, each hashed on its own::

    sha256("coopdesk-distribucion-1\\n" + sha256(run) + "\\n" + sha256(criteria) + "\\n"
           + sha256(inputs) + "\\n" + sha256(results))

where ``run`` is the canonical JSON of the run's identity: its number, campaign,
tax year, the run it corrects and the acta that approved it (so two runs of the
same data never share a code, and the acta is sealed with the figures).

and its first 16 hexadecimal digits, in groups of four, are the verification
code printed on every statement (``3F2A-91C0-7B4D-E815``).

Each member's liquidation carries its own code, derived from the run's
fingerprint and that member's figures in the results (``member_record``)::

    sha256("coopdesk-socio-1\n" + fingerprint + "\n" + sha256(member_record))

shown as ``S-`` and its first 16 hexadecimal digits in groups of four
(``S-9C41-07AE-2B3D-55F0``); docs/seals.md has the recipe step by step.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import functools
import hashlib
import json
import re
import types
import typing
from datetime import date
from decimal import Decimal
from typing import Any, Callable, Mapping

FORMAT = "coopdesk-distribucion-1"
MEMBER_FORMAT = "coopdesk-socio-1"
MEMBER_PREFIX = "S"
CODE_DIGITS = 16


def to_jsonable(value: Any) -> Any:
    """Plain JSON values for dataclasses, Decimals, dates, tuples and mappings."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        if all(isinstance(k, str) for k in value):
            return {k: to_jsonable(v) for k, v in value.items()}
        return [[to_jsonable(k), to_jsonable(v)] for k, v in sorted(value.items(), key=lambda kv: repr(kv[0]))]
    if isinstance(value, (tuple, list, frozenset, set)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        return [to_jsonable(v) for v in items]
    raise TypeError(f"cannot record a {type(value).__name__}: {value!r}")


def canonical(value: Any) -> bytes:
    return json.dumps(to_jsonable(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def from_jsonable(kind: Any, data: Any) -> Any:
    """The inverse of ``to_jsonable``, guided by type hints (``kind``)."""
    return _reader(kind)(data)


@functools.lru_cache(maxsize=None)
def _reader(kind: Any) -> Callable[[Any], Any]:
    """A function reading JSON data back as ``kind``, built once per type."""
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        fields = [(f.name, _reader(hints[f.name])) for f in dataclasses.fields(kind) if f.init]

        def read_dataclass(data):
            return kind(**{name: read(data[name]) for name, read in fields if name in data})
        return _optional(read_dataclass)
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if kind is Decimal:
        return _optional(Decimal)
    if kind is date:
        return _optional(date.fromisoformat)
    if kind in (str, int, bool, Any, type(None)):
        return lambda data: data
    if origin in (typing.Union, types.UnionType):
        options = [_reader(a) for a in args if a is not type(None)]
        if len(options) == 1:
            return _optional(options[0])

        def read_union(data):  # Decimal | str and the like: the first that reads
            for read in options:
                try:
                    return read(data)
                except (TypeError, ValueError, ArithmeticError):
                    continue
            return data
        return _optional(read_union)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _reader(args[0])
            return _optional(lambda data: tuple(item(v) for v in data))
        items = [_reader(a) for a in args]
        return _optional(lambda data: tuple(read(v) for read, v in zip(items, data)))
    if origin in (list, set, frozenset):
        item = _reader(args[0])
        return _optional(lambda data: origin(item(v) for v in data))
    if origin is not None and issubclass(origin, collections.abc.Mapping):
        key, value = (_reader(a) for a in args) if args else (_reader(Any), _reader(Any))

        def read_mapping(data):
            pairs = data.items() if isinstance(data, dict) else data
            return {key(k): value(v) for k, v in pairs}
        return _optional(read_mapping)
    raise TypeError(f"cannot read back a {kind!r}")


def _optional(read: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda data: None if data is None else read(data)


def sha256(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def fingerprint(run: bytes, criteria_text: str, inputs: bytes, results: bytes) -> str:
    return fingerprint_of(sha256(run), sha256(criteria_text), sha256(inputs), sha256(results))


def fingerprint_of(run_sha: str, criteria_sha: str, inputs_sha: str, results_sha: str) -> str:
    """The fingerprint from its four parts' SHA-256 (hexadecimal), each hashed on its own."""
    return sha256(f"{FORMAT}\n{run_sha}\n{criteria_sha}\n{inputs_sha}\n{results_sha}")


def verification_code(fingerprint_hex: str) -> str:
    digits = fingerprint_hex[:CODE_DIGITS].upper()
    return "-".join(digits[i:i + 4] for i in range(0, len(digits), 4))


def member_record(results: Mapping[str, Any], code: str) -> bytes:
    """A member's figures in a run, as canonical JSON, from the run's results read
    as plain JSON (``json.loads`` of the stored results): their payout, and their
    share of every pot (the main pots, then each stream's, in order) as
    ``[stream, pot name, share]``; ``code`` is the member's code as in the results."""
    pots = list(results.get("pots") or ()) + [p for s in results.get("streams") or () for p in s.get("pots") or ()]
    shares = [[p.get("stream", ""), p["name"], p["shares"][code]] for p in pots if code in (p.get("shares") or {})]
    return canonical({"code": code, "payout": results["payouts"][code], "shares": shares})


def member_fingerprint(run_fingerprint: str, record_json: bytes) -> str:
    """The seal of one member's figures: their record bound to the run's fingerprint."""
    return sha256(f"{MEMBER_FORMAT}\n{run_fingerprint}\n{sha256(record_json)}")


def member_code(member_fingerprint_hex: str) -> str:
    """The code printed on a member's liquidation: ``S-`` and 16 hexadecimal digits."""
    return f"{MEMBER_PREFIX}-{verification_code(member_fingerprint_hex)}"


def member_codes(run_fingerprint: str, results: Mapping[str, Any]) -> dict[str, str]:
    """Every member's own code in a run, from its fingerprint and its results read
    as plain JSON: member code -> ``S-…``."""
    return {code: member_code(member_fingerprint(run_fingerprint, member_record(results, code)))
            for code in results["payouts"]}


def read_code(text: str) -> tuple[str, str] | None:
    """What a person typed: ``("run", digits)`` for a run's code or fingerprint,
    ``("member", digits)`` for a member's code (``S-`` first); None when it cannot
    be a code. Dashes, spaces and case do not matter."""
    cleaned = re.sub(r"[\s\-–.]", "", text or "").lower()
    kind = "run"
    if cleaned.startswith(MEMBER_PREFIX.lower()):
        kind, cleaned = "member", cleaned[len(MEMBER_PREFIX):]
    digits = code_digits(cleaned)
    return None if digits is None else (kind, digits)


def code_digits(text: str) -> str | None:
    """The hexadecimal digits of a code as a person types it (dashes, spaces and
    case do not matter); None when it cannot be a code."""
    digits = re.sub(r"[\s\-–.]", "", text).lower()
    if len(digits) < CODE_DIGITS or len(digits) > 64 or not re.fullmatch(r"[0-9a-f]+", digits):
        return None
    return digits
