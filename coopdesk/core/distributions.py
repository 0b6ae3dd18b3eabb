"""Distributions: the season aggregated in SQL, the pure engine, and the workflow.

- ``simulate(text)`` computes a draft result and stores nothing (live preview).
- ``create(text)`` stores a *draft run*: the criteria as a numbered version of
  their document, the members' season data (inputs) and the results, both as
  compressed canonical JSON, and one line per member for lists and the padrón.
- ``approve`` records the assembly's acta; ``publish`` seals the run with a
  SHA-256 fingerprint over criteria, inputs and results (see
  ``coopdesk.domain.distribution.record``); ``mark_paid`` records payments;
  a corrected run (``create(..., corrects=N)``) supersedes the published one
  when it is itself published; ``verify(code)`` recomputes a published run from
  its stored inputs and says whether it matches (a run's code, or a member's own
  code, which names the member and their net).
- Before a published run is paid (``mark_paid``) or printed (``sealed()``), it
  is checked against its seal: the fingerprint over its stored parts, the code
  its entry recorded, and its lines against its results (``core.seals``,
  docs/seals.md); a run altered behind coopdesk's back is refused.

Published and superseded runs are never changed: every call here refuses, and
triggers in the database refuse even a raw UPDATE (migration 0002).
"""

from __future__ import annotations

import gc
import json
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Iterator, Mapping

from sqlalchemy import BigInteger, delete, func, insert, select, type_coerce

from coopdesk.core import postings as postings_core
from coopdesk.core import seals
from coopdesk.core.errors import InvalidInput, NotFound
from coopdesk.core.members import same_code
from coopdesk.db.models import (
    Campaign,
    Delivery,
    DistributionCriteria,
    DistributionLine,
    DistributionPayment,
    DistributionRun,
    JournalEntry,
    JournalLine,
    LedgerAccount,
    Member,
    PriceEntryRow,
    Product,
    QualityStandardRow,
    Sale,
    Zone,
)
from coopdesk.domain.accounts import RETAINED, Concept
from coopdesk.domain.catalog import PaymentMethod, RunStatus
from coopdesk.domain.distribution import record
from coopdesk.domain.distribution.compare import Comparison, MemberInfo, compare
from coopdesk.domain.distribution.criteria_file import (
    criteria_parses,
    missing_name,
    place,
    read_criteria,
    with_amount,
    with_stream_amount,
    with_year,
)
from coopdesk.domain.distribution.engine import run
from coopdesk.domain.distribution.model import (ALREADY_PAID, EXCEDENTES, DeliveryTotal, DistributionResult,
                                               MemberSeason)
from coopdesk.domain import limits, postings
from coopdesk.domain.ledger import EntryInput, Kind
from coopdesk.domain.money import CENT, ZERO, Soles
from coopdesk.domain.problems import N_, Problem
from coopdesk.domain.quality import QualityStandard
from coopdesk.domain.withholding import IncomeBefore
from coopdesk.domain import roles
from coopdesk.domain.names import list_name

if TYPE_CHECKING:
    from coopdesk.core.book import Book

ENGINE_INPUTS = tuple[MemberSeason, ...]


@dataclass(frozen=True)
class RunRow:
    """A stored run, as lists and dialogs show it."""

    number: int
    status: str
    campaign: str
    name: str
    criteria_version: int
    amount: Decimal
    to_members: Decimal
    members: int
    paid_members: int
    net_total: Decimal
    created_at: datetime
    created_by: str
    acta_number: str | None
    acta_date: date | None
    approved_by: str | None
    published_at: datetime | None
    fingerprint: str | None
    corrects: int | None
    reason: str
    to_pay: int  # the members with something to pay (net above zero): «Pagados X de to_pay»
    acta_signed_by: str = ""  # who signs the acta, apart from its number ('' when nobody said)

    @property
    def code(self) -> str | None:
        """The verification code printed on statements (published runs only)."""
        return record.verification_code(self.fingerprint) if self.fingerprint else None


@dataclass(frozen=True)
class StoredRun:
    """Everything a statement, the board summary or an audit needs."""

    row: RunRow
    criteria_text: str
    inputs: ENGINE_INPUTS
    result: DistributionResult
    member_codes: Mapping[str, str] = field(default_factory=dict)  # each member's own code (``sealed()`` only)


class SealBroken(InvalidInput):
    """A published run no longer matches its seal: it is neither printed nor paid.
    The problems name what differs (docs/seals.md)."""


@dataclass(frozen=True)
class MemberSeal:
    """The member a member's code belongs to, and their figures as sealed."""

    code: str          # the member's code in the cooperative (S0001)
    name: str
    net: Decimal       # their net amount in the run's stored results
    member_code: str   # the code on their liquidation (S-9C41-07AE-2B3D-55F0)


@dataclass(frozen=True)
class Verification:
    number: int
    matches: bool
    criteria_ok: bool
    inputs_ok: bool
    results_ok: bool
    code: str
    status: str = RunStatus.PUBLISHED.value
    superseded_by: int | None = None  # the correction that replaced it, if any
    lines_ok: bool = True             # its lines and its posted entry agree with its results, its code with the books
    member: MemberSeal | None = None  # when a member's code was verified
    findings: tuple[Problem, ...] = ()  # what differs, in words


# why a member's amount changed in a correction (labels in coopdesk.domain.catalog style)
CHANGE_REASONS = {
    "entregas": N_("sus entregas registradas cambiaron"),
    "estado": N_("su estado o fecha de ingreso cambió"),
    "cuenta": N_("cambiaron sus deudas, sus aportaciones, sus puntos o lo ya pagado"),
    "criterios": N_("los criterios cambiaron"),
    "otros": N_("cambiaron los datos de otros socios, y con ellos los totales entre los que se reparte"),
    "nuevo": N_("no estaba en la distribución anterior"),
    "retirado": N_("ya no está en la distribución"),
}


@dataclass(frozen=True)
class MemberChange:
    """A member whose net amount differs between a published run and its correction."""

    code: str
    name: str
    before: Decimal
    after: Decimal
    reasons: tuple[str, ...]  # keys of CHANGE_REASONS

    @property
    def difference(self) -> Decimal:
        return self.after - self.before


@dataclass(frozen=True)
class LineRow:
    member_code: str
    member_name: str
    zone: str
    eligible: bool
    gross: Decimal
    capitalised: Decimal
    retained: Decimal
    deducted: Decimal
    net: Decimal
    paid_on: date | None
    method: str | None


@contextmanager
def bulk_objects() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a season's worth of small
    objects is built (hundreds of thousands of totals, shares and payouts).

    Each collection pass walks every object alive, and allocating this many
    triggers pass after pass: about a second of a 50,000-member simulate. These
    objects form no reference cycles, so reference counting frees them as
    usual; the collector resumes as soon as the work is done."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


@dataclass(frozen=True)
class _Replaced:
    id: int
    paid: dict  # member id -> amount paid under the replaced run


_name = list_name


class Distributions:
    def __init__(self, book: "Book"):
        self._book = book

    # -- the season's data ----------------------------------------------------

    def season(self, campaign_code: str | None = None, as_of: date | None = None, tax_year: int | None = None,
               corrects: int | None = None, income_on: date | None = None) -> list[MemberSeason]:
        """Every member with their season's kilos and value by product, grade and
        certification (one GROUP BY in SQL), members without deliveries included;
        with what they owe by concept, their paid-in aportaciones and whether
        they are up to date as of ``as_of`` (default today), and their
        participation points in the campaign; and, for the withholding, their
        net income from the cooperative before a payment on ``income_on``
        (default: today, or the end of ``tax_year`` when that is another year):
        every kind the rule in force counts, tickets and published runs (but not
        the run ``corrects`` replaces: its correction takes its place), in the
        year, the month and the previous year (``book.withholding.base_before``)."""
        as_of = as_of or self._book.clock.today()
        if income_on is None:
            income_on = as_of if tax_year in (None, as_of.year) else date(tax_year, 12, 31)
        earlier = self._book.withholding.base_before(income_on, corrects)
        replaced = self._replaced(corrects)
        campaign = self._book.campaigns.get(campaign_code)
        d = Delivery.__table__.c
        # the kilos each member was paid for (net less the humidity discount), in
        # integer grams and céntimos straight from the driver (no per-row type
        # objects), turned into exact Decimals once per group
        totals = (
            select(d.member_id, d.product_id, d.grade, d.certification,
                   type_coerce(func.sum(d.payable_g), BigInteger), type_coerce(func.sum(d.amount_cents), BigInteger))
            .where(d.campaign_id == campaign.id, d.voided_at.is_(None))
            .group_by(d.member_id, d.product_id, d.grade, d.certification)
        )
        with self._book.read() as session:
            products = dict(session.execute(select(Product.id, Product.code)).all())
            # the driver's own cursor, streamed: 340,000 groups a season come back as
            # plain tuples, without a result-row object each and never all at once
            by_member: dict[int, list[DeliveryTotal]] = {}
            scale_kg, scale_soles, new = Decimal("0.001"), Decimal("0.01"), DeliveryTotal
            for member_id, product_id, grade, certification, grams, cents in session.execute(totals).cursor:
                # integer grams and céntimos -> exact kg and soles (120100 × 0.001 = 120.100)
                total = new(products[product_id], grade, certification, Decimal(grams) * scale_kg,
                            Decimal(cents) * scale_soles)
                found = by_member.get(member_id)
                if found is None:
                    by_member[member_id] = [total]
                else:
                    found.append(total)
            members = session.execute(select(Member.id, Member.code, Member.status, Member.join_date)
                                      .order_by(Member.code)).all()
        accounts = self._book.accounts.season_state(as_of, without_run=replaced.id if replaced else None)
        debts, capital, overdue, carried = accounts.debts, accounts.capital, accounts.overdue, accounts.carried
        if replaced is not None:  # what the corrected run already paid is taken first from its correction
            for member_id, paid in replaced.paid.items():
                debts[member_id] = {**debts.get(member_id, {}), ALREADY_PAID: paid}
        points = self._book.participation.points(campaign.start_date, campaign.end_date)
        empty, none, zero, nothing = (), {}, ZERO, IncomeBefore()
        seasons = []
        for member_id, code, status, joined in members:
            before = earlier.get(member_id, nothing)
            seasons.append(MemberSeason(
                code, status, joined, tuple(by_member.get(member_id, empty)), debts=debts.get(member_id, none),
                in_good_standing=member_id not in overdue, aportaciones=capital.get(member_id, zero),
                points=points.get(member_id, zero), income_before=before.year, withheld_before=before.withheld_year,
                carried_in=carried.get(member_id, zero), month_income_before=before.month,
                month_withheld_before=before.withheld_month, previous_year_income=before.previous_year))
        return seasons

    def _replaced(self, corrects: int | None):
        """The run a correction replaces: its id and what each member was paid under it."""
        if corrects is None:
            return None
        with self._book.read() as session:
            r = self._run(session, corrects)
            paid = dict(session.execute(select(DistributionPayment.member_id, DistributionPayment.amount)
                                        .where(DistributionPayment.run_id == r.id,
                                               DistributionPayment.voided_at.is_(None))).all())
            return _Replaced(r.id, paid)

    def member_info(self) -> dict[str, MemberInfo]:
        """Name, zone, gender and certification of every member, for comparisons."""
        with self._book.read() as session:
            rows = session.execute(select(Member.code, Member.first_names, Member.last_names, Zone.name,
                                          Member.gender, Member.certification).join(Zone, Member.zone_id == Zone.id))
            return {code: MemberInfo(code, _name(first, last), zone, gender, cert)
                    for code, first, last, zone, gender, cert in rows}

    # -- computing ------------------------------------------------------------

    def with_remanente(self, criteria_text: str, year: int) -> str:
        """The criteria with the amount to distribute taken from the books: the
        ejercicio's remanente (Estado de resultados). Refused when there is none."""
        if not 1900 <= year <= 9999:
            raise InvalidInput([Problem("amount", N_("«%(year)s» no es un ejercicio."), {"year": year})])
        amount = self._book.ledger.remanente(year)
        if amount <= 0:
            raise InvalidInput([Problem("amount", N_(
                "El ejercicio %(year)s no tiene remanente que distribuir: su resultado es %(amount)s."),
                {"year": year, "amount": Soles(amount)})])
        text = with_year(with_amount(criteria_text, amount, f"remanente del ejercicio {year} (Estado de "
                                                            f"resultados)"), year)
        criteria, _problems = read_criteria(text)
        for index, stream in enumerate(criteria.streams if criteria is not None else ()):
            account = postings.stream_account(stream.name, stream.account)
            if account == postings.PREMIUM_FUND:
                # the premium the buyers paid in the year, from the sales, but never more than the fund
                # still holds (what premium projects already spent is gone)
                received = (self._book.ledger.received(account, year, postings.SALE)  # less its notas de crédito
                            + self._book.ledger.received(account, year, postings.CREDIT_NOTE)).quantize(CENT)
                # what the fund held at the year's end and still holds: a later year's premium is not this one's
                holds = max(min(self._book.ledger.credit_balance(account, date(year, 12, 31)),
                                self._book.ledger.credit_balance(account)), ZERO).quantize(CENT)
                if holds < received:
                    text = with_stream_amount(text, index, holds, f"lo que queda en el fondo (cuenta {account}) de "
                                              f"la prima de {year}, de {received} recibidos en las ventas")
                else:
                    text = with_stream_amount(text, index, received, f"prima recibida en las ventas de {year} "
                                                                     f"(cuenta {account})")
        return text

    def simulate(self, criteria_text: str, campaign_code: str | None = None) -> DistributionResult:
        """A draft result of the criteria (TOML text) over the campaign's data; nothing stored."""
        result, _inputs, _year = self._compute(criteria_text, campaign_code)
        return result

    def _compute(self, criteria_text: str, campaign_code: str | None, corrects: int | None = None):
        today = self._book.clock.today()
        # every problem of the file with its key and line, including the law's of today and unknown products
        codes, grades = self._product_grades()
        criteria, problems = read_criteria(criteria_text, products=codes, on=today, grades=grades)
        if problems:
            raise InvalidInput(problems)
        criteria = replace(criteria, rules_on=today)  # the law in force today applies
        tax_year = (criteria.distribution_date or today).year
        problems = self._stream_problems(criteria, criteria.year or tax_year)
        if problems:
            raise InvalidInput(place(criteria_text, problems))
        with bulk_objects():
            # debts as they stand today (publishing checks them again); the criteria's date only picks the
            # withholding's year
            inputs = self.season(campaign_code, tax_year=tax_year, corrects=corrects,
                                 income_on=criteria.distribution_date or self._book.clock.today())
            result, problems = run(criteria, inputs)
        if problems:  # what only the members' data show (rates or fixed amounts needing more than there is)
            raise InvalidInput(place(criteria_text, problems))
        return result, inputs, tax_year

    def _product_grades(self) -> tuple[list[str], dict[str, set[str]]]:
        """The codes of the book's products, which the criteria's filters and rates name,
        and each one's grades as the book defines them: every grade of its grade tables
        (any date), of its advance prices, and of its tickets not voided."""
        with self._book.read() as session:
            codes = dict(session.execute(select(Product.id, Product.code)).all())
            grades: dict[str, set[str]] = {code: set() for code in codes.values()}
            for product_id, text in session.execute(select(QualityStandardRow.product_id, QualityStandardRow.text)):
                grades[codes[product_id]].update(g.code for g in QualityStandard.from_json(text).grades)
            for product_id, grade in session.execute(
                    select(PriceEntryRow.product_id, PriceEntryRow.grade).where(PriceEntryRow.grade != "").distinct()):
                grades[codes[product_id]].add(grade)
            for product_id, grade in session.execute(
                    select(Delivery.product_id, Delivery.grade)
                    .where(Delivery.voided_at.is_(None), Delivery.grade != "").distinct()):
                grades[codes[product_id]].add(grade)
        return sorted(codes.values()), grades

    def _stream_problems(self, criteria, year: int) -> list[Problem]:
        """A stream exists once: income already inside the result (591, or an income
        account, such as the organic differential in 701312) cannot be paid again as
        a stream; and a Fairtrade Premium stream's pots count only the products and
        certifications the year's sales carried a premium for."""
        problems = []
        with self._book.read() as session:
            kinds = dict(session.execute(select(LedgerAccount.code, LedgerAccount.kind)).all())
            carried = session.execute(
                select(Product.code, Sale.certification).join(Product, Product.id == Sale.product_id)
                .where(Sale.premium_cents > 0, Sale.voided_at.is_(None),
                       Sale.date.between(date(year, 1, 1), date(year, 12, 31))).distinct()).all()
        products = sorted({code for code, _cert in carried})
        certifications = sorted({cert for _code, cert in carried})
        for i, stream in enumerate(criteria.streams):
            account = postings.stream_account(stream.name, stream.account)
            if account == postings.REMANENTE or kinds.get(account) in (Kind.INCOME, Kind.EXPENSE):
                problems.append(Problem(f"streams[{i}]", N_(
                    "«%(name)s» saldría de la cuenta %(account)s, que ya está dentro del remanente: un ingreso del "
                    "ejercicio, como el diferencial orgánico, no puede ser además un monto aparte. Repártalo dentro "
                    "de monto, con un fondo que cuente solo lo orgánico (solo_certificacion = [\"organico\"])."),
                    {"name": stream.name, "account": account}))
            elif account == postings.PREMIUM_FUND and carried:
                for pot in stream.pots:
                    if not (pot.only_products and set(pot.only_products) <= set(products)
                            and pot.only_certifications and set(pot.only_certifications) <= set(certifications)):
                        problems.append(Problem(f"streams[{i}]", N_(
                            "«%(pot)s» reparte la prima de %(year)s: cuente solo las entregas de lo que se vendió con "
                            "prima, escribiendo en ese fondo solo_producto = [%(products)s] y solo_certificacion = "
                            "[%(certifications)s]."),
                            {"pot": pot.name, "year": year,
                             "products": ", ".join(f'"{p}"' for p in products),
                             "certifications": ", ".join(f'"{c}"' for c in certifications)}))
        return problems

    def compare(self, a: DistributionResult, b: DistributionResult, top: int = 10) -> Comparison:
        """Two results side by side, member by member, on each member's gross
        amount from the distribution (before deductions, which do not depend on
        the criteria)."""
        return compare({p.code: p.gross for p in a.payouts.values()},
                       {p.code: p.gross for p in b.payouts.values()}, self.member_info(), top)

    def changes(self, number: int) -> list[MemberChange]:
        """For a correction: every member whose net amount differs from the run
        it corrects, and why (their data, their status, or the criteria). The
        correction's own reason, written by whoever made it, is ``row.reason``."""
        if self.get(number).corrects is None:  # most runs correct nothing: no need to read them
            return []
        new = self.stored(number)
        old = self.stored(new.row.corrects)
        info = self.member_info()
        before, after = old.result.payouts, new.result.payouts
        old_inputs = {m.code: m for m in old.inputs}
        new_inputs = {m.code: m for m in new.inputs}
        criteria_changed = old.criteria_text != new.criteria_text
        changed = []
        for code in sorted(set(before) | set(after)):
            a = before[code].net if code in before else ZERO
            b = after[code].net if code in after else ZERO
            if a == b:
                continue
            if code not in before:
                reasons = ["nuevo"]
            elif code not in after:
                reasons = ["retirado"]
            else:
                o, n = old_inputs.get(code), new_inputs.get(code)
                reasons = []
                if o is not None and n is not None and set(o.deliveries) != set(n.deliveries):
                    reasons.append("entregas")
                if o is not None and n is not None and (o.status, o.join_date) != (n.status, n.join_date):
                    reasons.append("estado")
                if o is not None and n is not None and (
                        dict(o.debts), o.aportaciones, o.points, o.in_good_standing) != (
                        dict(n.debts), n.aportaciones, n.points, n.in_good_standing):
                    reasons.append("cuenta")
                if criteria_changed:
                    reasons.append("criterios")
                if not reasons:
                    reasons.append("otros")
            name = info[code].name if code in info else ""
            changed.append(MemberChange(code, name, a, b, tuple(reasons)))
        return changed

    # -- the workflow ---------------------------------------------------------

    def create(self, criteria_text: str, campaign_code: str | None = None, name: str | None = None, corrects: int | None = None, reason: str = "") -> RunRow:
        """Compute and store a draft run; returns it with its number.

        ``corrects``: the number of a published run this one corrects (a reason
        is then required); publishing the correction supersedes that run."""
        name = (name or _criteria_name(criteria_text) or "").strip()
        problems = []  # every problem at once: a missing name hides none of the criteria's
        if not name and criteria_parses(criteria_text):  # (a file that does not parse may well have one)
            problems.append(missing_name(criteria_text))
        if corrects is not None and not reason.strip():
            problems.append(Problem("reason", N_("Una corrección debe decir por qué se corrige la "
                                                 "distribución publicada.")))
        try:
            result, inputs, tax_year = self._compute(criteria_text, campaign_code, corrects)
        except InvalidInput as refused:
            raise InvalidInput(problems + list(refused.problems)) from None
        if problems:
            raise InvalidInput(problems)
        campaign = self._book.campaigns.get(campaign_code)
        with bulk_objects():
            inputs_blob = zlib.compress(record.canonical(tuple(inputs)), 6)
            results_blob = zlib.compress(record.canonical(result), 6)
        now = self._book.clock.now()
        with self._book.write(roles.CREATE_DISTRIBUTION) as session:
            corrected_id = None
            if corrects is not None:
                old = self._run(session, corrects)
                if old.status != RunStatus.PUBLISHED:
                    raise InvalidInput([Problem("corrects", N_(
                        "Solo se corrige una distribución publicada; la N.º %(number)s está «%(status)s»."),
                        {"number": corrects, "status": _status_text(old.status)})])
                corrected_id = old.id
            criteria = self._criteria_version(session, name, criteria_text, now)
            number = (session.scalar(select(func.max(DistributionRun.number))) or 0) + 1
            row = DistributionRun(
                number=number, campaign_id=campaign.id, criteria_id=criteria.id, tax_year=tax_year,
                status=RunStatus.DRAFT,
                inputs=inputs_blob, results=results_blob, amount=result.amount, to_members=result.to_members,
                created_at=now, created_by=self._book.user, corrects_id=corrected_id, reason=reason.strip())
            session.add(row)
            session.flush()
            ids = dict(session.execute(select(Member.code, Member.id)).all())
            session.execute(insert(DistributionLine), [
                {"run_id": row.id, "member_id": ids[p.code], "eligible": p.eligible,
                 "gross": p.gross, "capitalised": p.capitalised, "taxable": p.taxable, "withheld": p.withheld,
                 "retained": p.retained,
                 "deducted": p.deducted, "net": p.net}
                for p in result.payouts.values()])
        return self.get(number)

    def approve(self, number: int, acta: str, acta_date: date, signed_by: str = "") -> RunRow:
        """The General Assembly approved this run's criteria: the acta's number and
        date, and who signs it (kept apart: only the number reaches the journal)."""
        acta, signed_by = " ".join((acta or "").split()), " ".join((signed_by or "").split())
        problems = []
        if len(signed_by) > limits.NAME:
            problems.append(Problem("signed_by", N_("El nombre de quien firma el acta es demasiado largo (máximo "
                                                    "%(n)s letras)."), {"n": limits.NAME}))
        if not acta:
            problems.append(Problem("acta", N_("Escriba el número del acta de la asamblea que aprobó los "
                                               "criterios.")))
        elif len(acta) > limits.ACTA:
            problems.append(Problem("acta", N_("El número del acta es demasiado largo (máximo %(n)s letras)."),
                                    {"n": limits.ACTA}))
        if acta_date is None:
            problems.append(Problem("acta_date", N_("Escriba la fecha del acta.")))
        elif acta_date > self._book.clock.today():
            problems.append(Problem("acta_date", N_("La fecha del acta no puede ser futura.")))
        with self._book.write(roles.APPROVE_DISTRIBUTION) as session:
            r = self._run(session, number)
            self._require(r, RunStatus.DRAFT, N_("Solo se aprueba una distribución en borrador; la N.º %(number)s "
                                                 "está «%(status)s»."))
            criteria = session.get(DistributionCriteria, r.criteria_id)
            rules, _problems = read_criteria(criteria.text)
            if rules is not None and rules.year is not None and acta_date is not None and \
                    acta_date <= date(rules.year, 12, 31):
                problems.append(Problem("acta_date", N_(
                    "El acta (%(date)s) debe ser posterior al fin del ejercicio %(year)s: la asamblea aplica el "
                    "remanente de un ejercicio terminado."), {"date": acta_date, "year": rules.year}))
            if problems:
                raise InvalidInput(problems)
            if criteria.status == "borrador":  # the version's first approval; later ones are the runs' own
                for earlier in session.scalars(select(DistributionCriteria).where(
                        DistributionCriteria.name == criteria.name, DistributionCriteria.status == "aprobado")):
                    earlier.status = "reemplazado"
                criteria.status = "aprobado"
                criteria.acta_number, criteria.acta_date, criteria.approved_by = acta, acta_date, self._book.user
            r.acta_number, r.acta_date, r.approved_by = acta, acta_date, self._book.user
            r.acta_signed_by = signed_by
            r.status = RunStatus.APPROVED
            r.approved_at = self._book.clock.now()
        return self.get(number)

    def publish(self, number: int) -> RunRow:
        """Seal an approved run: its fingerprint is computed over criteria, inputs
        and results; from now on nothing in it changes. Publishing a correction
        supersedes the run it corrects."""
        with self._book.write(roles.PUBLISH_DISTRIBUTION) as session:
            r = self._run(session, number)
            self._require(r, RunStatus.APPROVED, N_("Solo se publica una distribución aprobada; la N.º %(number)s "
                                                    "está «%(status)s»."))
            text = session.get(DistributionCriteria, r.criteria_id).text
            results_json = zlib.decompress(r.results)
            with bulk_objects():
                result = record.from_jsonable(DistributionResult, json.loads(results_json))
            criteria, _problems = read_criteria(text)
            problems = self._publish_problems(session, r, criteria, result)
            if problems:
                raise InvalidInput(problems)
            today = self._book.clock.today()
            postings_core.accrue_interest(self._book, session, today)  # a loan deducted pays its interest due
            if r.corrects_id is not None:
                old = session.get(DistributionRun, r.corrects_id)
                if old.status != RunStatus.PUBLISHED:
                    raise InvalidInput([Problem("run", N_(
                        "La distribución N.º %(old)s ya no está publicada (está «%(status)s»): esta corrección ya "
                        "no tiene qué reemplazar. Descártela."), {"old": old.number, "status": _status_text(old.status)})])
                # what the corrected run credited to the accounts is undone; this run's own credits replace it
                self._book.accounts.undo_distribution(session, old.id, r.number, today)
            self._check_debts_unchanged(session, result, today)
            ids = dict(session.execute(select(Member.code, Member.id)).all())
            # deductions become credits on the members' accounts; capitalised amounts, capital paid in
            keep = criteria is None or criteria.retained_to == "socio"
            self._book.accounts.apply_distribution(session, r.id, r.number, today, ids, result.payouts.values(),
                                                   keep_retained=keep)
            if r.corrects_id is not None:
                old_entry = session.scalar(select(JournalEntry.id).where(
                    JournalEntry.source_kind == postings.DISTRIBUTION, JournalEntry.source_id == r.corrects_id,
                    JournalEntry.reverses_id.is_(None)))
                if old_entry is not None:
                    self._book.ledger.reverse_in(session, old_entry, today, f"corregida por la distribución N.º "
                                                 f"{r.number}", None, postings.DISTRIBUTION, r.id)
            # sealed first, so the entry records the code: a run sealed again later no longer matches its books
            fingerprint = record.fingerprint(self._identity(session, r), text, zlib.decompress(r.inputs),
                                             results_json)
            self._post(session, r, result, criteria, ids, today, fingerprint)
            r.fingerprint = fingerprint
            r.status = RunStatus.PUBLISHED
            r.published_at = self._book.clock.now()
            if r.corrects_id is not None:
                old = session.get(DistributionRun, r.corrects_id)
                if old.status == RunStatus.PUBLISHED:
                    old.status = RunStatus.SUPERSEDED
        return self.get(number)

    def _post(self, session, r: DistributionRun, result: DistributionResult, criteria, ids: dict[str, int],
              today: date, fingerprint: str | None = None) -> None:
        """The run's entry: appropriations out of the remanente, each pot out of its
        account, each member's gross into their payable less deductions, withholding
        and capitalisation. Its description records the run's code (``fingerprint``),
        which ``coopdesk check`` compares with the run's seal."""
        specs = {a.name: a for a in (criteria.appropriations if criteria is not None else ())}
        appropriations, unknown = [], []
        for name, amount in result.appropriations:
            spec = specs.get(name)
            account = postings.appropriation_account(name, spec.reserve if spec else False,
                                                     spec.account if spec else "")
            if not account and amount > ZERO:
                unknown.append(name)
            appropriations.append((account, amount))
        retained_account = ""
        if criteria is not None and criteria.retained_to == "fondo" and result.retained > ZERO:
            retained_account = postings.appropriation_account(criteria.retained_fund, False)
            if not retained_account:
                unknown.append(criteria.retained_fund or "fondo_retenidos")
        if unknown:
            raise InvalidInput([Problem("criteria", N_(
                "No se sabe a qué cuenta contable va %(names)s: en los criterios, escriba su cuenta (por ejemplo "
                "cuenta = \"46991\") y apruebe una nueva distribución."), {"names": ", ".join(f"«{n}»" for n in unknown)})])
        sources = _sources(criteria, result)
        owed = postings_core.loans_owed(session)
        payouts = [postings.MemberPayout(p.code, p.gross, tuple((d.concept, d.deducted) for d in p.deductions),
                                         p.capitalised, owed.get(ids[p.code], ZERO), p.retained)
                   for p in result.payouts.values() if p.gross > ZERO or p.deducted > ZERO or p.capitalised > ZERO]
        lines = postings.distribution_lines(result.loss_compensation, appropriations, sources, payouts,
                                            f"Distribución N.º {r.number}", retained_account)
        if lines:
            description = seals.entry_description(r.number, r.acta_number, fingerprint) if fingerprint else \
                f"Distribución N.º {r.number} (acta {r.acta_number or '-'})"[:200]
            self._book.ledger.post_in(session, EntryInput(today, description, lines, f"D-{r.number}"),
                                      postings.DISTRIBUTION, r.id)

    # -- what a run draws on ------------------------------------------------------

    def publish_problems(self, number: int) -> list[Problem]:
        """Why this run could not be published now (empty: it can): what ``publish``
        refuses and ``approve`` warns of, in the same words."""
        with self._book.read() as session:
            r = self._run(session, number)
            criteria, _problems = read_criteria(session.get(DistributionCriteria, r.criteria_id).text)
            with bulk_objects():
                result = record.from_jsonable(DistributionResult, json.loads(zlib.decompress(r.results)))
            return self._publish_problems(session, r, criteria, result)

    def _publish_problems(self, session, r: DistributionRun, criteria, result: DistributionResult) -> list[Problem]:
        """A remanente is distributed once, after its ejercicio is closed; 591 and
        every fund a run draws on keep enough for it (a correction may use what the
        run it replaces took)."""
        if criteria is None:
            return []
        problems = []
        if criteria.kind == EXCEDENTES and criteria.year is not None:
            year = criteria.year
            if self._book.ledger.year_closing_in(session, year) is None:
                problems.append(Problem("year", N_(
                    "El remanente del ejercicio %(year)s se distribuye cuando el ejercicio está cerrado: registre "
                    "primero su asiento de cierre (Contabilidad → «Cierre del ejercicio…», o «coopdesk ledger "
                    "close-year %(year)s»)."), {"year": year}))
            for other in session.scalars(select(DistributionRun).where(
                    DistributionRun.status == RunStatus.PUBLISHED, DistributionRun.id != r.id,
                    DistributionRun.id != (r.corrects_id or 0)).order_by(DistributionRun.number)):
                rules, _problems = read_criteria(session.get(DistributionCriteria, other.criteria_id).text)
                if rules is not None and rules.kind == EXCEDENTES and rules.year == year:
                    problems.append(Problem("run", N_(
                        "El remanente del ejercicio %(year)s ya se distribuyó con la distribución N.º %(number)s, "
                        "publicada el %(date)s: un remanente se distribuye una sola vez. Para cambiar aquella, "
                        "haga una corrección de la N.º %(number)s."),
                        {"year": year, "number": other.number, "date": other.published_at.date()}))
        returned = self._entry_draws(session, r.corrects_id) if r.corrects_id is not None else {}
        names = dict(session.execute(select(LedgerAccount.code, LedgerAccount.name)).all())
        for account, amount in sorted(_draws(criteria, result).items()):
            available = self._book.ledger.credit_balance_in(session, account) + returned.get(account, ZERO)
            if amount > available:
                problems.append(Problem("amount", N_(
                    "La distribución toma %(amount)s de la cuenta %(account)s «%(name)s», que solo tiene "
                    "%(available)s: esa cuenta no puede quedar en negativo."),
                    {"amount": Soles(amount), "account": account, "name": names.get(account, ""),
                     "available": Soles(available)}))
        return problems

    @staticmethod
    def _entry_draws(session, run_id: int) -> dict[str, Decimal]:
        """What a published run's entry (not yet reversed) took from each account."""
        entry = session.scalar(select(JournalEntry.id).where(
            JournalEntry.source_kind == postings.DISTRIBUTION, JournalEntry.source_id == run_id,
            JournalEntry.reverses_id.is_(None)))
        if entry is None or session.scalar(select(JournalEntry.id).where(JournalEntry.reverses_id == entry)):
            return {}
        line = JournalLine.__table__.c
        return {code: Decimal(int(d) - int(c)).scaleb(-2) for code, d, c in session.execute(
            select(LedgerAccount.code, type_coerce(func.sum(line.debit_cents), BigInteger),
                   type_coerce(func.sum(line.credit_cents), BigInteger))
            .join(LedgerAccount, LedgerAccount.id == line.account_id)
            .where(line.entry_id == entry).group_by(LedgerAccount.code))}

    def post_unposted_in(self, session, by: str | None = None, cutoff: date | None = None) -> tuple[int, int]:
        """Runs published (and superseded) before the automatic entries, and their
        payments: each posted once, on the day it was published or paid, a
        correction reversing the run it replaced. (Entries posted, documents left
        because they are dated before ``cutoff``, the first open day.)"""
        posted = select(JournalEntry.source_id).where(JournalEntry.source_kind == postings.DISTRIBUTION,
                                                      JournalEntry.reverses_id.is_(None))
        runs = session.scalars(select(DistributionRun).where(
            DistributionRun.status.in_((RunStatus.PUBLISHED, RunStatus.SUPERSEDED)),
            DistributionRun.id.not_in(posted)).order_by(DistributionRun.published_at, DistributionRun.id)).all()
        ids = dict(session.execute(select(Member.code, Member.id)).all()) if runs else {}
        count = skipped = 0
        for r in runs:
            day = r.published_at.date()
            if cutoff is not None and day < cutoff:
                skipped += 1
                continue
            if r.corrects_id is not None:
                old_entry = session.scalar(select(JournalEntry.id).where(
                    JournalEntry.source_kind == postings.DISTRIBUTION, JournalEntry.source_id == r.corrects_id,
                    JournalEntry.reverses_id.is_(None)))
                done = old_entry is not None and session.scalar(
                    select(JournalEntry.id).where(JournalEntry.reverses_id == old_entry))
                if old_entry is not None and not done:
                    self._book.ledger.reverse_in(session, old_entry, day, f"corregida por la distribución N.º "
                                                 f"{r.number}", by, postings.DISTRIBUTION, r.id)
            with bulk_objects():
                result = record.from_jsonable(DistributionResult, json.loads(zlib.decompress(r.results)))
            criteria, _problems = read_criteria(session.get(DistributionCriteria, r.criteria_id).text)
            self._post(session, r, result, criteria, ids, day, r.fingerprint)
            count += 1
        paid = select(JournalEntry.source_id).where(JournalEntry.source_kind == postings.PAYMENT)
        for payment, number, code in session.execute(
                select(DistributionPayment, DistributionRun.number, Member.code)
                .join(DistributionRun, DistributionRun.id == DistributionPayment.run_id)
                .join(Member, Member.id == DistributionPayment.member_id)
                .where(DistributionPayment.id.not_in(paid), DistributionPayment.voided_at.is_(None))
                .order_by(DistributionPayment.id)).all():
            if cutoff is not None and payment.paid_on < cutoff:
                skipped += 1
                continue
            self._post_payment(session, payment, number, code, by)
            count += 1
        return count, skipped

    def _post_payment(self, session, payment: DistributionPayment, number: int, member_code: str,
                      by: str | None) -> None:
        money = postings.CASH if payment.method == PaymentMethod.CASH else postings.BANK
        text = f"Pago de la distribución N.º {number} a {member_code}"
        self._book.ledger.post_in(session, EntryInput(payment.paid_on, text, postings.payment_lines(
            member_code, payment.amount, money, text), payment.reference or f"D-{number}"), postings.PAYMENT,
            payment.id, by)

    def discard(self, number: int) -> None:
        """Delete a draft or approved run that was never published."""
        with self._book.write(roles.CREATE_DISTRIBUTION) as session:
            r = self._run(session, number)
            if r.status not in (RunStatus.DRAFT, RunStatus.APPROVED):
                raise InvalidInput([Problem("run", N_(
                    "La distribución N.º %(number)s está publicada: no se borra; se corrige con otra."),
                    {"number": number})])
            session.execute(delete(DistributionLine).where(DistributionLine.run_id == r.id))
            session.delete(r)

    def mark_paid(self, number: int, member_code: str, paid_on: date, method: str, reference: str = "") -> None:
        """Record that a member was paid their net amount of a published run."""
        with self._book.write(roles.PAY_DISTRIBUTION) as session:
            r = self.payable_run_in(session, number)
            member = session.scalars(select(Member).where(same_code(member_code))).first()
            if member is None:
                raise NotFound(N_("No existe el socio %(code)s."), code=member_code)
            self.pay_in(session, r, member, paid_on, method, reference)

    def payable_run_in(self, session, number: int) -> DistributionRun:
        """The run, if its members can be paid now: published, and no correction in preparation."""
        r = self._run(session, number)
        self._require(r, RunStatus.PUBLISHED, N_("Solo se pagan distribuciones publicadas; la N.º %(number)s "
                                                 "está «%(status)s»."))
        correction = session.scalar(select(DistributionRun.number).where(
            DistributionRun.corrects_id == r.id,
            DistributionRun.status.in_((RunStatus.DRAFT, RunStatus.APPROVED))))
        if correction is not None:
            raise InvalidInput([Problem("run", N_(
                "La distribución N.º %(number)s tiene una corrección en preparación (N.º %(correction)s), "
                "calculada con lo pagado hasta ahora: publique o descarte la corrección antes de registrar más "
                "pagos."), {"number": number, "correction": correction})])
        return r

    def pay_in(self, session, r: DistributionRun, member: Member, paid_on: date, method: str, reference: str = "",
               batch_id: int | None = None, sealed: bool = False) -> DistributionPayment:
        """Inside the caller's write transaction: one member's payment of their net in
        ``r`` (checked, recorded and posted; refused with every problem at once). The
        single payment and each payment of a batch (core.payment_batches) go through here
        (``sealed``: the caller already checked the run against its seal for this member)."""
        number = r.number
        line = session.scalars(select(DistributionLine).where(
            DistributionLine.run_id == r.id, DistributionLine.member_id == member.id)).first()
        if not sealed:
            self._require_sealed_for(session, r, member, line)
        problems = []
        if line is None or line.net <= ZERO:
            problems.append(Problem("member", N_("%(code)s no tiene nada que cobrar en la distribución N.º "
                                                 "%(number)s."), {"code": member.code, "number": number}))
        if method not in set(PaymentMethod):
            problems.append(Problem("method", N_("Elija cómo se pagó: efectivo, transferencia, cheque o "
                                                 "depósito.")))
        if len((reference or "").strip()) > limits.REFERENCE:
            problems.append(Problem("reference", N_("La referencia es demasiado larga (máximo %(n)s letras)."),
                                    {"n": limits.REFERENCE}))
        if paid_on is None or paid_on > self._book.clock.today():
            problems.append(Problem("paid_on", N_("La fecha de pago no puede ser futura.")))
        elif paid_on < r.published_at.date():
            problems.append(Problem("paid_on", N_("La fecha de pago es anterior a la publicación de la "
                                                  "distribución (%(date)s)."), {"date": r.published_at.date()}))
        if not problems and session.scalar(select(DistributionPayment.id).where(
                DistributionPayment.run_id == r.id, DistributionPayment.member_id == member.id,
                DistributionPayment.voided_at.is_(None))):
            problems.append(Problem("member", N_("%(code)s ya figura como pagado en la distribución N.º "
                                                 "%(number)s."), {"code": member.code, "number": number}))
        if problems:
            raise InvalidInput(problems)
        payment = DistributionPayment(
            run_id=r.id, member_id=member.id, paid_on=paid_on, method=method, reference=reference.strip(),
            amount=line.net, recorded_by=self._book.user, recorded_at=self._book.clock.now(), batch_id=batch_id)
        session.add(payment)
        session.flush()
        self._post_payment(session, payment, number, member.code, self._book.user)
        return payment

    def _require_sealed_for(self, session, r: DistributionRun, member: Member, line) -> None:
        """Before paying: the run still matches its seal, and the member's line is
        their figures in the sealed results (what is paid is the line's net)."""
        broken = seals.run_problems(session, r, {member.id: member.code}, entry=False)
        if not broken:
            return
        payouts = json.loads(zlib.decompress(r.results)).get("payouts", {})
        sealed = Decimal(payouts[member.code]["net"]) if member.code in payouts else ZERO
        stored = line.net if line is not None else ZERO
        values = {"code": member.code, "name": _name(member.first_names, member.last_names), "number": r.number,
                  "stored": Soles(stored), "sealed": Soles(sealed), "difference": Soles(stored - sealed)}
        if stored != sealed:
            head = Problem("member", N_(
                "No se registra el pago de %(code)s (%(name)s): su neto a pagar es %(stored)s en las líneas de la "
                "distribución N.º %(number)s y %(sealed)s en sus resultados sellados, una diferencia de "
                "%(difference)s. Los datos de la distribución se alteraron después de publicarla: revíselos con "
                "«coopdesk check --integrity»."), values)
        else:
            head = Problem("member", N_(
                "No se registra el pago de %(code)s (%(name)s): la distribución N.º %(number)s ya no coincide con su "
                "sello. Revísela con «coopdesk check --integrity»."), values)
        raise SealBroken([head] + broken)

    # -- reading --------------------------------------------------------------

    def runs(self) -> list[RunRow]:
        with self._book.read() as session:
            numbers = session.scalars(select(DistributionRun.number).order_by(DistributionRun.number.desc())).all()
        return [self.get(n) for n in numbers]

    def get(self, number: int) -> RunRow:
        with self._book.read() as session:
            r = self._run(session, number)
            c = session.get(DistributionCriteria, r.criteria_id)
            campaign_code = session.scalar(select(Campaign.code).where(Campaign.id == r.campaign_id))
            members, to_pay, net = session.execute(
                select(func.count(), func.count().filter(DistributionLine.net > 0),
                       func.coalesce(func.sum(DistributionLine.net), 0))
                .where(DistributionLine.run_id == r.id)).one()
            paid = session.scalar(select(func.count()).where(DistributionPayment.run_id == r.id,
                                                             DistributionPayment.voided_at.is_(None)))
            corrects = session.scalar(select(DistributionRun.number).where(DistributionRun.id == r.corrects_id)) \
                if r.corrects_id else None
            return RunRow(r.number, r.status, campaign_code, c.name, c.version, r.amount, r.to_members, members,
                          paid, Decimal(net), r.created_at, r.created_by, r.acta_number, r.acta_date,
                          r.approved_by, r.published_at, r.fingerprint, corrects, r.reason, to_pay,
                          r.acta_signed_by or "")

    def stored(self, number: int) -> StoredRun:
        """The run's criteria, inputs and results exactly as stored."""
        with self._book.read() as session:
            r = self._run(session, number)
            text = session.get(DistributionCriteria, r.criteria_id).text
            inputs_json, results_json = zlib.decompress(r.inputs), zlib.decompress(r.results)
        return self._stored_from(number, text, inputs_json, results_json)

    def _stored_from(self, number: int, text: str, inputs_json: bytes, results_json: bytes,
                     member_codes: Mapping[str, str] | None = None) -> StoredRun:
        with bulk_objects():
            inputs = record.from_jsonable(ENGINE_INPUTS, json.loads(inputs_json))
            result = record.from_jsonable(DistributionResult, json.loads(results_json))
        return StoredRun(self.get(number), text, inputs, result, member_codes or {})

    def sealed(self, number: int) -> StoredRun:
        """The run as stored, for printing, with each member's own code. A published
        (or superseded) run is first checked against its seal: the fingerprint over
        the stored parts, the code its entry recorded, its lines and its entry
        against its results. Anything different is refused (``SealBroken``, naming
        what differs): a run altered since it was published is never printed under
        its genuine code."""
        text, inputs_stored, results_json, codes = self.sealed_json(number)
        return self._stored_from(number, text, zlib.decompress(inputs_stored), results_json, codes)

    def sealed_json(self, number: int) -> tuple[str, bytes, bytes, dict[str, str] | None]:
        """What ``sealed`` decodes, still as stored: the criteria text, the inputs
        (compressed, as stored) and the results as JSON, and each member's code,
        after the same check of the seal (``SealBroken``). For printing 50,000
        liquidations without holding every member's decoded objects at once
        (``core.liquidations``): the inputs are hashed a chunk at a time, the lines
        compared with the results ``seals.BATCH`` members at a time."""
        with self._book.read() as session:
            r = self._run(session, number)
            p = seals.parts(session, r)
            codes = None
            if r.fingerprint is not None:
                results = seals.Results(p.results_json)  # read once, for the check and the codes
                broken = seals.run_problems(session, r, p=p, read=results)
                if broken:
                    raise SealBroken([Problem("run", N_(
                        "No se imprime la distribución N.º %(number)s: ya no coincide con lo que se selló al "
                        "publicarla, y sus cifras no serían las aprobadas. Revise con «coopdesk check --integrity»."),
                        {"number": number})] + broken)
                codes = seals.member_codes(r.fingerprint, results)
                del results
        return p.criteria_text, p.inputs_stored, p.results_json, codes

    def lines(self, number: int) -> list[LineRow]:
        """Every member's totals in the run, in member-list order, with payments."""
        with self._book.read() as session:
            r = self._run(session, number)
            l, m, p = DistributionLine, Member, DistributionPayment
            rows = session.execute(
                select(m.code, m.first_names, m.last_names, Zone.name, l.eligible, l.gross, l.capitalised,
                       l.retained, l.deducted, l.net, p.paid_on, p.method)
                .join(m, l.member_id == m.id).join(Zone, m.zone_id == Zone.id)
                .outerjoin(p, (p.run_id == l.run_id) & (p.member_id == l.member_id) & p.voided_at.is_(None))
                .where(l.run_id == r.id).order_by(m.sort_key, m.id))
            return [LineRow(code, _name(first, last), zone, eligible, gross, cap, retained, deducted, net, paid_on,
                            method)
                    for code, first, last, zone, eligible, gross, cap, retained, deducted, net, paid_on, method
                    in rows]

    def verify(self, code: str) -> Verification:
        """Check a published run against everything that must agree with it.

        ``code``: the run's verification code or full fingerprint, or a member's
        own code (``S-…``, printed on their liquidation), which names the run, the
        member and their net. The run is recomputed from its stored inputs and
        criteria (the results must come out byte for byte), the fingerprint over
        its stored parts must be its seal and the code its entry recorded, and its
        lines and its entry must be its results (docs/seals.md)."""
        read = record.read_code(code or "")
        if read is None:
            raise InvalidInput([Problem("code", N_("«%(code)s» no es un código de verificación: son 16 letras y "
                                                   "números como 3F2A-91C0-7B4D-E815."), {"code": code})])
        kind, digits = read
        member = None
        with self._book.read() as session:
            if kind == "member":
                r, member = self._find_member_code(session, digits)
            else:
                found = session.scalars(select(DistributionRun).where(DistributionRun.fingerprint.like(f"{digits}%"))
                                        ).all()
                if not found:
                    self._not_found(session, digits)
                r = found[0]
            p = seals.parts(session, r)
            findings = tuple(seals.run_problems(session, r, p=p))
            text, inputs_json, results_json = p.criteria_text, p.inputs_json, p.results_json
            number, stored_fingerprint, status, computed_on = r.number, r.fingerprint, r.status, p.created_on
            superseded_by = session.scalar(select(DistributionRun.number).where(
                DistributionRun.corrects_id == r.id, DistributionRun.status == RunStatus.PUBLISHED.value))
        with bulk_objects():
            inputs = record.from_jsonable(ENGINE_INPUTS, json.loads(inputs_json))
            criteria, problems = read_criteria(text)
            # recomputed under the rules in force on the day it was computed (coopdesk.domain.law)
            result, problems = run(replace(criteria, rules_on=computed_on), inputs) if criteria else (None, problems)
            recomputed = record.canonical(result) if result is not None else b""
        results_ok = recomputed == results_json
        # the fingerprint over the stored parts says whether criteria or inputs were altered
        stored_ok = p.is_sealed
        matches = results_ok and stored_ok and not findings and record.fingerprint(
            p.identity, text, inputs_json, recomputed) == stored_fingerprint
        return Verification(number, matches, stored_ok, stored_ok, results_ok, record.verification_code(
            stored_fingerprint), status, superseded_by, lines_ok=not findings, member=member, findings=findings)

    def _find_member_code(self, session, digits: str) -> tuple[DistributionRun, MemberSeal]:
        """The published run and the member a member's code belongs to, computed
        from each run's stored results (newest run first)."""
        for r in session.scalars(select(DistributionRun).where(DistributionRun.fingerprint.is_not(None))
                                 .order_by(DistributionRun.number.desc())):
            results = json.loads(zlib.decompress(r.results))
            for member_code, payout in results.get("payouts", {}).items():
                seal = record.member_fingerprint(r.fingerprint, record.member_record(results, member_code))
                if seal.startswith(digits):
                    name = session.execute(select(Member.first_names, Member.last_names)
                                           .where(same_code(member_code))).first()
                    return r, MemberSeal(member_code, _name(*name) if name else "", Decimal(payout["net"]),
                                         record.member_code(seal))
        raise NotFound(N_("Este código (%(code)s) no corresponde a la liquidación de ningún socio en las "
                          "distribuciones publicadas: el registro pudo haber sido alterado, o el código está mal "
                          "escrito."), code=f"{record.MEMBER_PREFIX}-{record.verification_code(digits)}")

    @staticmethod
    def _not_found(session, digits: str) -> None:
        """No run has this code: if the books recorded it when a run was published,
        that run's seal was changed since; either way, say so."""
        code = record.verification_code(digits)
        run_id = session.scalar(select(JournalEntry.source_id).where(
            JournalEntry.source_kind == postings.DISTRIBUTION, JournalEntry.reverses_id.is_(None),
            JournalEntry.description.like(f"%código {code}%")).limit(1)) if len(code) == 19 else None
        number = session.scalar(select(DistributionRun.number).where(DistributionRun.id == run_id)) \
            if run_id is not None else None
        if number is not None:
            raise NotFound(N_("Este código no corresponde a ninguna distribución: el registro pudo haber sido "
                              "alterado. %(code)s es el código con que se publicó la distribución N.º %(number)s "
                              "(así consta en su asiento contable), que ahora tiene otro: su sello fue cambiado."),
                           code=code, number=number)
        raise NotFound(N_("Este código no corresponde a ninguna distribución: el registro pudo haber sido alterado, "
                          "o el código está mal escrito (%(code)s)."), code=code)

    # -- helpers --------------------------------------------------------------

    @staticmethod
    def _run(session, number: int) -> DistributionRun:
        r = session.scalars(select(DistributionRun).where(DistributionRun.number == number)).first()
        if r is None:
            raise NotFound(N_("No existe la distribución N.º %(number)s."), number=number)
        return r

    def _check_debts_unchanged(self, session, result: DistributionResult, as_of: date) -> None:
        """A run deducts what members owed when it was computed; if someone has
        paid since, deducting it again would charge them twice: recompute first."""
        from coopdesk.core.accounts import Accounts

        owed = Accounts.owed_by_member(session, as_of)
        ids = dict(session.execute(select(Member.code, Member.id)).all())
        changed = [p.code for p in result.payouts.values() for d in p.deductions
                   if d.deducted > ZERO and d.concept in {c.value for c in Concept}
                   and owed.get(ids[p.code], {}).get(d.concept, ZERO) < d.deducted]
        # what was kept for a member and is paid now must still be kept (not paid by another run since)
        changed += [p.code for p in result.payouts.values()
                    if p.carried_in > ZERO and -owed.get(ids[p.code], {}).get(RETAINED, ZERO) < p.carried_in]
        if changed:
            raise InvalidInput([Problem("run", N_(
                "Lo que deben %(n)s socios bajó desde que se calculó la distribución (por ejemplo %(code)s, que "
                "pagó o se le revirtió una deuda): calcúlela de nuevo antes de publicarla."),
                {"n": len(set(changed)), "code": changed[0]})])

    @staticmethod
    def _identity(session, r: DistributionRun) -> bytes:
        """The run's identity, sealed in its fingerprint with the figures."""
        return seals.identity(session, r)

    @staticmethod
    def _require(r: DistributionRun, status: str, message: str) -> None:
        if r.status != status:
            raise InvalidInput([Problem("run", message, {"number": r.number, "status": _status_text(r.status)})])

    @staticmethod
    def _criteria_version(session, name: str, text: str, now: datetime) -> DistributionCriteria:
        """The criteria document: the same text under the same name is the same
        version; a changed text is the next version."""
        sha = record.sha256(text)
        same = session.scalars(select(DistributionCriteria).where(
            DistributionCriteria.name == name, DistributionCriteria.sha256 == sha)).first()
        if same is not None:
            return same
        version = (session.scalar(select(func.max(DistributionCriteria.version))
                                  .where(DistributionCriteria.name == name)) or 0) + 1
        row = DistributionCriteria(name=name, version=version, text=text, sha256=sha, status="borrador",
                                   created_at=now)
        session.add(row)
        session.flush()
        return row


def _status_text(status: str):
    from coopdesk.domain.catalog import LABELS
    from coopdesk.domain.problems import Text

    return Text(LABELS.get(status, status))


def _criteria_name(text: str) -> str | None:
    import tomllib

    try:
        head = tomllib.loads(text).get("distribucion", {})
    except tomllib.TOMLDecodeError:
        return None
    name = head.get("nombre") if isinstance(head, dict) else None
    return name if isinstance(name, str) else None


_sources = postings.distribution_sources  # in the domain: the board summary ties its run to the ledger with them
_draws = postings.distribution_draws
