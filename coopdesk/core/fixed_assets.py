"""``book.assets``: the register of fixed assets (activo fijo) and their monthly
depreciation (docs/fixed_assets.md).

- ``add``: an asset on an account of 33, linked to the entry that bought it (an
  expense, a manual or the opening entry, by its number) or buying it with its own
  entry (debe 33x, haber caja, banco or proveedores). Never edited: ``void`` takes
  out an asset registered by mistake (its own entry reversed), before any
  depreciation or baja.
- ``depreciate``: one entry for the month, dated its last day: debe 6814x, haber
  3913x, per group of accounts, each asset at the SUNAT maximum rate in force
  (``domain.fixed_assets.RATES``). A month is never depreciated twice for an asset,
  nor in a closed period, nor after the asset is fully depreciated or given de baja;
  the months go in order.
- ``retire``: the baja, a dated entry: the accumulated depreciation (debe 3913x) and
  the net value (debe 65513) against the asset's cost (haber 33x).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, func, select, type_coerce

from coopdesk.core.dto import Changes
from coopdesk.core.errors import InvalidInput, N_, NotFound, Problem
from coopdesk.core.ledger import last_closed
from coopdesk.db.models import AssetDepreciation, FixedAsset, JournalEntry, JournalLine, LedgerAccount
from coopdesk.domain import fixed_assets as F
from coopdesk.domain import limits, roles
from coopdesk.domain import postings as P
from coopdesk.domain.ledger import EntryInput, Kind, LineInput, period_code
from coopdesk.domain.money import ZERO
from coopdesk.i18n import _

if TYPE_CHECKING:
    from coopdesk.core.book import Book


STATUSES = F.STATUSES


@dataclass(frozen=True)
class AssetRow:
    id: int
    code: str
    description: str
    account: str
    account_name: str
    category: str
    acquired_on: date
    cost: Decimal
    prior: Decimal            # depreciation accumulated before coopdesk
    start: F.Month            # the first month depreciated
    percent: Decimal          # the maximum rate in force today
    quota: Decimal            # cost × rate / 12, rounded down
    accumulated: Decimal      # prior plus every month posted
    entry_number: str         # the purchase's entry
    last_month: str           # the last month posted («2026-11»), "" for none
    retired_on: date | None
    retirement_number: str
    retirement_reason: str
    voided: bool
    void_reason: str
    reference: str = ""

    @property
    def book_value(self) -> Decimal:
        return self.cost - self.accumulated

    @property
    def status(self) -> str:
        """The asset's state, a message id: anulado, de baja, depreciado, en uso."""
        if self.voided:
            return N_("anulado")
        if self.retired_on is not None:
            return N_("de baja")
        if self.accumulated >= self.cost:
            return N_("depreciado")
        return N_("en uso")


@dataclass(frozen=True)
class AssetSchedule:
    asset: AssetRow
    rows: tuple[F.ScheduleRow, ...]

    @property
    def total(self) -> Decimal:
        return sum((r.amount for r in self.rows), ZERO)


@dataclass(frozen=True)
class MonthDepreciation:
    """What ``depreciate`` posts (or posted) for a month: (asset code, description, amount) and the entry."""

    year: int
    month: int
    lines: tuple[tuple[str, str, Decimal], ...]
    entry_id: int | None = None

    @property
    def total(self) -> Decimal:
        return sum((amount for *_x, amount in self.lines), ZERO)


def _number(entry: JournalEntry | None) -> str:
    return f"{entry.year}-{entry.number:06d}" if entry is not None else ""


def _cents(column):
    return type_coerce(func.coalesce(func.sum(column), 0), BigInteger)


def _open_account(session, code: str, name: str, kind: str = Kind.ASSET) -> None:
    if session.scalar(select(LedgerAccount.id).where(LedgerAccount.code == code)) is None:
        session.add(LedgerAccount(code=code, name=name, kind=kind, member_ledger=False))
        session.flush()


def _open_group(session, account: str) -> tuple[str, str]:
    expense, accumulated = F.group_of(account)
    _open_account(session, expense, F.DEPRECIATION_ACCOUNTS[expense], Kind.EXPENSE)
    _open_account(session, accumulated, F.DEPRECIATION_ACCOUNTS[accumulated], Kind.ASSET)
    return expense, accumulated


def _month_problem(year: int, month: int) -> list[Problem]:
    if not (1900 <= year <= 9999 and 1 <= month <= 12):
        return [Problem("month", N_("«%(month)s» no es un mes: escríbalo como 2026-11."),
                        {"month": f"{year}-{month}"})]
    return []


class FixedAssets:
    def __init__(self, book: "Book"):
        self._book = book

    # -- the register ------------------------------------------------------------------

    def add(self, data: F.AssetInput) -> int:
        """Register an asset; its id. Every problem at once; nothing written if any."""
        problems = F.check_asset(data, self._book.clock.today())
        code, account = data.code.strip(), data.account.strip()
        category = data.category or F.default_category(account)
        with self._book.write(roles.POST_ENTRY) as session:
            if code and session.scalar(select(FixedAsset.id).where(FixedAsset.code == code)) is not None:
                problems.append(Problem("code", N_("Ya existe el activo %(code)s."), {"code": code}))
            kind = session.scalar(select(LedgerAccount.kind).where(LedgerAccount.code == account))
            if not any(p.field == "account" for p in problems):
                if kind is None and account not in F.ASSET_ACCOUNTS:
                    problems.append(Problem("account", N_(
                        "No existe la cuenta %(account)s: créela primero en el plan de cuentas (de activo), o use "
                        "una del PCGE como 3361."), {"account": account}))
                elif kind is not None and kind != Kind.ASSET:
                    problems.append(Problem("account", N_("La cuenta %(account)s no es de activo."),
                                            {"account": account}))
            entry = None
            if data.entry.strip():
                entry, more = self._purchase_entry(session, data.entry.strip(), account, data.cost)
                problems += more
            else:
                paid_from = data.paid_from.strip()
                money = self._book.banks.money_accounts(session)
                if paid_from and paid_from != P.SUPPLIERS and paid_from not in money:
                    problems.append(Problem("paid_from", N_(
                        "Elija con qué se pagó: caja (101), banco (1041 o su subcuenta) o queda por pagar al "
                        "proveedor (4212).")))
                elif money.get(paid_from) not in (None, "PEN"):
                    problems.append(Problem("paid_from", N_(
                        "La cuenta %(account)s es en dólares: registre la compra con un asiento y enlácelo con su "
                        "número."), {"account": paid_from}))
            if data.acquired_on is not None and not data.entry.strip():
                problems += self._book.ledger.check_open(session, data.acquired_on)
            start = data.start or data.acquired_on
            closed = last_closed(session)
            if start is not None and closed is not None and (start.year, start.month) <= tuple(closed) and \
                    not any(p.field == "date" for p in problems):
                first = F.next_month(tuple(closed))
                problems.append(Problem("start", N_(
                    "La depreciación no puede empezar en %(period)s: ese periodo está cerrado. Escriba como "
                    "depreciación acumulada anterior la que tenía al cierre y empiece en %(first)s."),
                    {"period": period_code(start.year, start.month), "first": period_code(*first)}))
            if problems:
                raise InvalidInput(problems)
            if kind is None:
                _open_account(session, account, F.ASSET_ACCOUNTS[account])
            _open_group(session, account)
            who, now = self._book.user, self._book.clock.now()
            asset = FixedAsset(code=code, description=data.description.strip(), account=account, category=category,
                               acquired_on=data.acquired_on, cost=data.cost, prior=data.prior,
                               start_year=start.year, start_month=start.month, reference=data.reference.strip(),
                               entry_id=entry.id if entry is not None else None, own_entry=entry is None,
                               created_at=now, created_by=who, retirement_reason="", void_reason="")
            if entry is None:  # the register buys it: its own entry, in the same transaction
                session.add(asset)
                session.flush()
                text = f"Compra de activo fijo {code}: {data.description.strip()}"[:limits.DESCRIPTION]
                posted = self._book.ledger.post_in(session, EntryInput(data.acquired_on, text, (
                    LineInput(account, debit=data.cost, description=text),
                    LineInput(data.paid_from.strip(), credit=data.cost, description=text)),
                    data.reference.strip() or f"AF-{code}"), P.ASSET_PURCHASE, asset.id, who)
                asset.entry_id = posted.id
            else:
                session.add(asset)
            session.flush()
            return asset.id

    @staticmethod
    def _purchase_entry(session, number: str, account: str, cost) -> tuple[JournalEntry | None, list[Problem]]:
        """The entry that bought the asset: it exists, stands (not reversed, not a reversal), and
        debits the asset's account by at least this cost and the other assets linked to it."""
        year, _sep, serial = number.partition("-")
        entry = session.scalars(select(JournalEntry).where(JournalEntry.year == int(year),
                                                           JournalEntry.number == int(serial))).first() \
            if year.isdigit() and serial.isdigit() else None
        if entry is None:
            return None, [Problem("entry", N_("No existe el asiento %(number)s."), {"number": number})]
        reversed_ = session.scalar(select(JournalEntry.id).where(JournalEntry.reverses_id == entry.id))
        if reversed_ is not None or entry.reverses_id is not None:
            return None, [Problem("entry", N_("El asiento %(number)s fue revertido o es una reversión."),
                                  {"number": number})]
        line, asset = JournalLine.__table__.c, FixedAsset.__table__.c
        debit = session.scalar(select(_cents(line.debit_cents))
                               .join(LedgerAccount, LedgerAccount.id == line.account_id)
                               .where(line.entry_id == entry.id, LedgerAccount.code == account))
        linked = session.scalar(select(_cents(asset.cost_cents)).where(
            FixedAsset.entry_id == entry.id, FixedAsset.account == account, FixedAsset.voided_at.is_(None)))
        room = Decimal(int(debit or 0) - int(linked or 0)).scaleb(-2)
        if cost is not None and cost.is_finite() and cost > room:
            return None, [Problem("entry", N_(
                "El asiento %(number)s carga S/ %(room)s a la cuenta %(account)s (sin contar otros activos ya "
                "enlazados a él): no alcanza para un costo de S/ %(cost)s."),
                {"number": number, "room": max(room, ZERO), "account": account, "cost": cost})]
        return entry, []

    def find(self, code: str) -> int:
        with self._book.read() as session:
            found = session.scalar(select(FixedAsset.id).where(FixedAsset.code == (code or "").strip()))
        if found is None:
            raise NotFound(N_("No existe el activo %(code)s."), code=code)
        return found

    def list(self, include_voided: bool = False) -> list[AssetRow]:
        with self._book.read() as session:
            return self._rows(session, include_voided=include_voided)

    def get(self, asset_id: int) -> AssetRow:
        with self._book.read() as session:
            rows = self._rows(session, asset_id, include_voided=True)
        if not rows:
            raise NotFound(N_("No existe el activo %(code)s."), code=asset_id)
        return rows[0]

    def _rows(self, session, asset_id: int | None = None, include_voided: bool = False) -> list[AssetRow]:
        query = select(FixedAsset).order_by(FixedAsset.code)
        if asset_id is not None:
            query = query.where(FixedAsset.id == asset_id)
        elif not include_voided:
            query = query.where(FixedAsset.voided_at.is_(None))
        assets = session.scalars(query).all()
        d = AssetDepreciation.__table__.c
        sums = {a: (Decimal(int(c)).scaleb(-2), y, m) for a, c, y, m in session.execute(
            select(d.asset_id, _cents(d.amount_cents),
                   func.max(d.year * 100 + d.month), func.count())
            .group_by(d.asset_id)).all()} if assets else {}
        names = dict(session.execute(select(LedgerAccount.code, LedgerAccount.name)).all())
        entries = {e.id: e for e in session.scalars(select(JournalEntry).where(JournalEntry.id.in_(
            [a.entry_id for a in assets] + [a.retirement_entry_id for a in assets if a.retirement_entry_id])))}
        today = self._book.clock.today()
        out = []
        for a in assets:
            posted, last, _count = sums.get(a.id, (ZERO, 0, 0))
            percent = F.rate(a.category, today).value
            out.append(AssetRow(
                a.id, a.code, a.description, a.account, names.get(a.account, ""), a.category, a.acquired_on, a.cost,
                a.prior, (a.start_year, a.start_month), percent, F.quota(a.cost, percent), a.prior + posted,
                _number(entries.get(a.entry_id)), f"{last // 100:04d}-{last % 100:02d}" if last else "",
                a.retired_on, _number(entries.get(a.retirement_entry_id)), a.retirement_reason,
                a.voided_at is not None, a.void_reason, a.reference))
        return out

    def schedule(self, asset_id: int) -> AssetSchedule:
        """The asset's depreciation month by month: the months posted (with their entry) and the
        months to come at the rates in force, until it is fully depreciated or given de baja."""
        with self._book.read() as session:
            rows = self._rows(session, asset_id, include_voided=True)
            if not rows:
                raise NotFound(N_("No existe el activo %(code)s."), code=asset_id)
            asset = rows[0]
            posted = {(d.year, d.month): (d.amount, d.percent, _number(e)) for d, e in session.execute(
                select(AssetDepreciation, JournalEntry).join(JournalEntry, JournalEntry.id == AssetDepreciation.entry_id)
                .where(AssetDepreciation.asset_id == asset_id))}
        until = None
        if asset.retired_on is not None:
            until = F.previous_month((asset.retired_on.year, asset.retired_on.month))
        if asset.voided:
            return AssetSchedule(asset, ())
        return AssetSchedule(asset, tuple(F.schedule(asset.cost, asset.start, asset.category, asset.prior, until,
                                                     posted=posted)))

    # -- sheets ------------------------------------------------------------------------------

    def write_register(self, path) -> int:
        """The register as XLSX (or CSV): amounts as numbers."""
        from coopdesk.core.sheets import Money, write_file
        headers = [_("Código"), _("Descripción"), _("Cuenta"), _("Categoría"), _("Tasa %"), _("Adquisición"),
                   _("Inicio"), _("Costo"), _("Depreciación acumulada"), _("Valor neto"), _("Estado"), _("Baja"),
                   _("Asiento de compra")]
        rows = [(a.code, a.description, a.account, _(F.CATEGORY_NAMES[a.category]), a.percent, a.acquired_on,
                 period_code(*a.start), Money(a.cost), Money(a.accumulated), Money(a.book_value), _(a.status),
                 a.retired_on, a.entry_number) for a in self.list()]
        return write_file(path, headers, rows, title=_("Activos fijos"))

    def write_schedule(self, asset_id: int, path) -> int:
        """An asset's schedule as XLSX (or CSV)."""
        from coopdesk.core.sheets import Money, write_file
        schedule = self.schedule(asset_id)
        headers = [_("Mes"), _("Tasa %"), _("Depreciación"), _("Acumulada"), _("Valor neto"), _("Asiento")]
        rows = [(r.period, r.percent, Money(r.amount), Money(r.accumulated), Money(r.book_value), r.entry)
                for r in schedule.rows]
        return write_file(path, headers, rows, title=schedule.asset.code)

    # -- a month's depreciation ------------------------------------------------------------

    def _due(self, session, year: int, month: int) -> tuple[list[tuple[FixedAsset, Decimal, Decimal]], list[Problem],
                                                          list[int]]:
        """The assets the month depreciates (asset, rate, amount); the problems (an earlier month not
        posted); the entries that already posted the month."""
        target = (year, month)
        rows = session.scalars(select(FixedAsset).where(
            FixedAsset.voided_at.is_(None),
            FixedAsset.start_year * 100 + FixedAsset.start_month <= year * 100 + month)
            .order_by(FixedAsset.code)).all()
        posted: dict[int, dict[F.Month, Decimal]] = {}
        for d in session.scalars(select(AssetDepreciation).where(
                AssetDepreciation.asset_id.in_([a.id for a in rows]))):
            posted.setdefault(d.asset_id, {})[(d.year, d.month)] = d.amount
        done = sorted(set(session.scalars(select(AssetDepreciation.entry_id).where(
            AssetDepreciation.year == year, AssetDepreciation.month == month))))
        due, pending = [], []
        for a in rows:
            if a.retired_on is not None and (a.retired_on.year, a.retired_on.month) <= target:
                continue
            mine = posted.get(a.id, {})
            if target in mine:
                continue
            accumulated = a.prior + sum(mine.values(), ZERO)
            if accumulated >= a.cost:
                continue
            missing = next((m for m in F.months((a.start_year, a.start_month), F.previous_month(target))
                            if m not in mine), None)
            if missing is not None:
                pending.append((missing, a.code))
                continue
            percent = F.rate(a.category, date(year, month, 1)).value
            amount = F.month_amount(a.cost, accumulated, percent)
            if amount > ZERO:
                due.append((a, percent, amount))
        problems = []
        if pending:
            first, code = min(pending)
            problems.append(Problem("month", N_(
                "Registre primero la depreciación de %(period)s: el activo %(code)s se deprecia desde ese mes y los "
                "meses van en orden."), {"period": period_code(*first), "code": code}))
        return due, problems, done

    def preview(self, year: int, month: int) -> MonthDepreciation:
        """What ``depreciate`` would post for the month (nothing written)."""
        problems = _month_problem(year, month)
        if problems:
            raise InvalidInput(problems)
        with self._book.read() as session:
            due, _problems, _done = self._due(session, year, month)
        return MonthDepreciation(year, month, tuple((a.code, a.description, amount) for a, _p, amount in due))

    def depreciate(self, year: int, month: int) -> MonthDepreciation:
        """Post the month's depreciation: one entry dated the month's last day. Refused when the
        month has not ended, is closed, or has nothing left to depreciate (already posted)."""
        problems = _month_problem(year, month)
        if problems:
            raise InvalidInput(problems)
        end = F.month_end((year, month))
        if end > self._book.clock.today():
            raise InvalidInput([Problem("month", N_(
                "El mes %(period)s aún no termina: su depreciación se registra desde el %(date)s."),
                {"period": period_code(year, month), "date": end})])
        with self._book.write(roles.POST_ENTRY) as session:
            problems = self._book.ledger.check_open(session, end)
            if problems:
                raise InvalidInput([Problem("month", N_(
                    "El periodo %(period)s está cerrado: su depreciación ya no se registra."),
                    {"period": period_code(year, month)})])
            due, problems, done = self._due(session, year, month)
            if problems:
                raise InvalidInput(problems)
            if not due:
                if done:
                    numbers = ", ".join(_number(session.get(JournalEntry, i)) for i in done)
                    raise InvalidInput([Problem("month", N_(
                        "La depreciación de %(period)s ya está registrada (asiento %(number)s): no se registra dos "
                        "veces."), {"period": period_code(year, month), "number": numbers})])
                raise InvalidInput([Problem("month", N_(
                    "No hay activos que depreciar en %(period)s (ninguno en uso con saldo por depreciar)."),
                    {"period": period_code(year, month)})])
            by_account: dict[tuple[str, str], Decimal] = {}
            for a, _percent, amount in due:
                pair = _open_group(session, a.account)
                by_account[pair] = by_account.get(pair, ZERO) + amount
            text = f"Depreciación del activo fijo de {period_code(year, month)}"
            lines = [LineInput(expense, debit=amount, description=text)
                     for (expense, _acc), amount in sorted(by_account.items())]
            lines += [LineInput(accumulated, credit=amount, description=text)
                      for (_exp, accumulated), amount in sorted(by_account.items(), key=lambda kv: kv[0][1])]
            entry = self._book.ledger.post_in(session, EntryInput(end, text, tuple(lines),
                                                                  f"DEP-{period_code(year, month)}"),
                                              P.DEPRECIATION, year * 100 + month, self._book.user)
            session.add_all(AssetDepreciation(asset_id=a.id, year=year, month=month, percent=percent, amount=amount,
                                              entry_id=entry.id) for a, percent, amount in due)
            session.flush()
            return MonthDepreciation(year, month, tuple((a.code, a.description, amount) for a, _p, amount in due),
                                     entry.id)

    # -- baja and voiding --------------------------------------------------------------------

    def retire(self, asset_id: int, day: date | None, reason: str) -> int:
        """Give the asset de baja on ``day``: its entry's id. It depreciates through the month before."""
        problems: list[Problem] = []
        if day is None:
            problems.append(Problem("date", N_("Escriba la fecha de la baja.")))
        elif day > self._book.clock.today():
            problems.append(Problem("date", N_("La fecha de la baja no puede ser futura.")))
        if not (reason or "").strip():
            problems.append(Problem("reason", N_("Diga el motivo de la baja (venta, robo, desuso, siniestro…).")))
        elif len(reason.strip()) > limits.DESCRIPTION:
            problems.append(Problem("reason", N_("Es demasiado largo: %(limit)s caracteres como máximo."),
                                    {"limit": limits.DESCRIPTION}))
        with self._book.write(roles.POST_ENTRY) as session:
            asset = session.get(FixedAsset, asset_id)
            if asset is None:
                raise NotFound(N_("No existe el activo %(code)s."), code=asset_id)
            if asset.voided_at is not None:
                problems.append(Problem("asset", N_("El activo %(code)s está anulado."), {"code": asset.code}))
            elif asset.retired_on is not None:
                problems.append(Problem("asset", N_("El activo %(code)s ya se dio de baja el %(date)s."),
                                        {"code": asset.code, "date": asset.retired_on}))
            rows = session.scalars(select(AssetDepreciation).where(AssetDepreciation.asset_id == asset.id)).all()
            if day is not None and not problems:
                month = (day.year, day.month)
                if day < asset.acquired_on:
                    problems.append(Problem("date", N_("La baja no puede ser anterior a la adquisición (%(date)s)."),
                                            {"date": asset.acquired_on}))
                later = [r for r in rows if (r.year, r.month) >= month]
                if later:
                    problems.append(Problem("date", N_(
                        "Ya se registró la depreciación de %(period)s del activo %(code)s: la baja va en un mes "
                        "posterior."), {"period": period_code(later[-1].year, later[-1].month), "code": asset.code}))
                accumulated = asset.prior + sum((r.amount for r in rows), ZERO)
                mine = {(r.year, r.month) for r in rows}
                missing = next((m for m in F.months((asset.start_year, asset.start_month), F.previous_month(month))
                                if m not in mine), None)
                if missing is not None and accumulated < asset.cost and not later:
                    problems.append(Problem("date", N_(
                        "Registre primero la depreciación de %(period)s: el activo se deprecia hasta el mes anterior a "
                        "su baja."), {"period": period_code(*missing)}))
                problems += self._book.ledger.check_open(session, day)
            if problems:
                raise InvalidInput(problems)
            accumulated = asset.prior + sum((r.amount for r in rows), ZERO)
            _expense, accumulated_account = _open_group(session, asset.account)
            net = asset.cost - accumulated
            text = f"Baja del activo fijo {asset.code}: {reason.strip()}"[:limits.DESCRIPTION]
            lines = []
            if accumulated > ZERO:
                lines.append(LineInput(accumulated_account, debit=accumulated, description=text))
            if net > ZERO:
                _open_account(session, F.RETIREMENT_ACCOUNT, F.RETIREMENT_NAME, Kind.EXPENSE)
                lines.append(LineInput(F.RETIREMENT_ACCOUNT, debit=net, description=text))
            lines.append(LineInput(asset.account, credit=asset.cost, description=text))
            entry = self._book.ledger.post_in(session, EntryInput(day, text, tuple(lines), f"BAJA-{asset.code}"),
                                              P.ASSET_RETIREMENT, asset.id, self._book.user)
            asset.retired_on, asset.retirement_entry_id, asset.retirement_reason = day, entry.id, reason.strip()
            return entry.id

    def void(self, asset_id: int, reason: str) -> Changes:
        """An asset registered by mistake, before any depreciation or baja: it stays, marked with the
        reason; the purchase entry the register posted is reversed today (a linked entry stays)."""
        if not (reason or "").strip():
            raise InvalidInput([Problem("reason", N_("Diga por qué se anula el activo."))])
        today = self._book.clock.today()
        with self._book.write(roles.POST_ENTRY) as session:
            asset = session.get(FixedAsset, asset_id)
            if asset is None:
                raise NotFound(N_("No existe el activo %(code)s."), code=asset_id)
            problems = []
            if asset.voided_at is not None:
                problems.append(Problem("asset", N_("El activo %(code)s ya está anulado."), {"code": asset.code}))
            elif asset.retired_on is not None or session.scalar(select(AssetDepreciation.id).where(
                    AssetDepreciation.asset_id == asset.id).limit(1)) is not None:
                problems.append(Problem("asset", N_(
                    "El activo %(code)s ya tiene depreciación o baja registradas: no se anula; se da de baja."),
                    {"code": asset.code}))
            if asset.own_entry:
                problems += self._book.ledger.check_open(session, today)
            if problems:
                raise InvalidInput(problems)
            if asset.own_entry:
                self._book.ledger.reverse_in(session, asset.entry_id, today, f"Activo {asset.code} anulado: "
                                             f"{reason.strip()}", self._book.user)
            asset.voided_at, asset.void_reason = self._book.clock.now(), reason.strip()[:limits.DESCRIPTION]
        return Changes(reference=True)


__all__ = ["STATUSES", "AssetRow", "AssetSchedule", "FixedAssets", "MonthDepreciation"]
