"""Member accounts (cuenta corriente del socio): charges, credits, inputs on
credit, loans, and the balances the distribution deducts from.

Rules are in ``coopdesk.domain.accounts``. Loans: the principal is charged on
the day the loan is granted; each installment's interest is owed from its due
date, so a balance "as of" a date counts only the interest already due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Iterable, Sequence

from sqlalchemy import BigInteger, case, func, literal, or_, select, type_coerce, union_all

from coopdesk.core import postings
from coopdesk.core.dto import Changes
from coopdesk.core.errors import InvalidInput, N_, NotFound, Problem
from coopdesk.core.members import same_code
from coopdesk.db.models import AccountMovement, InputItemRow, Loan, LoanInstallment, Member
from coopdesk.domain.accounts import (
    RETAINED,
    AccountStatement,
    Concept,
    Direction,
    InputItem,
    Installment,
    LoanInput,
    MovementInput,
    StatementLine,
    check_items,
    check_loan,
    check_movement,
    loan_schedule,
)
from coopdesk.domain.law import payment_order
from coopdesk.domain.loans import InterestDue, LoanPosition, Payment, PaymentOrder, apply_payments
from coopdesk.domain.money import ZERO, Soles
from coopdesk.domain import roles
from coopdesk.i18n import _


def _int(sum_):
    """A SUM over céntimos (or hundredths) as the plain integer it is."""
    return type_coerce(sum_, BigInteger)

def _not_from_run(m, run_id: int):
    """Movements not posted by a run (nor reversing one it posted)."""
    posted = select(AccountMovement.id).where(AccountMovement.run_id == run_id)
    return (or_(m.run_id.is_(None), m.run_id != run_id)) & (or_(m.reverses_id.is_(None),
                                                               m.reverses_id.not_in(posted)))


if TYPE_CHECKING:
    from coopdesk.core.book import Book

CONCEPTS = tuple(Concept)


@dataclass(frozen=True)
class MovementRow:
    id: int
    member_code: str
    date: date
    concept: str
    direction: str
    amount: Decimal
    description: str
    reference: str
    reverses: int | None
    reversed: bool


@dataclass(frozen=True)
class SeasonAccounts:
    """Every member's account as a distribution reads it (keys: member ids)."""

    debts: dict[int, dict[str, Decimal]]
    capital: dict[int, Decimal]
    overdue: dict[int, Decimal]
    carried: dict[int, Decimal]


@dataclass(frozen=True)
class LoanReport:
    """A member's loans and how their payments were applied (``Accounts.loans``)."""

    member_code: str
    as_of: date
    order: str            # PaymentOrder
    agreement: str        # the agreement that allows capital first ('' under the law's order)
    source: str           # the norm the law's order follows
    positions: tuple[LoanPosition, ...]
    payments: tuple[tuple[Payment, Decimal, Decimal], ...]  # each payment: to interest, to capital

    @property
    def interest_owed(self) -> Decimal:
        return sum((p.interest_owed for p in self.positions), ZERO)

    @property
    def capital_owed(self) -> Decimal:
        return sum((p.capital_owed for p in self.positions), ZERO)


@dataclass(frozen=True)
class Balances:
    """A member's balances as of a date: what they owe by concept, and the
    capital they have paid in (aportaciones)."""

    member_code: str
    as_of: date
    owed: tuple[tuple[str, Decimal], ...]  # concept -> balance (cargos − abonos), in CONCEPTS order
    capital_paid: Decimal

    @property
    def total_owed(self) -> Decimal:
        return sum((max(b, ZERO) for _c, b in self.owed), ZERO)

    def of(self, concept: str) -> Decimal:
        return dict(self.owed).get(concept, ZERO)


def _signed(direction: str, amount: Decimal) -> Decimal:
    return amount if direction == Direction.CHARGE else -amount


# an abono beyond what is owed is refused here (on a loan it would pass for interest income); on
# adelantos and insumos it stays as a balance in the member's favour, which their statement says
DEBT_CONCEPTS = (Concept.LOANS.value,)


class Accounts:
    def __init__(self, book: "Book"):
        self._book = book

    # -- recording ------------------------------------------------------------

    def record(self, data: MovementInput, items: Sequence[InputItem] = ()) -> Changes:
        """A charge or credit on a member's account; inputs on credit may list
        their items (then the amount must be the items' total)."""
        problems = check_movement(data, self._book.clock.today())
        if items:
            problems += check_items(list(items))
            total = sum((i.amount for i in items), ZERO)
            if not problems and total != data.amount:
                problems.append(Problem("amount", N_("El monto (%(amount)s) no es la suma de los insumos "
                                                     "(%(total)s)."), {"amount": data.amount, "total": total}))
        with self._book.write(roles.RECORD_MOVEMENT) as session:
            member = self._member(session, data.member_code, problems)
            if data.date is not None and not any(p.field == "date" for p in problems):
                problems += self._book.ledger.check_open(session, data.date)
            if problems:
                raise InvalidInput(problems)
            today = self._book.clock.today()
            postings.accrue_interest(self._book, session, today)  # the interest due is owed before it is paid
            if data.direction == Direction.CREDIT and data.concept in DEBT_CONCEPTS:
                owes = self.owed_by_member(session, max(today, data.date), member.id).get(member.id, {}).get(
                    data.concept, ZERO)
                if data.amount > owes:
                    raise InvalidInput([Problem("amount", N_(
                        "El abono de %(amount)s es mayor que lo que %(name)s debe de préstamos (%(owes)s, con los "
                        "intereses ya vencidos): revise el monto. Lo pagado de más no se registra como interés ni "
                        "como ingreso."), {"amount": Soles(data.amount), "name": f"{member.first_names} "
                                                                                   f"{member.last_names}",
                                          "owes": Soles(max(owes, ZERO))})])
            movement = self._add(session, member.id, data.date, data.concept, data.direction, data.amount,
                                 data.description, data.reference, self._book.user)
            postings.post_movement(self._book, session, movement, member.code, self._book.user, data.money)
            for item in items:
                session.add(InputItemRow(movement_id=movement.id, description=item.description.strip(),
                                         quantity=item.quantity, unit_price=item.unit_price, amount=item.amount))
        return Changes(members=(member.id,))

    def accrue_interest(self) -> int:
        """Bring into the books the interest of every loan installment due by today
        (the book's clock) and not posted yet: done when the book opens, before a
        repayment, a distribution is published, or the books are checked
        (``core.interest_due``, which ``Book.open`` calls without importing this module)."""
        from coopdesk.core.interest_due import accrue_interest_due

        return accrue_interest_due(self._book)

    def record_inputs(self, member_code: str, day: date, items: Sequence[InputItem], reference: str = "") -> Changes:
        """Inputs delivered on credit: one charge of their total, with the items."""
        problems = check_items(list(items))
        if problems:
            raise InvalidInput(problems)
        total = sum((i.amount for i in items), ZERO)
        description = "; ".join(f"{i.quantity.normalize():f} × {i.description.strip()}" for i in items)
        return self.record(MovementInput(member_code, day, Concept.INPUTS, Direction.CHARGE, total,
                                         description[:200], reference), items=items)

    def grant_loan(self, data: LoanInput) -> tuple[int, list[Installment]]:
        """Grant a loan: its principal is charged today and its schedule kept."""
        problems = check_loan(data, self._book.clock.today())
        with self._book.write(roles.GRANT_LOAN) as session:
            member = self._member(session, data.member_code, problems)
            if data.date is not None and not any(p.field == "date" for p in problems):
                problems += self._book.ledger.check_open(session, data.date)
            if problems:
                raise InvalidInput(problems)
            schedule = loan_schedule(data.principal, data.annual_rate, data.months, data.date)
            loan = Loan(member_id=member.id, date=data.date, principal=data.principal, annual_rate=data.annual_rate,
                        months=data.months, description=data.description.strip())
            session.add(loan)
            session.flush()
            for i in schedule:
                session.add(LoanInstallment(loan_id=loan.id, number=i.number, due=i.due, principal=i.principal,
                                            interest=i.interest))
            text = data.description.strip() or N_("Préstamo")
            movement = self._add(session, member.id, data.date, Concept.LOANS, Direction.CHARGE, data.principal,
                                 text, f"P-{loan.id}", self._book.user, loan_id=loan.id)
            postings.post_movement(self._book, session, movement, member.code, self._book.user, data.money)
            return loan.id, schedule

    def reverse(self, movement_id: int, reason: str) -> Changes:
        """Undo a movement by an opposite one that names it (never by editing it)."""
        if not (reason or "").strip():
            raise InvalidInput([Problem("reason", N_("Diga por qué se revierte el movimiento."))])
        with self._book.write(roles.REVERSE_MOVEMENT) as session:
            m = session.get(AccountMovement, movement_id)
            if m is None:
                raise NotFound(N_("No existe el movimiento %(id)s."), id=movement_id)
            if m.reverses_id is not None or session.scalar(
                    select(AccountMovement.id).where(AccountMovement.reverses_id == m.id)):
                raise InvalidInput([Problem("movement", N_("El movimiento %(id)s ya fue revertido o es una "
                                                           "reversión."), {"id": movement_id})])
            if m.run_id is not None:
                raise InvalidInput([Problem("movement", N_("El movimiento %(id)s viene de una distribución "
                                                           "publicada: se corrige con otra distribución."),
                                            {"id": movement_id})])
            if m.loan_id is not None:  # the loan was a mistake: its interest is not owed either
                session.get(Loan, m.loan_id).cancelled_on = self._book.clock.today()
                postings.reverse_interest(self._book, session, m.loan_id, self._book.clock.today(),
                                          f"préstamo P-{m.loan_id} anulado: {reason.strip()}", self._book.user)
            opposite = Direction.CREDIT if m.direction == Direction.CHARGE else Direction.CHARGE
            reversal = self._add(session, m.member_id, self._book.clock.today(), m.concept, opposite, m.amount,
                                 reason.strip()[:200], f"R-{m.id}", self._book.user, reverses_id=m.id)
            postings.reverse_movement(self._book, session, m, reversal, reason.strip(), self._book.user)
            return Changes(members=(m.member_id,))

    def apply_distribution(self, session, run_id: int, run_number: int, day: date, member_ids: dict[str, int],
                           payouts: Iterable, keep_retained: bool = True) -> None:
        """Inside the publishing transaction: each deduction becomes a credit on
        its concept, and each capitalised amount capital paid in; an amount kept
        for the member (below the minimum payout) is credited to ``retenidos``,
        and what was kept before and is now paid is charged back."""
        reference = f"D-{run_number}"
        for p in payouts:
            member_id = member_ids[p.code]
            carried = getattr(p, "carried_in", ZERO)
            if carried > ZERO:
                self._add(session, member_id, day, RETAINED, Direction.CHARGE, carried,
                          N_("Retenido de distribuciones anteriores, incluido en esta"), reference, "", run_id=run_id)
            if p.retained > ZERO and keep_retained:
                self._add(session, member_id, day, RETAINED, Direction.CREDIT, p.retained,
                          N_("Retenido para el socio: menor que el pago mínimo"), reference, "", run_id=run_id)
            for d in p.deductions:
                if d.deducted > ZERO and d.concept in CONCEPTS:
                    self._add(session, member_id, day, d.concept, Direction.CREDIT, d.deducted,
                              N_("Descontado en la distribución"), reference, "", run_id=run_id)
            capitalised = getattr(p, "capitalised", ZERO)
            if capitalised > ZERO:
                self._add(session, member_id, day, Concept.SHARES, Direction.CREDIT, capitalised,
                          N_("Capitalizado de la distribución"), reference, "", run_id=run_id)

    # -- reading --------------------------------------------------------------

    def balances(self, member_code: str, as_of: date | None = None) -> Balances:
        as_of = as_of or self._book.clock.today()
        with self._book.read() as session:
            member = self._member(session, member_code, None)
            owed = self.owed_by_member(session, as_of, member.id).get(member.id, {})
            paid = self.capital_paid(session, as_of, member.id).get(member.id, ZERO)
            return Balances(member.code, as_of, tuple((c.value, owed.get(c, ZERO)) for c in CONCEPTS), paid)

    def season_state(self, as_of: date, without_run: int | None = None) -> SeasonAccounts:
        """Every member's account as the distribution needs it, as of a date, in
        one read: debts by concept (positive balances), capital paid in, what is
        overdue on loans, and what is kept for them from earlier distributions.
        ``without_run``: as if that distribution run (its id) had not credited
        anything (for its correction, which takes its place)."""
        with self._book.read() as session:
            owed = self.owed_by_member(session, as_of, without_run=without_run)
            capital = self.capital_paid(session, as_of, without_run=without_run)
            i, loan = LoanInstallment.__table__.c, Loan.__table__.c
            not_due = dict(session.execute(
                select(loan.member_id, _int(func.sum(i.principal_cents))).join_from(
                    LoanInstallment.__table__, Loan.__table__, i.loan_id == loan.id)
                .where(i.due > as_of, loan.cancelled_on.is_(None)).group_by(loan.member_id)).all())
        debts, overdue, carried = {}, {}, {}
        for member, by in owed.items():
            owes = {c: v for c, v in by.items() if v > ZERO and c != RETAINED}
            if owes:
                debts[member] = owes
            # overdue: loan balance beyond the principal of the installments not yet due
            late = by.get(Concept.LOANS.value, ZERO) - Decimal(int(not_due.get(member, 0))).scaleb(-2)
            if late > ZERO:
                overdue[member] = late
            if by.get(RETAINED, ZERO) < ZERO:
                carried[member] = -by[RETAINED]
        return SeasonAccounts(debts, capital, overdue, carried)

    def overdue(self, as_of: date) -> dict[int, Decimal]:
        """What each member owes on loans past their installments' dates. A member
        with nothing overdue is "al día" (in good standing)."""
        return self.season_state(as_of).overdue

    def carried(self, as_of: date) -> dict[int, Decimal]:
        """What is kept for each member from earlier distributions (their credit on ``retenidos``)."""
        return self.season_state(as_of).carried

    def undo_distribution(self, session, old_run_id: int, new_run_number: int, day: date) -> None:
        """Inside the transaction publishing a correction: the credits the
        corrected run posted are reversed (opposite movements naming them), so
        the correction's own deductions and capitalisation replace them."""
        for m in session.scalars(select(AccountMovement).where(AccountMovement.run_id == old_run_id)).all():
            opposite = Direction.CHARGE if m.direction == Direction.CREDIT else Direction.CREDIT
            self._add(session, m.member_id, day, m.concept, opposite, m.amount,
                      N_("Anulado por la corrección de la distribución"), f"D-{new_run_number}", "",
                      reverses_id=m.id)

    def loans(self, member_code: str, as_of: date | None = None) -> LoanReport:
        """The member's loans as of a date: for each, its interest fallen due and how
        their payments were applied (interest before capital, Código Civil art. 1257,
        unless the cooperative recorded an agreement to the contrary), what is still
        owed of interest and of capital. The total is their statement's préstamos."""
        as_of = as_of or self._book.clock.today()
        agreed, agreement = self._book.settings.payment_order
        legal = payment_order(as_of)
        order = PaymentOrder.CAPITAL_FIRST if agreed == PaymentOrder.CAPITAL_FIRST else PaymentOrder(legal.value)
        with self._book.read() as session:
            member = self._member(session, member_code, None)
            m = AccountMovement.__table__.c
            rows = session.execute(select(m.id, m.date, m.direction, m.amount_cents, m.loan_id, m.reverses_id)
                                   .where(m.member_id == member.id, m.concept == Concept.LOANS.value,
                                          m.date <= as_of).order_by(m.date, m.id)).all()
            undone = {r.reverses_id for r in rows if r.reverses_id is not None} | {
                r.id for r in rows if r.reverses_id is not None}
            i, loan = LoanInstallment.__table__.c, Loan.__table__.c
            due = session.execute(
                select(i.loan_id, i.due, i.interest_cents).join_from(LoanInstallment.__table__, Loan.__table__,
                                                                    i.loan_id == loan.id)
                .where(loan.member_id == member.id, loan.cancelled_on.is_(None), i.due <= as_of,
                       i.interest_cents > 0)).all()
        positions, payments = [], []
        for r in rows:
            if r.id in undone:
                continue
            amount = r.amount_cents   # the column's type gives soles
            if r.direction == Direction.CHARGE:
                positions.append(LoanPosition(r.loan_id, r.date, amount))
            else:
                payments.append(Payment(r.date, amount))
        live = {p.loan_id for p in positions}
        interest = [InterestDue(d, loan_id, amount) for loan_id, d, amount in due if loan_id in live]
        applied = apply_payments(positions, interest, payments, order)
        return LoanReport(member.code, as_of, order, agreement if order == PaymentOrder.CAPITAL_FIRST else "",
                          legal.source, tuple(applied.positions), tuple(applied.payments))

    def movements(self, member_code: str) -> list[MovementRow]:
        with self._book.read() as session:
            member = self._member(session, member_code, None)
            reversed_ids = set(session.scalars(select(AccountMovement.reverses_id).where(
                AccountMovement.member_id == member.id, AccountMovement.reverses_id.is_not(None))))
            rows = session.scalars(select(AccountMovement).where(AccountMovement.member_id == member.id)
                                   .order_by(AccountMovement.date, AccountMovement.id))
            return [MovementRow(m.id, member.code, m.date, m.concept, m.direction, m.amount, _(m.description),
                                m.reference, m.reverses_id, m.id in reversed_ids) for m in rows]

    def statement(self, member_code: str, start: date, end: date) -> AccountStatement:
        """The Estado de cuenta: saldo anterior at ``start``, every charge and
        credit up to ``end`` (loan interest on each installment's due date), and
        the balance after each line. Aportaciones are the member's capital, not a
        debt: they are never netted against what the member owes (their movements
        count only in ``by_concept``, shown apart), so the balance is what a
        distribution would deduct."""
        if start > end:
            raise InvalidInput([Problem("start", N_("La fecha inicial es posterior a la final."))])
        with self._book.read() as session:
            member = self._member(session, member_code, None)
            entries = [(m.date, 0, m.id, m.concept, m.description, m.reference,
                        _signed(m.direction, m.amount))
                       for m in session.scalars(select(AccountMovement).where(
                           AccountMovement.member_id == member.id, AccountMovement.date <= end))]
            interest = session.execute(
                select(LoanInstallment.due, LoanInstallment.id, LoanInstallment.number, LoanInstallment.interest,
                       Loan.id, Loan.months)
                .join(Loan, LoanInstallment.loan_id == Loan.id)
                .where(Loan.member_id == member.id, LoanInstallment.due <= end, LoanInstallment.interest > 0,
                       Loan.cancelled_on.is_(None)))
            entries += [(due, 1, iid, Concept.LOANS, N_("Interés, cuota %(n)s de %(of)s"),
                         f"P-{loan_id}/{number}", amount, {"n": number, "of": months})
                        for due, iid, number, amount, loan_id, months in interest]
        entries.sort(key=lambda e: (e[0], e[1], e[2]))
        opening, balance, lines = ZERO, ZERO, []
        by_concept: dict[str, Decimal] = {c: ZERO for c in CONCEPTS}
        for entry in entries:
            day, _kind, _id, concept, description, reference, amount = entry[:7]
            by_concept[concept] = by_concept.get(concept, ZERO) + amount
            if concept == Concept.SHARES:
                continue  # capital subscribed and paid: apart, never netted against debts
            balance += amount
            if day < start:
                opening = balance
                continue
            text = _(description) % entry[7] if len(entry) > 7 else _(description)  # our own texts translated
            lines.append(StatementLine(day, concept, text, reference, max(amount, ZERO), max(-amount, ZERO),
                                       balance))
        return AccountStatement(member.code, start, end, opening, tuple(lines),
                                tuple((c.value if hasattr(c, "value") else c, v) for c, v in by_concept.items()
                                      if c in CONCEPTS or v))

    def printable_statement(self, member_code: str, start: date, end: date) -> tuple:
        """What the printed Estado de cuenta corriente needs, gathered once for
        the GUI and the CLI: ``(statement, CooperativeInfo, MemberInfo,
        capital paid in)``, for ``coopdesk.reports.account_view``, and the
        loans' split (``loans=``) into interest and capital."""
        from coopdesk.domain.statement import CooperativeInfo, MemberInfo

        statement = self.statement(member_code, start, end)
        m, c = self._book.members.get(member_code), self._book.cooperative
        loans = self.loans(member_code, end)
        return (statement, CooperativeInfo(c.name, c.ruc, c.address, c.city, c.locale),
                MemberInfo(m.code, m.dni, m.full_name, m.zone_name, m.certification),
                self.balances(member_code, end).capital_paid), loans

    # -- helpers --------------------------------------------------------------

    @staticmethod
    def _member(session, code: str, problems: list[Problem] | None):
        member = session.scalars(select(Member).where(same_code(code or ""))).first()
        if member is None:
            if problems is None:
                raise NotFound(N_("No existe el socio %(code)s."), code=code)
            problems.append(Problem("member_code", N_("No existe el socio con código %(code)s."), {"code": code}))
        return member

    def _add(self, session, member_id: int, day: date, concept: str, direction: str, amount: Decimal, description: str,
             reference: str, by: str, **links) -> AccountMovement:
        movement = AccountMovement(member_id=member_id, date=day, concept=concept, direction=direction,
                                   amount=amount, description=description, reference=reference,
                                   created_at=self._book.clock.now(), created_by=by, **links)
        session.add(movement)
        session.flush()
        return movement

    @staticmethod
    def _owed_queries(as_of: date, member_id: int | None = None, without_run: int | None = None):
        """The two sums what members owe is made of: cargos − abonos by member and
        concept (``member_id``, ``concept``, ``cents``), and loan interest already
        due by member (``member_id``, ``cents``)."""
        m = AccountMovement.__table__.c
        signed = case((m.direction == "cargo", m.amount_cents), else_=-m.amount_cents)
        query = select(m.member_id.label("member_id"), m.concept.label("concept"),
                       _int(func.sum(signed)).label("cents")).where(m.date <= as_of).group_by(m.member_id, m.concept)
        if without_run is not None:
            query = query.where(_not_from_run(m, without_run))
        i, loan = LoanInstallment.__table__.c, Loan.__table__.c
        interest = (select(loan.member_id.label("member_id"), _int(func.sum(i.interest_cents)).label("cents"))
                    .join_from(LoanInstallment.__table__, Loan.__table__, i.loan_id == loan.id)
                    .where(i.due <= as_of, loan.cancelled_on.is_(None)).group_by(loan.member_id))
        if member_id is not None:
            query = query.where(m.member_id == member_id)
            interest = interest.where(loan.member_id == member_id)
        return query, interest

    @staticmethod
    def owed_by_member(session, as_of: date, member_id: int | None = None,
                       without_run: int | None = None) -> dict[int, dict[str, Decimal]]:
        """cargos − abonos by member and concept, plus loan interest already due."""
        query, interest = Accounts._owed_queries(as_of, member_id, without_run)
        out: dict[int, dict[str, Decimal]] = {}
        for member, concept, cents in session.execute(query):
            out.setdefault(member, {})[concept] = Decimal(int(cents)).scaleb(-2)
        for member, cents in session.execute(interest):
            by = out.setdefault(member, {})
            by[Concept.LOANS.value] = by.get(Concept.LOANS.value, ZERO) + Decimal(int(cents)).scaleb(-2)
        return out

    @staticmethod
    def owed_totals(session, as_of: date) -> dict[str, tuple[Decimal, int]]:
        """What all members owe by concept as of a date, in one aggregate query: the
        sum of each member's positive balance (``owed_by_member``; what ``Balances.
        total_owed`` adds for one member) and how many members owe it. A balance in
        a member's favour on one concept does not lower what others owe."""
        query, interest = Accounts._owed_queries(as_of)
        interest = interest.subquery()
        both = union_all(query, select(interest.c.member_id, literal(Concept.LOANS.value).label("concept"),
                                       interest.c.cents)).subquery()
        per_member = (select(both.c.member_id, both.c.concept, _int(func.sum(both.c.cents)).label("cents"))
                      .group_by(both.c.member_id, both.c.concept).subquery())
        owing = per_member.c.cents > 0
        totals = select(per_member.c.concept, _int(func.sum(case((owing, per_member.c.cents), else_=0))),
                        func.count().filter(owing)).group_by(per_member.c.concept)
        return {concept: (Decimal(int(cents or 0)).scaleb(-2), int(members))
                for concept, cents, members in session.execute(totals)}

    @staticmethod
    def capital_paid(session, as_of: date, member_id: int | None = None,
                 without_run: int | None = None) -> dict[int, Decimal]:
        """Capital paid in: the credits of aportaciones, less those reversed."""
        m = AccountMovement.__table__.c
        # a credit paid in counts; a reversal (a movement naming another) undoes the one it names
        paid_in = case((m.reverses_id.is_(None) & (m.direction == "abono"), m.amount_cents),
                       (m.reverses_id.is_not(None) & (m.direction == "cargo"), -m.amount_cents), else_=0)
        query = (select(m.member_id, _int(func.sum(paid_in)))
                 .where(m.date <= as_of, m.concept == Concept.SHARES.value).group_by(m.member_id))
        if without_run is not None:
            query = query.where(_not_from_run(m, without_run))
        if member_id is not None:
            query = query.where(m.member_id == member_id)
        return {member: Decimal(int(cents)).scaleb(-2) for member, cents in session.execute(query)}
