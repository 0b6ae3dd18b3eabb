"""``book.season``: where the season stands, for the «Inicio» screen (issue 14, item 1).

One call, ``book.season.overview()``, gathers every figure the home screen shows,
each from an aggregate SQL query (the demo has 50,000 members and 1,000,000
deliveries at full size), as Decimals the GUI only formats:

- the kilos delivered in the current campaign by product and month (net kilos of
  the tickets not voided), from one ``GROUP BY`` over the deliveries, which gives
  also the prices paid: the amount of the tickets over their paid kilos (the net
  less the humidity discount), per product, in the latest month with deliveries
  up to today (this month, once it has its first ticket);
- Caja and each bank (PCGE 101 and 104…, ``domain.cash``) on today, from the
  ledger's balances (``Ledger._balances``, as the monthly «cierre» reads them);
- what members owe by concept (adelantos, préstamos with their interest due,
  insumos, aportaciones): the sum of each member's positive balance, as their
  statements say (``Accounts.owed_totals``);
- the distribution: the campaign's latest run that was not replaced, with how
  many of those with something to receive were paid (``Distributions.get``);
- what is pending, each with what it needs to be done (``Task``): a draft run to
  approve, an approved run to publish, members of the latest published run to
  pay, the earliest month that has ended and is still open, a backup when none
  was made today, this month's withholding report, the members' bulletin of the
  month that ended;
- the newest backup (``Backups.status``) and the audit trail's head
  (``audit_heads.current``) when there are any.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, func, select, type_coerce

from coopdesk.core.dto import CampaignRow
from coopdesk.db.models import Delivery, DistributionRun, LedgerPeriod, Member, PriceEntryRow, Product
from coopdesk.domain.accounts import Concept
from coopdesk.domain.cash import is_money_account
from coopdesk.domain.catalog import RunStatus
from coopdesk.domain.money import CENTIMO, ZERO

if TYPE_CHECKING:  # the screen imports this module as the window opens: the rest when the figures are read
    from coopdesk.core.audit_heads import Head
    from coopdesk.core.backups import BackupStatus
    from coopdesk.core.book import Book
    from coopdesk.core.distributions import RunRow

# what the pending tasks are (``Task.kind``): the GUI says each in words and knows where it is done
APPROVE, PUBLISH, PAY, CLOSE_MONTH, BACKUP, WITHHOLDING = (
    "aprobar", "publicar", "pagar", "cerrar_mes", "respaldar", "retenciones")
BULLETIN = "boletin"  # the members' bulletin of the month that ended (``year``/``month``; core/bulletin.py)
# a new book's first steps, shown first until each is done: members, then advance prices
ADD_MEMBERS, SET_PRICES = "socios", "precios"
OWED_CONCEPTS = (Concept.LOANS.value, Concept.ADVANCES.value, Concept.INPUTS.value, Concept.SHARES.value)


def _int(sum_):
    return type_coerce(sum_, BigInteger)


def _soles(cents) -> Decimal:
    return Decimal(int(cents or 0)).scaleb(-2)


def _kg(grams) -> Decimal:
    return Decimal(int(grams or 0)).scaleb(-3)


@dataclass(frozen=True)
class ProductMonth:
    """The tickets of one product in one month of the campaign (voided ones left out)."""

    product: str  # its code
    name: str
    year: int
    month: int
    tickets: int
    net_kg: Decimal
    paid_kg: Decimal  # net less the humidity discount: the kilos the amount pays
    amount: Decimal


@dataclass(frozen=True)
class PricePaid:
    """What a product was paid in a month on average: ``amount / paid_kg``, to the céntimo (half up)."""

    product: str
    name: str
    tickets: int
    paid_kg: Decimal
    amount: Decimal

    @property
    def per_kg(self) -> Decimal:
        return CENTIMO(self.amount / self.paid_kg) if self.paid_kg else ZERO


@dataclass(frozen=True)
class MoneyAccount:
    code: str
    name: str
    balance: Decimal


@dataclass(frozen=True)
class Owed:
    concept: str  # Concept
    amount: Decimal
    members: int  # how many members owe something on it


@dataclass(frozen=True)
class Task:
    """Something pending. ``kind`` says what (APPROVE, PUBLISH, PAY: ``run`` is the
    run's number; CLOSE_MONTH: ``year``/``month``, ``count`` months ended and open;
    BACKUP: ``count`` days since the last one, None if never; WITHHOLDING: ``year``/``month``)."""

    kind: str
    run: int | None = None
    year: int | None = None
    month: int | None = None
    count: int | None = None


@dataclass(frozen=True)
class SeasonOverview:
    today: date
    campaign: CampaignRow | None
    kilos: tuple[ProductMonth, ...]  # by month, then product code
    prices_month: tuple[int, int] | None  # (year, month) of ``prices``: the latest with deliveries up to today
    prices: tuple[PricePaid, ...]
    money: tuple[MoneyAccount, ...]  # Caja and each bank that has moved
    owed: tuple[Owed, ...]  # in OWED_CONCEPTS order
    run: "RunRow | None"  # the campaign's distribution: its latest run that was not replaced
    tasks: tuple[Task, ...]
    backup: "BackupStatus"
    head: "Head | None"

    @property
    def net_kg(self) -> Decimal:
        return sum((k.net_kg for k in self.kilos), ZERO)

    @property
    def money_total(self) -> Decimal:
        return sum((a.balance for a in self.money), ZERO)

    @property
    def owed_total(self) -> Decimal:
        return sum((o.amount for o in self.owed), ZERO)

    def task(self, kind: str) -> Task | None:
        return next((t for t in self.tasks if t.kind == kind), None)


def kilos_query(campaign_id: int):
    """The campaign's tickets not voided by product and day: count, net and paid grams,
    céntimos. By day, not month: no date function per row, and portable (SQLite and
    PostgreSQL); the few hundred rows are added into months in Python."""
    d = Delivery.__table__.c
    return (select(d.product_id, d.date, func.count(), _int(func.sum(d.net_g)), _int(func.sum(d.payable_g)),
                   _int(func.sum(d.amount_cents)))
            .where(d.campaign_id == campaign_id, d.voided_at.is_(None)).group_by(d.product_id, d.date))


def months_to_close(session, today: date) -> list[tuple[int, int]]:
    """The months with entries that have ended and are still open, earliest first
    (closed in order, ``Ledger.close``)."""
    from coopdesk.core.ledger import CLOSED

    first_of_month = date(today.year, today.month, 1)
    p = LedgerPeriod.__table__.c
    rows = session.execute(select(p.year, p.month).where(p.status != CLOSED).order_by(p.year, p.month)).all()
    return [(y, m) for y, m in rows if date(y, m, 1) < first_of_month]


class Season:
    def __init__(self, book: "Book"):
        self._book = book

    def overview(self, campaign_code: str | None = None) -> SeasonOverview:
        """Every figure of «Inicio» as of the book's today (see the module's doc)."""
        from coopdesk.core.audit_heads import current

        book = self._book
        today = book.clock.today()
        campaign = book.campaigns.get(campaign_code) if campaign_code is not None else book.campaigns.current()
        with book.read() as session:
            kilos, prices_month, prices = self._kilos(session, campaign, today)
            money = tuple(MoneyAccount(a.code, a.name, a.balance)
                          for a in book.ledger._balances(session, None, today) if is_money_account(a.code))
            totals = book.accounts.owed_totals(session, today)
            owed = tuple(Owed(c_, *totals.get(c_, (ZERO, 0))) for c_ in OWED_CONCEPTS)
            r = DistributionRun.__table__.c
            runs = session.execute(select(r.number, r.status).where(
                r.campaign_id == (campaign.id if campaign is not None else None),
                r.status != RunStatus.SUPERSEDED).order_by(r.number.desc())).all()
            to_close = months_to_close(session, today)
            head = current(session.connection())
            first_steps = []  # two indexed EXISTS: nothing to count on a full book
            if session.scalar(select(Member.id).limit(1)) is None:
                first_steps.append(Task(ADD_MEMBERS))
            if (session.scalar(select(PriceEntryRow.id).limit(1)) is None
                    and session.scalar(select(Delivery.id).limit(1)) is None):  # prices typed on each ticket
                first_steps.append(Task(SET_PRICES))
        run = book.distributions.get(runs[0].number) if runs else None
        # the members still to be paid are those of the latest published run, even with a newer draft
        published = next((number for number, status in runs if status == RunStatus.PUBLISHED), None)
        paying = run if run is not None and run.number == published else \
            book.distributions.get(published) if published is not None else None
        backup = book.backups.status()
        return SeasonOverview(today, campaign, kilos, prices_month, prices, money, owed, run,
                              tuple(first_steps) + self._tasks(today, runs, paying, to_close, backup), backup, head)

    @staticmethod
    def _kilos(session, campaign: CampaignRow | None, today: date):
        if campaign is None:
            return (), None, ()
        names = {pid: (code, name) for pid, code, name in session.execute(
            select(Product.id, Product.code, Product.name))}
        months: dict[tuple[int, int, int], list] = {}
        for product_id, day, tickets, net_g, paid_g, cents in session.execute(kilos_query(campaign.id)):
            key = (day.year, day.month, product_id)
            figures = months.setdefault(key, [0, 0, 0, 0])
            figures[0] += tickets
            figures[1] += int(net_g)
            figures[2] += int(paid_g)
            figures[3] += int(cents)
        kilos = tuple(ProductMonth(names[pid][0], names[pid][1], y, m, t, _kg(net), _kg(paid), _soles(cents))
                      for (y, m, pid), (t, net, paid, cents) in sorted(
                          months.items(), key=lambda item: (item[0][0], item[0][1], names[item[0][2]][0])))
        delivered = [(y, m) for y, m, _p in months if (y, m) <= (today.year, today.month)]
        if not delivered:
            return kilos, None, ()
        latest = max(delivered)
        prices = tuple(PricePaid(k.product, k.name, k.tickets, k.paid_kg, k.amount)
                       for k in kilos if (k.year, k.month) == latest)
        return kilos, latest, prices

    @staticmethod
    def _tasks(today: date, runs, paying: "RunRow | None", to_close: list[tuple[int, int]],
               backup: "BackupStatus") -> tuple[Task, ...]:
        tasks = []
        draft = next((number for number, status in runs if status == RunStatus.DRAFT), None)
        if draft is not None:
            tasks.append(Task(APPROVE, run=draft))
        approved = next((number for number, status in runs if status == RunStatus.APPROVED), None)
        if approved is not None:
            tasks.append(Task(PUBLISH, run=approved))
        if paying is not None and paying.paid_members < paying.to_pay:
            tasks.append(Task(PAY, run=paying.number, count=paying.to_pay - paying.paid_members))
        if to_close:
            tasks.append(Task(CLOSE_MONTH, year=to_close[0][0], month=to_close[0][1], count=len(to_close)))
        if backup.latest is None or backup.days_ago is None or backup.days_ago >= 1:
            tasks.append(Task(BACKUP, count=backup.days_ago))
        tasks.append(Task(WITHHOLDING, year=today.year, month=today.month))
        ended = date(today.year, today.month, 1) - timedelta(days=1)
        tasks.append(Task(BULLETIN, year=ended.year, month=ended.month))
        return tuple(tasks)
