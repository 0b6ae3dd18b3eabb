"""The withholding's base, from the books' documents, and the monthly report (``book.withholding``).

A member's net income from the cooperative (docs/criteria.md, «The retención»),
every kind the dated rule counts (``coopdesk.domain.withholding``):

- ``entregas``: the advance paid for each ticket not voided, on the ticket's date
  (what was withheld from it when it was paid counts as withheld, as a run's does);
- ``reintegros`` and ``excedentes``: what each published distribution gives the
  member (its taxable pots when the criteria have a ``[retencion]``, otherwise
  what the member takes from it: gross less what is retained), on the
  distribution's date (``[distribucion] fecha``; else the day it was published).
  A superseded run counts no more: its correction takes its place.

``base_before`` is what a distribution's withholding starts from;
``on_ticket`` is what a ticket's payment withholds (``core.deliveries``);
``month`` is the report for the monthly declaration.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, func, select, type_coerce

from coopdesk.core.errors import InvalidInput
from coopdesk.db.models import Delivery, DistributionCriteria, DistributionLine, DistributionRun, Member
from coopdesk.domain.catalog import RunStatus
from coopdesk.domain.distribution.criteria_file import read_criteria
from coopdesk.domain.distribution.model import REINTEGRO
from coopdesk.domain.money import ZERO, Soles
from coopdesk.domain.problems import N_, Problem
from coopdesk.domain.names import list_name
from coopdesk.domain.withholding import (
    DELIVERIES,
    EXCEDENTES,
    REINTEGROS,
    UIT_TABLE,
    IncomeBefore,
    WithholdingRule,
    ceiling_of,
    general_regime,
    uit_of,
    withholding_at_intake,
    withholding_of_month,
    withholding_rule,
)

if TYPE_CHECKING:
    from coopdesk.core.book import Book


INTAKE_WITHHELD = "retenido_entregas"  # of what was withheld, what was withheld when tickets were paid


def _soles(cents) -> Decimal:
    return Decimal(int(cents or 0)).scaleb(-2)


@dataclass(frozen=True)
class RunIncome:
    """One published run as income: its date, kind, and per member id (income, withheld)."""

    number: int
    day: date
    kind: str  # REINTEGROS or EXCEDENTES
    members: dict[int, tuple[Decimal, Decimal]]


@dataclass(frozen=True)
class MemberMonth:
    """A member's line of the monthly withholding report."""

    code: str
    name: str
    dni: str
    deliveries: Decimal
    reintegros: Decimal
    excedentes: Decimal
    year_before: Decimal   # income in the year before the month
    due: Decimal           # what the rule makes due on the month's income
    withheld: Decimal      # what the cooperative withheld in the month (tickets and runs)
    withheld_year: Decimal  # withheld in the year up to the month's end
    general_regime: bool   # above the ceiling the previous year: not withheld by the cooperative
    withheld_intake: Decimal = ZERO  # of ``withheld``, what was withheld when the month's tickets were paid

    @property
    def income(self) -> Decimal:
        return self.deliveries + self.reintegros + self.excedentes

    @property
    def year_to_date(self) -> Decimal:
        return self.year_before + self.income

    @property
    def not_withheld(self) -> Decimal:
        """Due on the month and not withheld (tickets paid before coopdesk withheld at intake, or imported)."""
        return self.due - self.withheld


@dataclass(frozen=True)
class WithholdingMonth:
    year: int
    month: int
    uit: Decimal
    threshold: Decimal
    ceiling: Decimal | None
    rule: WithholdingRule
    source: str
    lines: tuple[MemberMonth, ...]

    def total(self, name: str) -> Decimal:
        return sum((getattr(line, name) for line in self.lines), ZERO)


@dataclass(frozen=True)
class TicketWithholding:
    """What a ticket's payment withholds and the rule's figures behind it (for the intake's preview):
    ``threshold`` the exempt income of the year in soles and ``year_before`` the member's income from
    the cooperative in the year before this ticket (None: the rule does not withhold at intake)."""

    withheld: Decimal
    rule: WithholdingRule
    threshold: Decimal | None
    year_before: Decimal | None
    general_regime: bool = False


class Withholdings:
    def __init__(self, book: "Book"):
        self._book = book

    # -- the income, by kind ----------------------------------------------------

    def _deliveries(self, session, start: date, end: date, member: int | None = None
                    ) -> dict[int, tuple[Decimal, Decimal]]:
        """Per member id (only ``member``, when given): what their tickets not voided paid and withheld."""
        d = Delivery.__table__.c
        query = (select(d.member_id, type_coerce(func.sum(d.amount_cents), BigInteger),
                        type_coerce(func.sum(d.withheld_cents), BigInteger))
                 .where(d.date >= start, d.date <= end, d.voided_at.is_(None)).group_by(d.member_id))
        if member is not None:
            query = query.where(d.member_id == member)
        return {found: (_soles(cents), _soles(withheld)) for found, cents, withheld in session.execute(query)}

    def runs(self, session, start: date, end: date, without: int | None = None,
             member: int | None = None) -> list[RunIncome]:
        """The published runs dated from ``start`` to ``end`` (``without``: a run number left out;
        ``member``: only that member's lines)."""
        found = []
        rows = session.execute(
            select(DistributionRun.id, DistributionRun.number, DistributionRun.tax_year, DistributionRun.published_at,
                   DistributionCriteria.text)
            .join(DistributionCriteria, DistributionCriteria.id == DistributionRun.criteria_id)
            .where(DistributionRun.status == RunStatus.PUBLISHED.value,
                   DistributionRun.tax_year.between(start.year, end.year))
            .order_by(DistributionRun.number)).all()
        line = DistributionLine.__table__.c
        for run_id, number, _year, published_at, text in rows:
            if number == without:
                continue
            criteria, _problems = read_criteria(text)
            day = (criteria.distribution_date if criteria is not None and criteria.distribution_date
                   else published_at.date())
            if not start <= day <= end:
                continue
            withholds = criteria is not None and criteria.withholding is not None
            members = {}
            lines = (select(line.member_id, *(type_coerce(c, BigInteger) for c in (
                line.gross_cents, line.retained_cents, line.taxable_cents, line.withheld_cents)))
                .where(line.run_id == run_id))
            if member is not None:
                lines = lines.where(line.member_id == member)
            for who, gross, retained, taxable, withheld in session.execute(lines):
                income = _soles(taxable) if withholds else max(_soles(gross) - _soles(retained), ZERO)
                if income or withheld:
                    members[who] = (income, _soles(withheld))  # céntimos from the driver, as integers
            kind = REINTEGROS if criteria is not None and criteria.kind == REINTEGRO else EXCEDENTES
            found.append(RunIncome(number, day, kind, members))
        return found

    def income(self, session, start: date, end: date, kinds, without: int | None = None,
               tickets_until: date | None = None, member: int | None = None) -> dict[int, dict[str, Decimal]]:
        """Per member id (only ``member``, when given): income by kind (only ``kinds``), ``"retenido"`` (withheld,
        tickets and runs) and ``"retenido_entregas"`` (of it, withheld from tickets), from ``start`` to ``end``
        (the tickets only up to ``tickets_until``, when given)."""
        out: dict[int, dict[str, Decimal]] = {}
        for found, (amount, withheld) in self._deliveries(session, start, min(end, tickets_until or end),
                                                          member).items():
            if DELIVERIES in kinds:
                out.setdefault(found, {})[DELIVERIES] = amount
            if withheld:
                by = out.setdefault(found, {})
                by["retenido"] = by[INTAKE_WITHHELD] = withheld
        for r in self.runs(session, start, end, without, member):
            for found, (amount, withheld) in r.members.items():
                by = out.setdefault(found, {})
                if r.kind in kinds:
                    by[r.kind] = by.get(r.kind, ZERO) + amount
                by["retenido"] = by.get("retenido", ZERO) + withheld
        return out

    # -- a distribution's starting point ------------------------------------------

    def base_before(self, day: date, corrects: int | None = None) -> dict[int, IncomeBefore]:
        """Per member id, their income from the cooperative before a distribution dated ``day``, by the rule in
        force today: in the year (tickets up to ``day``, every published run of the year but the one
        ``corrects`` replaces), in ``day``'s month, and the whole previous year."""
        rule = withholding_rule(self._book.clock.today())
        month_end = date(day.year, day.month, _last(day))
        with self._book.read() as session:
            year = self.income(session, date(day.year, 1, 1), date(day.year, 12, 31), rule.kinds, corrects, day)
            month = self.income(session, date(day.year, day.month, 1), month_end, rule.kinds, corrects, day)
            previous = self.income(session, date(day.year - 1, 1, 1), date(day.year - 1, 12, 31), rule.kinds)
        return {member: IncomeBefore(
            year=_income(year.get(member, {})), withheld_year=year.get(member, {}).get("retenido", ZERO),
            month=_income(month.get(member, {})), withheld_month=month.get(member, {}).get("retenido", ZERO),
            previous_year=_income(previous.get(member, {})))
            for member in set(year) | set(month) | set(previous)}

    # -- a ticket's payment -------------------------------------------------------

    def on_ticket(self, session, member: int, day: date, amount: Decimal) -> Decimal:
        """What to withhold from a ticket's payment (``ticket_withholding``'s figure)."""
        return self.ticket_withholding(session, member, day, amount).withheld

    def ticket_withholding(self, session, member: int, day: date, amount: Decimal) -> "TicketWithholding":
        """What to withhold from a ticket of ``member`` dated ``day`` that pays ``amount``, by the rule in force
        today (as a distribution's): the same ``withholding_on_payment`` a distribution applies
        (``domain.withholding.withholding_at_intake``), on the member's income before it, in the ticket's year and
        month up to its date (tickets already recorded and published runs) and the whole previous year. Raises
        InvalidInput when the year's UIT is unknown and the ticket could reach the threshold."""
        rule = withholding_rule(self._book.clock.today())
        if not rule.at_intake or DELIVERIES not in rule.kinds or amount <= ZERO:
            return TicketWithholding(ZERO, rule, None, None)
        year = self.income(session, date(day.year, 1, 1), day, rule.kinds, member=member).get(member, {})
        uit = uit_of(day.year)
        if uit is None:
            known = max(row.value for row in UIT_TABLE)
            if _income(year) + amount <= rule.exempt_uit * known:
                # below the threshold at the last UIT known: nothing can be due (the UIT only rises)
                return TicketWithholding(ZERO, rule, rule.exempt_uit * known, _income(year))
            raise InvalidInput([Problem("date", N_(
                "No se conoce la UIT del año %(year)s: coopdesk no puede calcular la retención de este ticket "
                "(Ley 31335). Actualice coopdesk."), {"year": str(day.year)})])
        month = self.income(session, date(day.year, day.month, 1), day, rule.kinds, member=member).get(member, {})
        previous = self.income(session, date(day.year - 1, 1, 1), date(day.year - 1, 12, 31), rule.kinds,
                               member=member).get(member, {})
        before = IncomeBefore(year=_income(year), withheld_year=year.get("retenido", ZERO),
                              month=_income(month), withheld_month=month.get("retenido", ZERO),
                              previous_year=_income(previous))
        withheld = withholding_at_intake(rule, uit, amount, before, uit_of(day.year - 1))
        return TicketWithholding(withheld, rule, rule.exempt_uit * uit, before.year,
                                 general_regime(before.previous_year, ceiling_of(rule, uit_of(day.year - 1))))

    def imported_tickets_due(self, session, tickets, codes: dict[int, str]) -> list[tuple[int, Problem]]:
        """The imported tickets the rule in force would withhold from: ``tickets`` are (row, day, member id,
        ticket, amount), not voided. An import records payments made as the file says, in bulk, and withholds
        nothing; so a ticket that takes its member's income from the cooperative in the year (what the book
        already holds for that year, and the file's tickets up to it, in date order) past the exempt
        threshold is refused with its row, to be recorded in Entregas, which withholds. Nothing is refused
        while the rule does not withhold at intake (tickets dated before it, in a book kept before it)."""
        rule = withholding_rule(self._book.clock.today())
        if not rule.at_intake or DELIVERIES not in rule.kinds or not tickets:
            return []
        known = max(row.value for row in UIT_TABLE)
        held: dict[int, dict[int, Decimal]] = {}
        running: dict[tuple[int, int], Decimal] = {}
        found = []
        for row, day, member, ticket, amount in sorted(tickets, key=lambda t: (t[1], t[3])):
            if day.year not in held:
                held[day.year] = {who: _income(by) for who, by in self.income(
                    session, date(day.year, 1, 1), date(day.year, 12, 31), rule.kinds).items()}
            key = (member, day.year)
            running[key] = running.get(key, held[day.year].get(member, ZERO)) + amount
            threshold = rule.exempt_uit * (uit_of(day.year) or known)
            if running[key] > threshold:
                found.append((row, Problem("ticket", N_(
                    "Con el ticket %(ticket)s, lo que el socio %(code)s recibe de la cooperativa en %(year)s llega a "
                    "%(income)s, más que el monto exento de la retención (%(uit)s UIT, %(threshold)s; Ley 31335): "
                    "hay que retenerle, y una importación no retiene. Quite esta fila del archivo y registre el "
                    "ticket en Entregas (o con «coopdesk deliveries add»), que calcula la retención."), {
                    "ticket": ticket, "code": codes.get(member, ""), "year": str(day.year),
                    "income": Soles(running[key]), "uit": f"{rule.exempt_uit.quantize(Decimal(1)) if rule.exempt_uit == rule.exempt_uit.to_integral_value() else rule.exempt_uit}",
                    "threshold": Soles(threshold)})))
        return sorted(found, key=lambda f: f[0])

    # -- the monthly report -------------------------------------------------------

    def month(self, year: int, month: int) -> WithholdingMonth:
        """Each member with income from the cooperative in the month, or a withholding: their base by kind, the
        year's income before the month, what the rule makes due, what was withheld, and the year's withholding."""
        if not (1900 <= year <= 9999 and 1 <= month <= 12):
            raise InvalidInput([Problem("month", N_("«%(month)s» no es un mes: escríbalo como 2026-11."),
                                        {"month": f"{year}-{month}"})])
        uit = uit_of(year)
        if uit is None:
            raise InvalidInput([Problem("month", N_(
                "No se conoce la UIT del año %(year)s: coopdesk aún no la tiene en su tabla."), {"year": str(year)})])
        today = self._book.clock.today()
        rule = withholding_rule(today)
        source = _source(today)
        start, end = date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        with self._book.read() as session:
            now = self.income(session, start, end, rule.kinds)
            before = self.income(session, date(year, 1, 1), date(year, month, 1) - _ONE_DAY, rule.kinds) \
                if month > 1 else {}
            previous = self.income(session, date(year - 1, 1, 1), date(year - 1, 12, 31), rule.kinds)
            people = {row.id: row for row in session.execute(
                select(Member.id, Member.code, Member.first_names, Member.last_names, Member.dni)
                .where(Member.id.in_(list(now))))} if now else {}
        threshold = rule.exempt_uit * uit
        ceiling = ceiling_of(rule, uit_of(year - 1))
        lines = []
        for member, by in now.items():
            person = people[member]
            prior = before.get(member, {})
            kinds = {kind: by.get(kind, ZERO) for kind in (DELIVERIES, REINTEGROS, EXCEDENTES)}
            month_income = sum(kinds.values(), ZERO)
            last_year = _income(previous.get(member, {}))
            lines.append(MemberMonth(
                person.code, list_name(person.first_names, person.last_names), person.dni,
                kinds[DELIVERIES], kinds[REINTEGROS], kinds[EXCEDENTES], _income(prior),
                withholding_of_month(rule, threshold, month_income, _income(prior), last_year, ceiling),
                by.get("retenido", ZERO), prior.get("retenido", ZERO) + by.get("retenido", ZERO),
                general_regime(last_year, ceiling), by.get(INTAKE_WITHHELD, ZERO)))
        lines.sort(key=lambda line: line.code)
        return WithholdingMonth(year, month, uit, threshold, ceiling, rule, source, tuple(lines))


_ONE_DAY = date(2000, 1, 2) - date(2000, 1, 1)


def _last(day: date) -> int:
    return calendar.monthrange(day.year, day.month)[1]


def _income(by: dict[str, Decimal]) -> Decimal:
    return sum((v for k, v in by.items() if k not in ("retenido", INTAKE_WITHHELD)), ZERO)


def _source(on: date) -> str:
    from coopdesk.domain.law import in_force
    from coopdesk.domain.withholding import WITHHOLDING

    return in_force(WITHHOLDING, on).source


# the report's amounts, in the order of its columns (the sheet's and the PDF's)
MONTH_AMOUNTS = ("deliveries", "reintegros", "excedentes", "income", "year_to_date", "due", "withheld_intake",
                 "withheld", "not_withheld", "withheld_year")


def month_headers() -> list[str]:
    from coopdesk.i18n import _

    return [_("Código"), _("Socio"), _("DNI"), _("Entregas"), _("Reintegros"), _("Excedentes"), _("Ingreso del mes"),
            _("Acumulado del año"), _("Retención según la regla"), _("Retenido en entregas"), _("Retenido"),
            _("Sin retener"),
            _("Retenido en el año"), _("Régimen general")]


def month_rows(report: WithholdingMonth) -> list[list]:
    """The report's lines as the sheet's rows (amounts as Money), and a row of totals."""
    from coopdesk.core.sheets import Money
    from coopdesk.i18n import _

    rows = [[line.code, line.name, line.dni, *(Money(getattr(line, name)) for name in MONTH_AMOUNTS),
             _("sí") if line.general_regime else _("no")] for line in report.lines]
    rows.append([_("Total"), "", "", *(Money(report.total(name)) for name in MONTH_AMOUNTS), ""])
    return rows


def write_month_xlsx(report: WithholdingMonth, path) -> int:
    """The monthly report as an XLSX (or CSV, by the file's extension), written whole or not at all."""
    from coopdesk.core.sheets import write_file

    return write_file(path, month_headers(), month_rows(report), title="Retenciones")
