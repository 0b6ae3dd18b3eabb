"""Automatic entries: each document posts its entry in its own transaction.

The lines come from ``domain.postings``; here they are posted with the
document (``book.ledger.post_in``), linked to it (``source_kind``/``source_id``,
or the ticket's ``entry_id``), and reversed when the document is voided.
A document dated in a closed period is refused with the ledger's message, so
no core call changes a closed period.

Books kept before coopdesk posted automatically (or tickets whose entry could
not be posted) are brought up to date by ``post_pending``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, func, select, type_coerce

from coopdesk.db.models import AccountMovement, Delivery, JournalEntry, JournalLine, LedgerAccount, Member
from coopdesk.domain import postings as P
from coopdesk.domain.ledger import EntryInput
from coopdesk.domain.money import ZERO
from coopdesk.domain import roles

if TYPE_CHECKING:
    from coopdesk.core.book import Book


def ticket_text(series: str, number: int) -> str:
    return f"{series}-{number:06d}"


def post_delivery(book: "Book", session, delivery: Delivery, member_code: str, by: str | None = None) -> None:
    """A typed ticket: its own entry (product into inventory, the advance out of cash less what was withheld
    from it, which is owed to SUNAT in 4017)."""
    ticket = ticket_text(delivery.series, delivery.number)
    lines = P.intake_lines([(delivery.certification, delivery.amount)], f"Ticket {ticket}, socio {member_code}",
                           delivery.withheld or ZERO)
    if lines:
        entry = book.ledger.post_in(session, EntryInput(delivery.date, f"Acopio: ticket {ticket}", lines, ticket),
                                    P.DELIVERY, delivery.id, by)
        delivery.entry_id = entry.id


def intake_groups(session, after_id: int) -> list[tuple[tuple[date, str], EntryInput]]:
    """The entries of tickets with id above ``after_id``, not voided, not yet posted:
    one per day and collection point series, in date order, with their (day, series)."""
    rows = session.execute(
        select(Delivery.date, Delivery.series, Delivery.certification,
               type_coerce(func.sum(Delivery.__table__.c.amount_cents), BigInteger), func.count(Delivery.id),
               func.min(Delivery.number), func.max(Delivery.number))
        .where(Delivery.id > after_id, Delivery.entry_id.is_(None), Delivery.voided_at.is_(None))
        .group_by(Delivery.date, Delivery.series, Delivery.certification)
        .order_by(Delivery.date, Delivery.series, Delivery.certification)).all()
    return day_entries(rows)


def intake_groups_of(tickets) -> list[tuple[tuple[date, str], EntryInput]]:
    """``intake_groups`` of tickets not yet written (an import, which links each ticket
    to its day's entry as it inserts it, so each is recorded in the audit trail
    once): ``tickets`` are (day, series, certification, amount in céntimos, number),
    the voided ones left out."""
    sums: dict[tuple[date, str, str], list[int]] = {}
    for day, series, certification, cents, number in tickets:
        part = sums.get((day, series, certification))
        if part is None:
            sums[(day, series, certification)] = [cents, 1, number, number]
        else:
            part[0] += cents
            part[1] += 1
            part[2] = min(part[2], number)
            part[3] = max(part[3], number)
    return day_entries([(*key, *sums[key]) for key in sorted(sums)])


def day_entries(rows) -> list[tuple[tuple[date, str], EntryInput]]:
    """Rows of (day, series, certification, céntimos, tickets, first number, last
    number), in day, series and certification order: one entry per day and series."""
    groups: dict[tuple[date, str], list] = {}
    for day, series, certification, cents, count, first, last in rows:
        groups.setdefault((day, series), []).append((certification, Decimal(int(cents or 0)).scaleb(-2), count,
                                                     first, last))
    out = []
    for (day, series), parts in groups.items():
        count = sum(p[2] for p in parts)
        first, last = min(p[3] for p in parts), max(p[4] for p in parts)
        text = f"Acopio del {day:%d/%m/%Y}, serie {series}: {count} ticket{'s' if count != 1 else ''}"
        lines = P.intake_lines([(c, amount) for c, amount, *_ in parts], text)
        if lines:
            reference = f"{ticket_text(series, first)} a {ticket_text(series, last)}"
            out.append(((day, series), EntryInput(day, text, lines, reference)))
    return out


def link_intake(session, after_id: int, entry_of: dict[tuple[date, str], int]) -> None:
    """Each ticket (id above ``after_id``, not yet linked) names its day's entry, by
    primary key through the driver: one pass however many days and series."""
    links = [(entry_of[(day, series)], ticket_id) for ticket_id, day, series in session.execute(
        select(Delivery.id, Delivery.date, Delivery.series).where(
            Delivery.id > after_id, Delivery.entry_id.is_(None), Delivery.voided_at.is_(None)))
        if (day, series) in entry_of]
    if links:
        conn = session.connection()
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        conn.exec_driver_sql(f"UPDATE deliveries SET entry_id = {mark} WHERE id = {mark}", links)


def post_intake(book: "Book", session, after_id: int, by: str | None = None) -> int:
    """An imported batch (tickets with id above ``after_id``, not voided, not yet
    posted): one entry per day and collection point series. The number of entries."""
    groups = intake_groups(session, after_id)
    posted = book.ledger.post_many_in(session, [(entry, P.INTAKE_DAY, None, None) for _key, entry in groups], by)
    link_intake(session, after_id, {key: entry.id for (key, _e), entry in zip(groups, posted)})
    return len(posted)


def void_delivery(book: "Book", session, delivery: Delivery, reason: str, by: str | None = None) -> None:
    """A voided ticket: its own entry is reversed; from a day's summary, the
    ticket's part is taken back by an entry of its own."""
    if delivery.entry_id is None:
        return
    ticket = ticket_text(delivery.series, delivery.number)
    entry = session.get(JournalEntry, delivery.entry_id)
    if entry.source_kind == P.DELIVERY:
        book.ledger.reverse_in(session, entry.id, book.clock.today(), f"ticket {ticket} anulado: {reason}", by,
                               P.VOIDED_TICKET, delivery.id)
        return
    text = f"Ticket {ticket} anulado: {reason}"
    lines = P.voided_ticket_lines(delivery.certification, delivery.amount, text)
    if lines:
        book.ledger.post_in(session, EntryInput(book.clock.today(), text[:200], lines, ticket), P.VOIDED_TICKET,
                            delivery.id, by)


def member_balance(session, account: str, member_id: int) -> Decimal:
    """A member's balance (debit − credit) of a member account, in the open transaction."""
    line = JournalLine.__table__.c
    debit, credit = session.execute(
        select(type_coerce(func.coalesce(func.sum(line.debit_cents), 0), BigInteger),
               type_coerce(func.coalesce(func.sum(line.credit_cents), 0), BigInteger))
        .join(LedgerAccount, LedgerAccount.id == line.account_id)
        .where(LedgerAccount.code == account, line.member_id == member_id)).one()
    return Decimal(int(debit) - int(credit)).scaleb(-2)


def movement_entry(session, movement: AccountMovement, member_code: str, money: str = P.CASH) -> EntryInput | None:
    """``money``: where the money went out of or came into, Caja (101) or the bank (1041)."""
    loans = member_balance(session, P.LOANS, movement.member_id) if movement.concept == "prestamos" else ZERO
    description = movement.description or movement.concept
    lines = P.movement_lines(member_code, movement.concept, movement.direction, movement.amount, loans,
                             f"{member_code}: {description}", money)
    if not lines:
        return None
    title = {"adelantos": "Adelanto", "prestamos": "Préstamo", "insumos": "Insumos a crédito",
             "aportaciones": "Aportación"}[movement.concept]
    if movement.direction == "abono":
        title = {"aportaciones": "Aportación pagada"}.get(movement.concept, f"Pago de {title.lower()}")
    return EntryInput(movement.date, f"{title}: socio {member_code}", lines, movement.reference or f"M-{movement.id}")


def post_movement(book: "Book", session, movement: AccountMovement, member_code: str, by: str | None = None,
                  money: str = P.CASH) -> None:
    """A member's movement typed by the treasurer (never one from a distribution), through Caja or the bank."""
    entry = movement_entry(session, movement, member_code, money)
    if entry is not None:
        book.ledger.post_in(session, entry, P.MOVEMENT, movement.id, by)


def reverse_movement(book: "Book", session, original: AccountMovement, reversal: AccountMovement, reason: str,
                     by: str | None = None) -> None:
    """The entry of a reversed movement is reversed (a movement that posted nothing, such as a subscription,
    reverses nothing)."""
    entry_id = session.scalar(select(JournalEntry.id).where(JournalEntry.source_kind == P.MOVEMENT,
                                                            JournalEntry.source_id == original.id))
    if entry_id is not None:
        book.ledger.reverse_in(session, entry_id, reversal.date, reason, by, P.MOVEMENT, reversal.id)


def post_movements(book: "Book", session, after_id: int, by: str | None = None) -> int:
    """An imported batch of movements (id above ``after_id``): one entry each."""
    count = 0
    for movement, code in session.execute(
            select(AccountMovement, Member.code).join(Member, Member.id == AccountMovement.member_id)
            .where(AccountMovement.id > after_id).order_by(AccountMovement.id)).all():
        entry = movement_entry(session, movement, code)
        if entry is not None:
            book.ledger.post_in(session, entry, P.MOVEMENT, movement.id, by)
            count += 1
    return count


@dataclass(frozen=True)
class Pending:
    intake_entries: int
    movements: int
    distributions: int = 0   # runs published and payments recorded before the automatic entries
    skipped: int = 0         # documents dated in or before a closed month: never posted


def post_pending(book: "Book", by: str | None = None) -> Pending:
    """Post what has no entry yet, in date order (so a repayment finds its loan):
    tickets (a summary per day and series) and the treasurer's movements (a
    movement reversed, or a reversal, nets to nothing and is left out), then
    published distributions and their payments. What is dated in or before the
    last closed month cannot be posted: it is left and counted (``skipped``).

    The contador runs it («Contabilizar pendientes», ``ledger post-pending``), so
    it obeys Caja's guard as every posting does (core.cash_guard): what would
    leave Caja or a bank below zero is refused, nothing posted, unless confirmed
    with a reason (``book.cash.confirmed``, ``--confirmar-saldo-negativo``)."""
    with book.write(roles.POST_ENTRY) as session:
        return _post_pending_in(book, session, by)


def post_pending_in(book: "Book", session, by: str | None = None) -> Pending:
    """``post_pending`` inside an open write transaction, for an upgrade that posts
    the older documents in the transaction that changes the schema: nobody is there
    to confirm, and they already happened, so Caja's guard does not stop them
    (core.cash_guard, ``suspended``)."""
    with book.cash.suspended():
        return _post_pending_in(book, session, by)


def _post_pending_in(book: "Book", session, by: str | None = None) -> Pending:
    from coopdesk.core.ledger import last_closed

    closed = last_closed(session)
    cutoff = date(closed[0] + (closed[1] == 12), closed[1] % 12 + 1, 1) if closed else None

    def open_day(day: date) -> bool:
        return cutoff is None or day >= cutoff

    groups = intake_groups(session, 0)
    posted = select(JournalEntry.source_id).where(JournalEntry.source_kind == P.MOVEMENT)
    reversed_ids = select(AccountMovement.reverses_id).where(AccountMovement.reverses_id.is_not(None))
    pending = session.execute(
        select(AccountMovement, Member.code).join(Member, Member.id == AccountMovement.member_id)
        .where(AccountMovement.run_id.is_(None), AccountMovement.reverses_id.is_(None),
               AccountMovement.id.not_in(reversed_ids), AccountMovement.id.not_in(posted))
        .order_by(AccountMovement.date, AccountMovement.id)).all()
    skipped = sum(1 for _k, e in groups if not open_day(e.date)) + sum(
        1 for m, _c in pending if not open_day(m.date))
    by_day: dict[date, list] = {}
    for key, entry in groups:
        if open_day(entry.date):
            by_day.setdefault(entry.date, []).append(("intake", key, entry))
    for movement, code in pending:
        if open_day(movement.date):
            by_day.setdefault(movement.date, []).append(("movement", movement, code))
    entry_of: dict[tuple[date, str], int] = {}
    intake = movements = 0
    for day in sorted(by_day):
        for kind, first, second in by_day[day]:  # the day's intake first, then its movements
            if kind == "intake":
                entry_of[first] = book.ledger.post_in(session, second, P.INTAKE_DAY, None, by).id
                intake += 1
            else:
                entry = movement_entry(session, first, second)
                if entry is not None:
                    book.ledger.post_in(session, entry, P.MOVEMENT, first.id, by)
                    movements += 1
    link_intake(session, 0, entry_of)
    distributions, skipped_runs = book.distributions.post_unposted_in(session, by, cutoff)
    return Pending(intake, movements, distributions, skipped + skipped_runs)


def loans_owed(session) -> dict[int, Decimal]:
    """Each member's principal in the loans account (14221), for a distribution's deductions."""
    line = JournalLine.__table__.c
    rows = session.execute(
        select(line.member_id, type_coerce(func.sum(line.debit_cents - line.credit_cents), BigInteger))
        .join(LedgerAccount, LedgerAccount.id == line.account_id)
        .where(LedgerAccount.code == P.LOANS).group_by(line.member_id))
    return {member_id: Decimal(int(cents)).scaleb(-2) for member_id, cents in rows}


def accrue_interest(book: "Book", session, through: date, by: str | None = None) -> int:
    """Post the interest of every loan installment due on or before ``through``
    and not posted yet (loans not cancelled), each on its due date, or on the
    first open day when that month is already closed: the books owe what the
    member's statement says they owe. Returns how many were posted."""
    from coopdesk.core.ledger import last_closed
    from coopdesk.db.models import Loan, LoanInstallment

    posted = select(JournalEntry.source_id).where(JournalEntry.source_kind == P.INTEREST_DUE,
                                                  JournalEntry.reverses_id.is_(None))
    due = session.execute(
        select(LoanInstallment.id, LoanInstallment.number, LoanInstallment.due, LoanInstallment.interest,
               Loan.id, Member.code)
        .join(Loan, Loan.id == LoanInstallment.loan_id).join(Member, Member.id == Loan.member_id)
        .where(LoanInstallment.due <= through, Loan.cancelled_on.is_(None), LoanInstallment.interest > 0,
               LoanInstallment.id.not_in(posted))
        .order_by(LoanInstallment.due, LoanInstallment.id)).all()
    if not due:
        return 0
    closed = last_closed(session)
    first_open = None
    if closed is not None:
        year, month = closed
        first_open = date(year + (month == 12), month % 12 + 1, 1)
    if session.scalar(select(JournalEntry.id).where(JournalEntry.source_kind == P.INTEREST_DUE).limit(1)) is None:
        _interest_already_income(book, session, max(through, first_open or through), by)
    for installment_id, number, day, interest, loan_id, code in due:
        text = f"Interés de la cuota {number} del préstamo P-{loan_id}: socio {code}"
        when = max(day, first_open) if first_open is not None else day
        book.ledger.post_in(session, EntryInput(when, text, P.interest_due_lines(code, interest, text),
                                                f"P-{loan_id}"), P.INTEREST_DUE, installment_id, by)
    return len(due)


def reverse_interest(book: "Book", session, loan_id: int, day: date, reason: str, by: str | None = None) -> None:
    """A loan cancelled (its charge was a mistake): the interest already posted for it is reversed."""
    from coopdesk.db.models import LoanInstallment

    installments = select(LoanInstallment.id).where(LoanInstallment.loan_id == loan_id)
    entries = session.scalars(select(JournalEntry.id).where(
        JournalEntry.source_kind == P.INTEREST_DUE, JournalEntry.source_id.in_(installments),
        JournalEntry.reverses_id.is_(None))).all()
    for entry_id in entries:
        if session.scalar(select(JournalEntry.id).where(JournalEntry.reverses_id == entry_id)) is None:
            book.ledger.reverse_in(session, entry_id, day, reason, by, P.INTEREST_DUE,
                                   session.get(JournalEntry, entry_id).source_id)



def _interest_already_income(book: "Book", session, day: date, by: str | None) -> None:
    """A book kept before interest was posted when due: a repayment (typed, or a
    distribution's deduction) beyond a loan's principal went straight to 772. The
    first time interest is posted, that income goes back into each member's 14221
    (Dr 772, Cr 14221), so that posting every installment due counts it once: the
    member's sub-ledger then equals their statement and 772 the interest due."""
    from coopdesk.db.models import AccountMovement

    line, entry, account = JournalLine.__table__.c, JournalEntry.__table__.c, LedgerAccount.__table__.c
    reversed_ids = select(entry.reverses_id).where(entry.reverses_id.is_not(None))
    rows = session.execute(
        select(line.entry_id, account.code, line.member_id, type_coerce(line.credit_cents, BigInteger),
               entry.source_kind, entry.source_id)
        .join_from(JournalLine.__table__, JournalEntry.__table__, entry.id == line.entry_id)
        .join(LedgerAccount.__table__, account.id == line.account_id)
        .where(entry.source_kind.in_((P.MOVEMENT, P.DISTRIBUTION)), entry.reverses_id.is_(None),
               entry.id.not_in(reversed_ids), account.code.in_((P.LOANS, P.INTEREST)))
        .order_by(line.entry_id, line.id)).all()
    recognised: dict[int, int] = {}
    last_member: dict[int, int] = {}
    for entry_id, code, member_id, credit, kind, source_id in rows:
        if code == P.LOANS:
            last_member[entry_id] = member_id
            continue
        if not credit:
            continue
        if kind == P.MOVEMENT:
            member_id = session.scalar(select(AccountMovement.member_id).where(AccountMovement.id == source_id))
        else:  # a distribution's deduction: the 772 line follows the member's 14221 line
            member_id = last_member.get(entry_id)
        if member_id is not None:
            recognised[member_id] = recognised.get(member_id, 0) + int(credit)
    codes = dict(session.execute(select(Member.id, Member.code).where(Member.id.in_(list(recognised)))).all()) \
        if recognised else {}
    for member_id, cents in sorted(recognised.items()):
        amount, code = Decimal(cents).scaleb(-2), codes[member_id]
        text = f"Intereses cobrados antes de registrarse al vencer: socio {code}"
        lines = (P.LineInput(P.INTEREST, debit=amount, description=text),
                 P.LineInput(P.LOANS, credit=amount, member_code=code, description=text))
        book.ledger.post_in(session, EntryInput(day, text, lines, code), P.INTEREST_COLLECTED, member_id, by)
