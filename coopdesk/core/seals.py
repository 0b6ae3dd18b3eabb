"""A published run against its seal: what ``verify``, ``pay``, every print and
``coopdesk check`` compare before they trust a run (docs/seals.md).

A published run is sealed by its fingerprint over four stored parts (its
identity, the criteria text, the inputs and the results). Three more copies of
its figures live elsewhere and must tell the same story:

- its **lines** (``distribution_lines``), one per member, which lists and
  payments read;
- its **posted entry**, which credits each member's gross to their payable
  (4419) and records the run's code in its description at publication;
- the **criteria document**, whose SHA-256 was recorded when it was stored.

Every function here reads; none writes. Findings are ``Problem`` values in
Spanish (English by the language setting), each naming the run, the member and
the figure, stored against sealed.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import re
import zlib
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Iterable, Iterator, Mapping

from sqlalchemy import BigInteger, func, select, type_coerce

from coopdesk.db.models import (
    Campaign,
    DistributionCriteria,
    DistributionLine,
    DistributionRun,
    JournalEntry,
    JournalLine,
    LedgerAccount,
    Member,
)
from coopdesk.domain import postings
from coopdesk.domain.distribution import record
from coopdesk.domain.distribution.model import Payout
from coopdesk.domain.money import ZERO, Soles
from coopdesk.domain.problems import N_, Problem, Text

# the figures a line keeps, as the liquidation names them
FIGURES = (
    ("gross", N_("bruto")),
    ("capitalised", N_("capitalizado")),
    ("taxable", N_("renta afecta a retención")),
    ("withheld", N_("retención de impuesto")),
    ("retained", N_("retenido (menor que el pago mínimo)")),
    ("deducted", N_("descuentos")),
    ("net", N_("neto a pagar")),
)
# how many members' differences are named per run before "and N more"
NAMED = 20
# the code a run's entry records at publication: "… · código 3F2A-91C0-7B4D-E815"
POSTED_CODE = re.compile(r"código ([0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4})")
# members compared at a time when a whole run is checked (memory: a run of 50,000 members)
BATCH = 2_000
# bytes of stored JSON decompressed at a time when hashing or reading a part
CHUNK = 1 << 20


def entry_description(number: int, acta: str | None, fingerprint: str) -> str:
    """The description of a run's entry: its number, acta and code (the code ties
    the books to the seal: a run re-sealed later no longer has the posted code)."""
    code = record.verification_code(fingerprint)
    head = f"Distribución N.º {number} (acta {acta or '-'})"
    tail = f" · código {code}"
    return head[:200 - len(tail)] + tail


@dataclass(frozen=True)
class Parts:
    """A run's stored parts, exactly as stored."""

    id: int
    number: int
    status: str
    fingerprint: str | None
    identity: bytes
    criteria_name: str
    criteria_version: int
    criteria_text: str
    criteria_sha: str
    inputs_stored: bytes  # the inputs as stored (compressed): decompressed only when asked for
    results_json: bytes
    created_on: object  # the date it was computed (the rules in force then recompute it)

    @property
    def code(self) -> str:
        return record.verification_code(self.fingerprint or "")

    @functools.cached_property
    def inputs_json(self) -> bytes:
        return zlib.decompress(self.inputs_stored)

    @functools.cached_property
    def is_sealed(self) -> bool:
        """The fingerprint over the stored parts is the published fingerprint (the
        inputs hashed a chunk at a time as they are decompressed, unless already read)."""
        if self.fingerprint is None:
            return False
        inputs = record.sha256(self.__dict__["inputs_json"]) if "inputs_json" in self.__dict__ \
            else stored_sha256(self.inputs_stored)
        return record.fingerprint_of(record.sha256(self.identity), record.sha256(self.criteria_text), inputs,
                                     record.sha256(self.results_json)) == self.fingerprint


def stored_sha256(stored: bytes) -> str:
    """The SHA-256 of a compressed part's JSON (what ``record.sha256`` gives of
    ``zlib.decompress(stored)``), decompressed ``CHUNK`` bytes at a time. A stream
    that is cut short is an error, as ``zlib.decompress`` says."""
    digest, inflate, pending = hashlib.sha256(), zlib.decompressobj(), stored
    while pending and not inflate.eof:
        digest.update(inflate.decompress(pending, CHUNK))
        pending = inflate.unconsumed_tail
    digest.update(inflate.flush())
    if not inflate.eof:
        zlib.decompress(stored)  # raises zlib's own error for the truncated stream
    return digest.hexdigest()


def identity(session, r: DistributionRun) -> bytes:
    """The run's identity, sealed in its fingerprint with the figures."""
    corrects = session.scalar(select(DistributionRun.number).where(DistributionRun.id == r.corrects_id)) \
        if r.corrects_id else None
    campaign = session.scalar(select(Campaign.code).where(Campaign.id == r.campaign_id))
    return record.canonical({"number": r.number, "campaign": campaign, "tax_year": r.tax_year,
                             "corrects": corrects, "acta": r.acta_number, "acta_date": r.acta_date})


def parts(session, r: DistributionRun) -> Parts:
    criteria = session.get(DistributionCriteria, r.criteria_id)
    return Parts(r.id, r.number, r.status, r.fingerprint, identity(session, r), criteria.name, criteria.version,
                 criteria.text, criteria.sha256, r.inputs, zlib.decompress(r.results), r.created_at.date())


def posted_code(session, run_id: int) -> str | None:
    """The code the run's entry recorded when it was published (None: no entry, or
    an entry posted before entries recorded it)."""
    description = session.scalar(select(JournalEntry.description).where(
        JournalEntry.source_kind == postings.DISTRIBUTION, JournalEntry.source_id == run_id,
        JournalEntry.reverses_id.is_(None)).order_by(JournalEntry.id).limit(1))
    found = POSTED_CODE.search(description or "")
    return found.group(1) if found else None


def _between(query, between: tuple[str | None, str | None] | None):
    """Members whose code is after ``between[0]`` and up to ``between[1]`` (None: open)."""
    if between is not None:
        low, high = between
        if low is not None:
            query = query.where(Member.code > low)
        if high is not None:
            query = query.where(Member.code <= high)
    return query


def posted_gross(session, run_id: int,
                 between: tuple[str | None, str | None] | None = None) -> dict[str, Decimal] | None:
    """What the run's own entry credited to each member's payable (None: no entry);
    ``between``: only members whose code is in that range (``_between``)."""
    entry = session.scalar(select(JournalEntry.id).where(
        JournalEntry.source_kind == postings.DISTRIBUTION, JournalEntry.source_id == run_id,
        JournalEntry.reverses_id.is_(None)).order_by(JournalEntry.id).limit(1))
    if entry is None:
        return None
    line = JournalLine.__table__.c
    query = (
        select(Member.code, type_coerce(func.coalesce(func.sum(line.credit_cents), 0), BigInteger))
        .join_from(JournalLine.__table__, LedgerAccount.__table__, LedgerAccount.id == line.account_id)
        .join(Member.__table__, Member.id == line.member_id)
        .where(line.entry_id == entry, LedgerAccount.code == postings.PAYABLE)
        .group_by(Member.code))
    rows = session.execute(_between(query, between))
    return {code: Decimal(int(cents)).scaleb(-2) for code, cents in rows if cents}


def stored_lines(session, run_id: int, member_ids: Iterable[int] | None = None,
                 between: tuple[str | None, str | None] | None = None) -> dict[str, dict]:
    """Each member's line as stored: code -> {figure: Decimal, "eligible": bool, "name": str}
    (``between``: only members whose code is in that range, ``_between``)."""
    d = DistributionLine.__table__.c
    columns = [type_coerce(getattr(d, f"{name}_cents"), BigInteger) for name, _label in FIGURES]
    query = (select(Member.code, Member.first_names, Member.last_names, d.eligible, *columns)
             .join(Member.__table__, Member.id == d.member_id).where(d.run_id == run_id))
    if member_ids is not None:
        query = query.where(d.member_id.in_(list(member_ids)))
    lines = {}
    for code, first, last, eligible, *cents in session.execute(_between(query, between)):
        line = {name: Decimal(int(c)).scaleb(-2) for (name, _label), c in zip(FIGURES, cents)}
        line["eligible"], line["name"] = bool(eligible), f"{last}, {first}"
        lines[code] = line
    return lines


def sealed_figures(payout_json: dict) -> dict:
    """A member's figures as the results give them (the same ones a line keeps)."""
    payout = record.from_jsonable(Payout, payout_json)
    figures = {name: getattr(payout, name) for name, _label in FIGURES}
    figures["eligible"] = payout.eligible
    return figures


def line_problems(number: int, lines: dict[str, dict], payouts: dict, sealed: bool,
                  only: Iterable[str] | None = None) -> list[Problem]:
    """Every member whose stored line differs from the results: figure, stored
    against sealed (or against the stored results, when the seal is broken)."""
    found: list[Problem] = []
    codes = sorted(set(only) if only is not None else set(lines) | set(payouts))
    message = N_("Distribución N.º %(number)s, socio %(code)s: %(figure)s %(stored)s en sus líneas y %(sealed)s en "
                 "sus resultados sellados.") if sealed else \
        N_("Distribución N.º %(number)s, socio %(code)s: %(figure)s %(stored)s en sus líneas y %(sealed)s en sus "
           "resultados guardados.")
    for code in codes:
        line, payout = lines.get(code), payouts.get(code)
        if line is None and payout is None:
            continue
        if line is None:
            found.append(Problem("run", N_("Distribución N.º %(number)s, socio %(code)s: está en sus resultados y "
                                           "no tiene línea."), {"number": number, "code": code}))
            continue
        if payout is None:
            found.append(Problem("run", N_("Distribución N.º %(number)s, socio %(code)s: tiene una línea que no está "
                                           "en sus resultados (neto a pagar %(net)s)."),
                                 {"number": number, "code": code, "net": Soles(line["net"])}))
            continue
        figures = sealed_figures(payout)
        for name, label in FIGURES:
            if line[name] != figures[name]:
                found.append(Problem("run", message, {"number": number, "code": code, "figure": Text(label),
                                                      "stored": Soles(line[name]), "sealed": Soles(figures[name])}))
    return found


def entry_problems(number: int, posted: dict[str, Decimal] | None, payouts: dict) -> list[Problem]:
    """Every member whose gross in the results differs from what the run's entry credited them."""
    if posted is None:
        return []
    expected = {code: Decimal(p["gross"]) for code, p in payouts.items() if Decimal(p["gross"]) > ZERO}
    return [Problem("run", N_("Distribución N.º %(number)s, socio %(code)s: bruto %(results)s en sus resultados "
                              "guardados y %(posted)s abonado en su asiento contable."),
                    {"number": number, "code": code, "results": Soles(expected.get(code, ZERO)),
                     "posted": Soles(posted.get(code, ZERO))})
            for code in sorted(set(posted) | set(expected)) if posted.get(code, ZERO) != expected.get(code, ZERO)]


def seal_problems(session, p: Parts) -> list[Problem]:
    """The seal over the stored parts, the code the books recorded, the criteria's
    own SHA-256: cheap (hashes only), for every print, payment and check."""
    found: list[Problem] = []
    if not p.is_sealed:
        found.append(Problem("run", N_(
            "La distribución N.º %(number)s ya no coincide con su sello (código %(code)s): sus criterios, sus datos "
            "o sus resultados guardados se alteraron después de publicarla."), {"number": p.number, "code": p.code}))
    posted = posted_code(session, p.id)
    if posted is not None and posted != p.code:
        found.append(Problem("run", N_(
            "La distribución N.º %(number)s se publicó con el código %(posted)s (así consta en su asiento contable) "
            "y ahora tiene el código %(code)s: fue sellada de nuevo o se alteró su sello."),
            {"number": p.number, "posted": posted, "code": p.code}))
    if record.sha256(p.criteria_text) != p.criteria_sha:
        found.append(Problem("run", N_(
            "La distribución N.º %(number)s: el texto de sus criterios «%(name)s» (versión %(version)s) cambió "
            "después de guardarse; su SHA-256 ya no es el registrado."),
            {"number": p.number, "name": p.criteria_name, "version": p.criteria_version}))
    return found



# -- the results a member at a time ---------------------------------------------

class _Irregular(ValueError):
    """Results not laid out as canonical JSON lays them out: they are read whole."""


_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def _entries(text: str, at: int) -> Iterator[tuple[str, Any, int]]:
    """The JSON object at ``at`` one entry at a time: (key, value, index after the
    value); then, when exhausted, its end is the last index yielded's object end
    (``_object_end``)."""
    at = _SPACE.match(text, at).end()
    if text[at:at + 1] != "{":
        raise _Irregular(at)
    at = _SPACE.match(text, at + 1).end()
    if text[at:at + 1] == "}":
        return
    while True:
        if text[at:at + 1] != '"':
            raise _Irregular(at)
        key, at = _DECODER.raw_decode(text, at)
        at = _SPACE.match(text, at).end()
        if text[at:at + 1] != ":":
            raise _Irregular(at)
        value, at = _DECODER.raw_decode(text, _SPACE.match(text, at + 1).end())
        at = _SPACE.match(text, at).end()
        yield key, value, at
        if text[at:at + 1] == ",":
            at = _SPACE.match(text, at + 1).end()
        elif text[at:at + 1] == "}":
            return
        else:
            raise _Irregular(at)


def _object_end(text: str, at: int) -> int:
    """The index after the JSON object at ``at`` (its keys in strictly increasing
    order, or ``_Irregular``), decoding one entry at a time."""
    previous, end = None, None
    for key, _value, end in _entries(text, at):
        if previous is not None and key <= previous:
            raise _Irregular(key)
        previous = key
    if end is None:  # {}
        return text.index("}", at) + 1
    return end + 1


class Results:
    """A run's stored results (canonical JSON) read a member at a time: ``rest``,
    every top-level value but the payouts, as ``json.loads`` gives them, and
    ``payouts()``, each member's (code, payout) in stored order. The payouts, the
    part that grows with the members, are never decoded all at once. Results laid
    out otherwise (keys repeated or out of order: only an altered run) are read
    whole, and ``ordered`` is False."""

    def __init__(self, results_json: bytes):
        self._whole: dict | None = None
        try:
            self._text = results_json.decode("utf-8")
            self.rest, self._at = self._outline(self._text)
            self.ordered = True
        except ValueError:
            self._text, self.ordered = "", False
            self._whole = json.loads(results_json)
            self.rest = {k: v for k, v in self._whole.items() if k != "payouts"}

    @staticmethod
    def _outline(text: str) -> tuple[dict, int]:
        rest: dict[str, Any] = {}
        payouts_at = None
        at = _SPACE.match(text, 0).end()
        if text[at:at + 1] != "{":
            raise _Irregular(at)
        at = _SPACE.match(text, at + 1).end()
        previous = None
        while text[at:at + 1] != "}":
            if text[at:at + 1] != '"':
                raise _Irregular(at)
            key, at = _DECODER.raw_decode(text, at)
            if previous is not None and key <= previous:
                raise _Irregular(key)
            previous = key
            at = _SPACE.match(text, at).end()
            if text[at:at + 1] != ":":
                raise _Irregular(at)
            at = _SPACE.match(text, at + 1).end()
            if key == "payouts":
                payouts_at, at = at, _object_end(text, at)
            else:
                rest[key], at = _DECODER.raw_decode(text, at)
            at = _SPACE.match(text, at).end()
            if text[at:at + 1] == ",":
                at = _SPACE.match(text, at + 1).end()
                if text[at:at + 1] == "}":
                    raise _Irregular(at)
            elif text[at:at + 1] != "}":
                raise _Irregular(at)
        if payouts_at is None or _SPACE.match(text, at + 1).end() != len(text):
            raise _Irregular(at)
        return rest, payouts_at

    def payouts(self) -> Iterator[tuple[str, dict]]:
        if self._whole is not None:
            yield from self._whole["payouts"].items()
            return
        for code, payout, _end in _entries(self._text, self._at):
            yield code, payout

    def whole(self) -> dict:
        """The results as ``json.loads`` gives them."""
        return self._whole if self._whole is not None else json.loads(self._text)


def member_codes(fingerprint: str, results: Results) -> dict[str, str]:
    """``record.member_codes`` of the stored results, a member at a time."""
    one = dict(results.rest)
    codes = {}
    for code, payout in results.payouts():
        one["payouts"] = {code: payout}
        codes[code] = record.member_code(record.member_fingerprint(fingerprint, record.member_record(one, code)))
    return codes


class _Named:
    """The first ``NAMED`` problems of a kind and how many there were (``_cut``)."""

    def __init__(self, number: int):
        self.number, self.first, self.count = number, [], 0

    def add(self, problems: list[Problem]) -> None:
        self.first += problems[:max(0, NAMED - len(self.first))]
        self.count += len(problems)

    def cut(self) -> list[Problem]:
        if self.count <= NAMED:
            return self.first
        return self.first + [Problem("run", N_("Distribución N.º %(number)s: y %(n)s diferencias más."),
                                     {"number": self.number, "n": self.count - NAMED})]


def _streamed(session, p: Parts, results: Results, entry: bool) -> list[Problem]:
    """The lines (and with ``entry`` the posted entry) against the results, ``BATCH``
    members at a time in code order: what ``run_problems`` finds for the whole run,
    the same problems in the same order, never every member's figures at once."""
    lines_found, entry_found = _Named(p.number), _Named(p.number)

    def compare(low: str | None, high: str | None, payouts: dict) -> None:
        lines = stored_lines(session, p.id, between=(low, high))
        lines_found.add(line_problems(p.number, lines, payouts, p.is_sealed))
        if entry:
            entry_found.add(entry_problems(p.number, posted_gross(session, p.id, (low, high)), payouts))

    low = None
    members = results.payouts()
    while batch := dict(itertools.islice(members, BATCH)):
        high = next(reversed(batch))  # codes in increasing order (``Results.ordered``)
        compare(low, high, batch)
        low = high
    compare(low, None, {})  # lines of members past the last in the results
    return lines_found.cut() + entry_found.cut()


def _cut(problems: list[Problem], number: int) -> list[Problem]:
    if len(problems) <= NAMED:
        return problems
    return problems[:NAMED] + [Problem("run", N_("Distribución N.º %(number)s: y %(n)s diferencias más."),
                                       {"number": number, "n": len(problems) - NAMED})]


def run_problems(session, r: DistributionRun, members: Mapping[int, str] | None = None,
                 entry: bool = True, p: Parts | None = None, results: dict | None = None,
                 read: Results | None = None) -> list[Problem]:
    """Everything a print or a payment must trust: the seal, the recorded code, the
    criteria, and the stored lines (of ``members``, id -> code, default all)
    against the results; with ``entry``, the posted entry against the results too.
    (``p`` and ``results``: the parts and the results as JSON, if already read;
    ``read``: the results' ``Results``.) A whole run is compared ``BATCH`` members
    at a time (``_streamed``)."""
    p = p or parts(session, r)
    found = seal_problems(session, p)
    if members is None and results is None:
        stream = read or Results(p.results_json)
        if stream.ordered:
            return found + _streamed(session, p, stream, entry)
        results = stream.whole()
    payouts = (results if results is not None else json.loads(p.results_json))["payouts"]
    lines = stored_lines(session, p.id, members.keys() if members is not None else None)
    only = members.values() if members is not None else None
    found += _cut(line_problems(p.number, lines, payouts, p.is_sealed, only), p.number)
    if entry and members is None:
        found += _cut(entry_problems(p.number, posted_gross(session, p.id), payouts), p.number)
    return found


def diagnose(session, r: DistributionRun) -> list[Problem]:
    """For ``coopdesk check --integrity``: every disagreement of a published run,
    naming what was changed. When the seal is broken and neither the criteria nor
    the results explain it, the run is recomputed from its stored criteria and
    inputs: different figures mean the inputs were altered."""
    p = parts(session, r)
    seal_found = seal_problems(session, p)
    payouts = json.loads(p.results_json)["payouts"]
    lines_found = line_problems(p.number, stored_lines(session, p.id), payouts, p.is_sealed)
    entry_found = entry_problems(p.number, posted_gross(session, p.id), payouts)
    found = seal_found + _cut(lines_found, p.number) + _cut(entry_found, p.number)
    if not p.is_sealed and len(seal_found) == 1 and not lines_found and not entry_found:
        # only the seal is broken: the results agree with the lines and the books, the criteria with their hash
        found += _inputs_problems(p, payouts)
    return found


def _inputs_problems(p: Parts, payouts: dict) -> list[Problem]:
    from coopdesk.core.distributions import ENGINE_INPUTS, bulk_objects
    from coopdesk.domain.distribution.criteria_file import read_criteria
    from coopdesk.domain.distribution.engine import run

    criteria, _problems = read_criteria(p.criteria_text)
    recomputed = {}
    if criteria is not None:
        try:
            with bulk_objects():
                inputs = record.from_jsonable(ENGINE_INPUTS, json.loads(p.inputs_json))
                result, _problems = run(replace(criteria, rules_on=p.created_on), inputs)
            recomputed = {code: payout.net for code, payout in result.payouts.items()} if result else {}
        except (TypeError, ValueError, KeyError, ArithmeticError):
            recomputed = {}
    differs = [Problem("run", N_(
        "Distribución N.º %(number)s, socio %(code)s: recalculada con sus datos de entrada guardados daría "
        "%(recomputed)s de neto a pagar, y lo sellado, asentado y en sus líneas es %(sealed)s: sus datos de "
        "entrada (entregas y cuentas de los socios) se alteraron."),
        {"number": p.number, "code": code, "recomputed": Soles(recomputed.get(code, ZERO)),
         "sealed": Soles(Decimal(payouts[code]["net"]) if code in payouts else ZERO)})
        for code in sorted(set(recomputed) | set(payouts))
        if recomputed.get(code, ZERO) != (Decimal(payouts[code]["net"]) if code in payouts else ZERO)]
    if differs:
        return _cut(differs, p.number)
    return [Problem("run", N_(
        "La distribución N.º %(number)s: sus cifras coinciden con sus líneas, su asiento y su recálculo, así que se "
        "alteraron sus datos de entrada o su identificación (número, campaña, ejercicio, acta) sin cambiar lo que "
        "recibe cada socio."), {"number": p.number})]
