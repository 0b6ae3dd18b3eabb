"""``book.bulletin``: the figures of the «Boletín mensual» to members and of the
quarterly «Asamblea» pack (issue 15, items 6 and 7).

Every figure comes from the core function that already computes it, so the
papers say what «Inicio», the ledger and the members' statements say:

- kilos and prices paid by product in a month: ``Season._kilos`` (the home
  screen's one ``GROUP BY`` over the tickets not voided) of each campaign that
  touches the month, and ``PricePaid.per_kg``; the same month a year before
  likewise;
- Caja and the banks on the month's last day (or today, if earlier): the
  ledger's balances (``Ledger._balances`` with ``domain.cash.is_money_account``,
  as «Inicio» reads them);
- the cooperative's sales in the month: ``Sales.list`` (voided ones left out);
- the Fairtrade Premium fund (46993): the entries that moved it in the month
  (``Ledger.entries``), what came in and what went out with each entry's
  description, and its balance (``Ledger.credit_balance``);
- each member's slip: kilos and amount of their tickets in the month less the
  withholding (what they were paid for them), and what they owe on the month's
  last day (``Accounts.owed_by_member``, summed as ``Balances.total_owed``).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, func, select, type_coerce

from coopdesk.core.errors import InvalidInput, N_, Problem
from coopdesk.core.season import MoneyAccount, PricePaid, ProductMonth, Season
from coopdesk.db.models import Delivery, Member, Zone
from coopdesk.domain.accounts import Concept
from coopdesk.domain.cash import is_money_account
from coopdesk.domain.money import ZERO
from coopdesk.domain.postings import PREMIUM_FUND

if TYPE_CHECKING:
    from coopdesk.core.book import Book
    from coopdesk.core.participation import EventRow
    from coopdesk.domain.distribution.model import DistributionResult


def _int(sum_):
    return type_coerce(sum_, BigInteger)


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_month(text: str) -> tuple[int, int]:
    """«2026-11» as (2026, 11); InvalidInput otherwise."""
    year, _sep, month = (text or "").strip().partition("-")
    if year.isdigit() and month.isdigit() and len(year) == 4 and 1 <= int(month) <= 12:
        return int(year), int(month)
    raise InvalidInput([Problem("month", N_("Escriba el mes como año-mes, por ejemplo 2026-11 (no «%(text)s»)."),
                                {"text": text})])


def parse_quarter(text: str) -> tuple[int, int]:
    """«2026-T4» (or «2026-4») as (2026, 4); InvalidInput otherwise."""
    year, _sep, quarter = (text or "").strip().upper().partition("-")
    quarter = quarter.removeprefix("T").removeprefix("Q")
    if year.isdigit() and len(year) == 4 and quarter in ("1", "2", "3", "4"):
        return int(year), int(quarter)
    raise InvalidInput([Problem("quarter", N_("Escriba el trimestre como año-T y su número, por ejemplo 2026-T4 "
                                              "(no «%(text)s»)."), {"text": text})])


@dataclass(frozen=True)
class ProductLine:
    """One product's month against the same month a year before."""

    product: str
    name: str
    now: PricePaid  # this month: tickets, paid kilos, amount, per_kg
    net_kg: Decimal
    before: PricePaid | None  # the same month a year before, if it had tickets
    before_net_kg: Decimal


@dataclass(frozen=True)
class FundMove:
    date: date
    entry: str  # «2026-000012»
    description: str
    amount_in: Decimal
    amount_out: Decimal


@dataclass(frozen=True)
class Slip:
    """A member's part of the bulletin."""

    code: str
    name: str
    dni: str
    zone: str
    tickets: int
    net_kg: Decimal
    amount: Decimal  # what the month's tickets are worth
    withheld: Decimal  # income tax withheld from them
    owed: Decimal  # what the member owes on the month's last day (``Balances.total_owed``)

    @property
    def paid(self) -> Decimal:
        return self.amount - self.withheld


@dataclass(frozen=True)
class MonthFigures:
    year: int
    month: int
    as_of: date  # the month's last day, or today if earlier
    products: tuple[ProductLine, ...]
    sales: int  # how many sales (not voided)
    sales_kg: Decimal
    sales_total: Decimal  # in soles: price, premium and differential
    money: tuple[MoneyAccount, ...]
    premium_moves: tuple[FundMove, ...]
    premium_balance: Decimal

    @property
    def net_kg(self) -> Decimal:
        return sum((p.net_kg for p in self.products), ZERO)

    @property
    def paid_total(self) -> Decimal:
        return sum((p.now.amount for p in self.products), ZERO)

    @property
    def money_total(self) -> Decimal:
        return sum((a.balance for a in self.money), ZERO)

    @property
    def premium_in(self) -> Decimal:
        return sum((m.amount_in for m in self.premium_moves), ZERO)

    @property
    def premium_out(self) -> Decimal:
        return sum((m.amount_out for m in self.premium_moves), ZERO)


@dataclass(frozen=True)
class BulletinData:
    figures: MonthFigures
    decisions: str  # typed by the treasurer
    next_assembly: str  # typed, or the first assembly recorded after the month
    slips: tuple[Slip, ...]  # by member code; empty unless asked for


@dataclass(frozen=True)
class PadronLine:
    code: str
    name: str
    dni: str
    zone: str
    attended: int  # of the quarter's assemblies and faenas


@dataclass(frozen=True)
class AssemblyData:
    year: int
    quarter: int
    months: tuple[MonthFigures, ...]
    events: "tuple[EventRow, ...]"  # the quarter's assemblies and faenas
    padron: tuple[PadronLine, ...]  # active members by code

    @property
    def net_kg(self) -> Decimal:
        return sum((m.net_kg for m in self.months), ZERO)

    @property
    def paid_total(self) -> Decimal:
        return sum((m.paid_total for m in self.months), ZERO)

    @property
    def sales_total(self) -> Decimal:
        return sum((m.sales_total for m in self.months), ZERO)

    @property
    def premium_in(self) -> Decimal:
        return sum((m.premium_in for m in self.months), ZERO)

    @property
    def premium_out(self) -> Decimal:
        return sum((m.premium_out for m in self.months), ZERO)


class Bulletin:
    def __init__(self, book: "Book"):
        self._book = book

    # -- the month's figures ------------------------------------------------------------------

    def _month_kilos(self, session, year: int, month: int, today: date) -> dict[str, ProductMonth]:
        """Each product's ``ProductMonth`` in a month, over every campaign that touches it."""
        start, end = date(year, month, 1), month_end(year, month)
        out: dict[str, ProductMonth] = {}
        for campaign in self._book.campaigns.list():
            if campaign.start_date > end or campaign.end_date < start:
                continue
            kilos, _month, _prices = Season._kilos(session, campaign, max(today, end))
            for k in kilos:
                if (k.year, k.month) != (year, month):
                    continue
                was = out.get(k.product)
                out[k.product] = k if was is None else ProductMonth(
                    k.product, k.name, year, month, was.tickets + k.tickets, was.net_kg + k.net_kg,
                    was.paid_kg + k.paid_kg, was.amount + k.amount)
        return out

    def month(self, year: int, month: int) -> MonthFigures:
        book = self._book
        today = book.clock.today()
        if date(year, month, 1) > today:
            raise InvalidInput([Problem("month", N_("El mes %(month)s todavía no empieza."),
                                        {"month": f"{year}-{month:02d}"})])
        start, end = date(year, month, 1), month_end(year, month)
        as_of = min(end, today)
        with book.read() as session:
            now = self._month_kilos(session, year, month, today)
            before = self._month_kilos(session, year - 1, month, today)
            money = tuple(MoneyAccount(a.code, a.name, a.balance)
                          for a in book.ledger._balances(session, None, as_of) if is_money_account(a.code))
        products = tuple(
            ProductLine(code, k.name, PricePaid(code, k.name, k.tickets, k.paid_kg, k.amount), k.net_kg,
                        PricePaid(code, k.name, before[code].tickets, before[code].paid_kg, before[code].amount)
                        if code in before else None,
                        before[code].net_kg if code in before else ZERO)
            for code, k in sorted(now.items()))
        # a product delivered a year before but not this month still shows, at zero
        products += tuple(
            ProductLine(code, k.name, PricePaid(code, k.name, 0, ZERO, ZERO), ZERO,
                        PricePaid(code, k.name, k.tickets, k.paid_kg, k.amount), k.net_kg)
            for code, k in sorted(before.items()) if code not in now)
        sales = [s for s in book.sales.list(start, end) if not s.voided]
        moves = []
        for e in book.ledger.entries(PREMIUM_FUND, start, as_of):
            credit = sum((line.credit for line in e.lines if line.account == PREMIUM_FUND), ZERO)
            debit = sum((line.debit for line in e.lines if line.account == PREMIUM_FUND), ZERO)
            net = credit - debit
            moves.append(FundMove(e.date, e.number, e.description, max(net, ZERO), max(-net, ZERO)))
        return MonthFigures(
            year, month, as_of, products, len(sales), sum((s.kg for s in sales), ZERO),
            sum((s.total_pen for s in sales), ZERO),
            money, tuple(moves), book.ledger.credit_balance(PREMIUM_FUND, as_of))

    # -- the bulletin ------------------------------------------------------------------------

    def next_assembly(self, after: date) -> str:
        """The first assembly recorded after ``after`` («12/01/2027 – Asamblea general»), or ""."""
        for event in self._book.participation.events(start=after):
            if event.kind == "asamblea" and event.date > after:
                return f"{event.date:%d/%m/%Y} – {event.description}".rstrip(" –")
        return ""

    def monthly(self, year: int, month: int, decisions: str = "", next_assembly: str = "",
                slips: bool = False, members: tuple[str, ...] | None = None) -> BulletinData:
        figures = self.month(year, month)
        assembly = next_assembly.strip() or self.next_assembly(figures.as_of)
        return BulletinData(figures, decisions.strip(), assembly,
                            self.slips(year, month, members) if slips else ())

    def slips(self, year: int, month: int, members: tuple[str, ...] | None = None) -> tuple[Slip, ...]:
        """Every active member's slip (or those with these codes), by code."""
        from coopdesk.core.accounts import Accounts

        start, end = date(year, month, 1), month_end(year, month)
        as_of = min(end, self._book.clock.today())
        d = Delivery.__table__.c
        delivered = (select(d.member_id, func.count(), _int(func.sum(d.net_g)), _int(func.sum(d.amount_cents)),
                            _int(func.sum(d.withheld_cents)))
                     .where(d.date >= start, d.date <= end, d.voided_at.is_(None)).group_by(d.member_id))
        query = (select(Member.id, Member.code, Member.last_names, Member.first_names, Member.dni, Zone.name)
                 .join(Zone, Zone.id == Member.zone_id).order_by(Member.code))
        if members is not None:
            query = query.where(Member.code.in_(list(members)))
        else:
            query = query.where(Member.status == "activo")
        with self._book.read() as session:
            by_member = {m: row for m, *row in session.execute(delivered)}
            concepts = [c.value for c in Concept]
            # ``Balances.total_owed``: what is owed on each concept, a balance in the member's favour as nothing;
            # worked out for the few members with movements, once
            owed = {member: sum((max(balances.get(c, ZERO), ZERO) for c in concepts), ZERO)
                    for member, balances in Accounts.owed_by_member(session, as_of).items()}
            nothing = (0, Decimal(0).scaleb(-3), Decimal(0).scaleb(-2), Decimal(0).scaleb(-2))
            out = []
            for member_id, code, last, first, dni, zone in session.execute(query):
                figures = by_member.get(member_id)
                if figures is None:  # no tickets in the month: the same zeros for every such member
                    tickets, net_kg, amount, withheld = nothing
                else:
                    tickets, net_g, cents, withheld_cents = figures
                    tickets, net_kg, amount, withheld = (int(tickets), Decimal(int(net_g)).scaleb(-3),
                                                         Decimal(int(cents)).scaleb(-2),
                                                         Decimal(int(withheld_cents)).scaleb(-2))
                out.append(Slip(code, f"{last}, {first}", dni, zone, tickets, net_kg, amount, withheld,
                                owed.get(member_id, ZERO)))
        return tuple(out)

    # -- the assembly ------------------------------------------------------------------------

    def quarter(self, year: int, quarter: int) -> AssemblyData:
        today = self._book.clock.today()
        first = 3 * (quarter - 1) + 1
        if date(year, first, 1) > today:
            raise InvalidInput([Problem("quarter", N_("El trimestre %(quarter)s todavía no empieza."),
                                        {"quarter": f"{year}-T{quarter}"})])
        months = tuple(self.month(year, m) for m in range(first, first + 3) if date(year, m, 1) <= today)
        start, end = date(year, first, 1), month_end(year, first + 2)
        events = tuple(self._book.participation.events(start, end))
        from coopdesk.db.models import Attendance, ParticipationEvent

        a, e = Attendance.__table__.c, ParticipationEvent.__table__.c
        attended = (select(a.member_id, func.count()).join_from(Attendance.__table__, ParticipationEvent.__table__,
                                                                a.event_id == e.id)
                    .where(e.date >= start, e.date <= end).group_by(a.member_id))
        query = (select(Member.id, Member.code, Member.last_names, Member.first_names, Member.dni, Zone.name)
                 .join(Zone, Zone.id == Member.zone_id).where(Member.status == "activo").order_by(Member.code))
        with self._book.read() as session:
            counts = dict(session.execute(attended).all())
            padron = tuple(PadronLine(code, f"{last}, {first_}", dni, zone, int(counts.get(member_id, 0)))
                           for member_id, code, last, first_, dni, zone in session.execute(query))
        return AssemblyData(year, quarter, months, events, padron)

    # -- the criteria proposals --------------------------------------------------------------

    def proposals(self, named: "list[tuple[str, DistributionResult]]"):
        """Each proposal's name and fairness figures (``compare.Summary`` over the
        members' gross amounts, as the compare view reads them), and the two side by
        side (``Distributions.compare``) when there are exactly two."""
        from coopdesk.domain.distribution.compare import summarize

        summaries = [(name, summarize({p.code: p.gross for p in result.payouts.values()})) for name, result in named]
        comparison = self._book.distributions.compare(named[0][1], named[1][1]) if len(named) == 2 else None
        return summaries, comparison
