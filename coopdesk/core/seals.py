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
import json
import re
import zlib
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Iterable, Mapping

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
    inputs_json: bytes
    results_json: bytes
    created_on: object  # the date it was computed (the rules in force then recompute it)

    @property
    def code(self) -> str:
        return record.verification_code(self.fingerprint or "")

    @functools.cached_property
    def is_sealed(self) -> bool:
        """The fingerprint over the stored parts is the published fingerprint."""
        return self.fingerprint is not None and record.fingerprint(
            self.identity, self.criteria_text, self.inputs_json, self.results_json) == self.fingerprint


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
                 criteria.text, criteria.sha256, zlib.decompress(r.inputs), zlib.decompress(r.results),
                 r.created_at.date())


def posted_code(session, run_id: int) -> str | None:
    """The code the run's entry recorded when it was published (None: no entry, or
    an entry posted before entries recorded it)."""
    description = session.scalar(select(JournalEntry.description).where(
        JournalEntry.source_kind == postings.DISTRIBUTION, JournalEntry.source_id == run_id,
        JournalEntry.reverses_id.is_(None)).order_by(JournalEntry.id).limit(1))
    found = POSTED_CODE.search(description or "")
    return found.group(1) if found else None


def posted_gross(session, run_id: int) -> dict[str, Decimal] | None:
    """What the run's own entry credited to each member's payable (None: no entry)."""
    entry = session.scalar(select(JournalEntry.id).where(
        JournalEntry.source_kind == postings.DISTRIBUTION, JournalEntry.source_id == run_id,
        JournalEntry.reverses_id.is_(None)).order_by(JournalEntry.id).limit(1))
    if entry is None:
        return None
    line = JournalLine.__table__.c
    rows = session.execute(
        select(Member.code, type_coerce(func.coalesce(func.sum(line.credit_cents), 0), BigInteger))
        .join_from(JournalLine.__table__, LedgerAccount.__table__, LedgerAccount.id == line.account_id)
        .join(Member.__table__, Member.id == line.member_id)
        .where(line.entry_id == entry, LedgerAccount.code == postings.PAYABLE)
        .group_by(Member.code))
    return {code: Decimal(int(cents)).scaleb(-2) for code, cents in rows if cents}


def stored_lines(session, run_id: int, member_ids: Iterable[int] | None = None) -> dict[str, dict]:
    """Each member's line as stored: code -> {figure: Decimal, "eligible": bool, "name": str}."""
    d = DistributionLine.__table__.c
    columns = [type_coerce(getattr(d, f"{name}_cents"), BigInteger) for name, _label in FIGURES]
    query = (select(Member.code, Member.first_names, Member.last_names, d.eligible, *columns)
             .join(Member.__table__, Member.id == d.member_id).where(d.run_id == run_id))
    if member_ids is not None:
        query = query.where(d.member_id.in_(list(member_ids)))
    lines = {}
    for code, first, last, eligible, *cents in session.execute(query):
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


def _cut(problems: list[Problem], number: int) -> list[Problem]:
    if len(problems) <= NAMED:
        return problems
    return problems[:NAMED] + [Problem("run", N_("Distribución N.º %(number)s: y %(n)s diferencias más."),
                                       {"number": number, "n": len(problems) - NAMED})]


def run_problems(session, r: DistributionRun, members: Mapping[int, str] | None = None,
                 entry: bool = True, p: Parts | None = None, results: dict | None = None) -> list[Problem]:
    """Everything a print or a payment must trust: the seal, the recorded code, the
    criteria, and the stored lines (of ``members``, id -> code, default all)
    against the results; with ``entry``, the posted entry against the results too.
    (``p`` and ``results``: the parts and the results as JSON, if already read.)"""
    p = p or parts(session, r)
    found = seal_problems(session, p)
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
