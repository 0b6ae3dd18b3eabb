"""Batch payment of a published distribution (docs/distribution.md, «Pago en lote»).

``plan(run, zone=..., members=...)`` chooses the members to pay (all with
something still to collect, those of a zone, or a list of codes) and says how
each is paid: by bank transfer into their ``bank_account``, or in cash when they
have none. It records nothing: the planilla and the bank file can be printed
from it as a draft.

``record(...)`` records the batch in one transaction: a numbered batch
(``payment_batches``: who confirmed it and when) and each member's payment
through the same call as a single payment (``Distributions.pay_in``), with the
batch's reference («Lote N»). Caja and the banks are guarded as for any payment
(``core.cash_guard``): a batch that would leave them below zero is refused as a
whole unless confirmed with a reason.

``undo(number, reason)`` reverses a batch recorded by mistake: each payment's
entry is reversed (never edited), the payment voided once with the reason, and
the batch marked undone; its members can then be paid again.

``add_proof`` keeps a proof (a scanned signed planilla, a photo) inside the book
(``payment_batch_proofs``: the bytes and their SHA-256), so it travels with the
book's backups and is shared by every office machine on PostgreSQL.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from sqlalchemy import select

from coopdesk.core import seals
from coopdesk.core.cash_guard import NegativeCash
from coopdesk.core.documents import Subject
from coopdesk.core.errors import BookError, InvalidInput, NotFound
from coopdesk.core.members import same_code
from coopdesk.db.models import (
    Campaign,
    DistributionCriteria,
    DistributionLine,
    DistributionPayment,
    DistributionRun,
    JournalEntry,
    Member,
    PaymentBatch,
    PaymentBatchProof,
    Zone,
)
from coopdesk.domain import limits, postings, roles
from coopdesk.domain.bank_file import BankLine, bank_csv
from coopdesk.domain.catalog import PaymentMethod
from coopdesk.domain.cash import FIELD
from coopdesk.domain.distribution import record as run_record
from coopdesk.domain.documents import PAY_SHEET, IssuedDocument, digest
from coopdesk.domain.money import ZERO, Soles
from coopdesk.domain.problems import N_, Problem
from coopdesk.domain.names import list_name

if TYPE_CHECKING:
    from coopdesk.core.book import Book


@dataclass(frozen=True)
class BatchLine:
    """One member of a batch, as the planilla and the bank file show them."""

    code: str
    first_names: str
    last_names: str
    dni: str
    zone_code: str
    zone_name: str
    net: Decimal
    bank_account: str  # '' = paid in cash

    @property
    def sort_name(self) -> str:
        return list_name(self.first_names, self.last_names)

    @property
    def method(self) -> str:
        return PaymentMethod.TRANSFER if self.bank_account else PaymentMethod.CASH


@dataclass(frozen=True)
class Batch:
    """A batch: planned (``number`` None, nothing recorded) or recorded."""

    run: int
    run_name: str
    campaign: str
    run_code: str | None
    paid_on: date
    lines: tuple[BatchLine, ...]
    number: int | None = None
    confirmed_by: str = ""
    confirmed_at: datetime | None = None
    undone_at: datetime | None = None
    undone_by: str = ""
    undo_reason: str = ""
    proofs: tuple["ProofRow", ...] = ()

    @property
    def total(self) -> Decimal:
        return sum((line.net for line in self.lines), ZERO)

    @property
    def by_bank(self) -> tuple[BatchLine, ...]:
        return tuple(line for line in self.lines if line.bank_account)

    @property
    def in_cash(self) -> tuple[BatchLine, ...]:
        return tuple(line for line in self.lines if not line.bank_account)

    @property
    def bank_total(self) -> Decimal:
        return sum((line.net for line in self.by_bank), ZERO)

    @property
    def cash_total(self) -> Decimal:
        return sum((line.net for line in self.in_cash), ZERO)

    @property
    def reference(self) -> str:
        return f"Lote {self.number}" if self.number is not None else ""


@dataclass(frozen=True)
class ProofRow:
    id: int
    name: str
    sha256: str
    size: int
    added_by: str
    added_at: datetime


class PaymentBatches:
    def __init__(self, book: "Book"):
        self._book = book

    # -- choosing ----------------------------------------------------------------------

    def plan(self, run: int, zone: str | None = None, members: Sequence[str] | None = None,
             paid_on: date | None = None) -> Batch:
        """The members of ``run`` to pay now: those of ``members`` (codes), else those
        of ``zone``, else all with something still to collect. Nothing is recorded.
        Refused, with every problem at once, for an unknown zone or member, a member
        with nothing to collect or already paid, or nobody to pay."""
        with self._book.read() as session:
            r = self._book.distributions.payable_run_in(session, run)
            return self._plan_in(session, r, zone, members, paid_on or self._book.clock.today())

    def _plan_in(self, session, r: DistributionRun, zone: str | None, members: Sequence[str] | None,
                 paid_on: date) -> Batch:
        problems: list[Problem] = []
        paid = select(DistributionPayment.member_id).where(DistributionPayment.run_id == r.id,
                                                            DistributionPayment.voided_at.is_(None))
        query = (select(Member, Zone, DistributionLine.net).join(Zone, Member.zone_id == Zone.id)
                 .join(DistributionLine, (DistributionLine.member_id == Member.id) & (DistributionLine.run_id == r.id))
                 .where(DistributionLine.net > 0, Member.id.not_in(paid)))
        zone = (zone or "").strip()
        if zone:
            zone_id = session.scalar(select(Zone.id).where(Zone.code == zone))
            if zone_id is None:
                problems.append(Problem("zone", N_("No existe la zona %(zone)s."), {"zone": zone}))
            query = query.where(Member.zone_id == zone_id)
        codes = [c.strip().upper() for c in (members or ()) if c.strip()]
        if members is not None:
            if not codes:
                problems.append(Problem("members", N_("Escriba los códigos de los socios a pagar, separados por "
                                                      "comas.")))
            found = {}
            for code in dict.fromkeys(codes):
                member = session.scalars(select(Member).where(same_code(code))).first()
                if member is None:
                    problems.append(Problem("members", N_("No existe el socio %(code)s."), {"code": code}))
                    continue
                found[member.id] = member
                net = session.scalar(select(DistributionLine.net).where(DistributionLine.run_id == r.id,
                                                                        DistributionLine.member_id == member.id))
                if net is None or net <= ZERO:
                    problems.append(Problem("members", N_("%(code)s no tiene nada que cobrar en la distribución N.º "
                                                          "%(number)s."), {"code": member.code, "number": r.number}))
                elif session.scalar(paid.where(DistributionPayment.member_id == member.id)) is not None:
                    problems.append(Problem("members", N_("%(code)s ya figura como pagado en la distribución N.º "
                                                          "%(number)s."), {"code": member.code, "number": r.number}))
            query = query.where(Member.id.in_(list(found)))
        if problems:
            raise InvalidInput(problems)
        rows = session.execute(query.order_by(Zone.name, Zone.code, Member.sort_key, Member.id)).all()
        if not rows:
            where = {"number": r.number, "zone": zone}
            raise InvalidInput([Problem("members", N_(
                "No queda ningún socio por pagar en la zona %(zone)s de la distribución N.º %(number)s.") if zone
                else N_("No queda ningún socio por pagar en la distribución N.º %(number)s."), where)])
        lines = tuple(BatchLine(m.code, m.first_names, m.last_names, m.dni, z.code, z.name, net, m.bank_account)
                      for m, z, net in rows)
        return self._batch(session, r, paid_on, lines)

    def _batch(self, session, r: DistributionRun, paid_on: date, lines, row: PaymentBatch | None = None) -> Batch:
        name = session.scalar(select(DistributionCriteria.name).where(DistributionCriteria.id == r.criteria_id))
        campaign = session.scalar(select(Campaign.code).where(Campaign.id == r.campaign_id))
        code = run_record.verification_code(r.fingerprint) if r.fingerprint else None
        if row is None:
            return Batch(r.number, name, campaign, code, paid_on, tuple(lines))
        proofs = tuple(ProofRow(p.id, p.name, p.sha256, p.size, p.added_by, p.added_at) for p in session.scalars(
            select(PaymentBatchProof).where(PaymentBatchProof.batch_id == row.id).order_by(PaymentBatchProof.id)))
        return Batch(r.number, name, campaign, code, row.paid_on, tuple(lines), row.number, row.confirmed_by,
                     row.confirmed_at, row.undone_at, row.undone_by, row.undo_reason, proofs)

    # -- recording ---------------------------------------------------------------------

    def record(self, run: int, zone: str | None = None, members: Sequence[str] | None = None,
               paid_on: date | None = None) -> Batch:
        """Record the planned batch in one transaction (all or nothing) and return it
        with its number. Each payment is the single payment's (``pay_in``)."""
        paid_on = paid_on or self._book.clock.today()
        with self._book.write(roles.PAY_DISTRIBUTION) as session:
            r = self._book.distributions.payable_run_in(session, run)
            plan = self._plan_in(session, r, zone, members, paid_on)
            number = (session.scalar(select(PaymentBatch.number).order_by(PaymentBatch.number.desc()).limit(1))
                      or 0) + 1
            batch = PaymentBatch(number=number, run_id=r.id, paid_on=paid_on, members=len(plan.lines),
                                 cash=plan.cash_total, bank=plan.bank_total, confirmed_by=self._book.user,
                                 confirmed_at=self._book.clock.now())
            session.add(batch)
            session.flush()
            people = {m.code: m for m in session.scalars(select(Member).where(
                Member.code.in_([line.code for line in plan.lines])))}
            self._require_sealed(session, r, people)
            reference = f"Lote {number}"
            try:
                for line in plan.lines:
                    self._book.distributions.pay_in(session, r, people[line.code], paid_on, line.method, reference,
                                                    batch_id=batch.id, sealed=True)
            except NegativeCash as refused:
                raise NegativeCash(refused.overdrafts, head=Problem(FIELD, N_(
                    "El lote de %(members)s socios no se registró: paga %(cash)s en efectivo y %(bank)s por banco, "
                    "y la caja o el banco quedarían en negativo."),
                    {"members": len(plan.lines), "cash": Soles(plan.cash_total), "bank": Soles(plan.bank_total)}))
            return self._batch(session, r, paid_on, plan.lines, batch)

    @staticmethod
    def _require_sealed(session, r: DistributionRun, people: dict) -> None:
        """Once for the whole batch: the run still matches its seal for these members."""
        broken = seals.run_problems(session, r, {m.id: m.code for m in people.values()}, entry=False)
        if broken:
            from coopdesk.core.distributions import SealBroken

            raise SealBroken([Problem("run", N_(
                "No se registra el lote: la distribución N.º %(number)s ya no coincide con su sello. Revísela con "
                "«coopdesk check --integrity»."), {"number": r.number})] + broken)

    def undo(self, number: int, reason: str) -> Batch:
        """Reverse a batch recorded by mistake: each payment's entry reversed today
        with the reason, each payment voided once, the batch marked undone."""
        reason = (reason or "").strip()
        problems = []
        if not reason:
            problems.append(Problem("reason", N_("Escriba por qué se deshace el lote.")))
        elif len(reason) > limits.DESCRIPTION:
            problems.append(Problem("reason", N_("El motivo es demasiado largo (máximo %(n)s letras)."),
                                    {"n": limits.DESCRIPTION}))
        with self._book.write(roles.PAY_DISTRIBUTION) as session:
            batch = self._row(session, number)
            r = session.get(DistributionRun, batch.run_id)
            if batch.undone_at is not None:
                problems.insert(0, Problem("batch", N_("El lote N.º %(number)s ya se deshizo el %(date)s."),
                                           {"number": number, "date": batch.undone_at.date()}))
            if problems:
                raise InvalidInput(problems)
            self._book.distributions.payable_run_in(session, r.number)
            now, today, who = self._book.clock.now(), self._book.clock.today(), self._book.user
            payments = session.execute(
                select(DistributionPayment, Member.code).join(Member, Member.id == DistributionPayment.member_id)
                .where(DistributionPayment.batch_id == batch.id, DistributionPayment.voided_at.is_(None))
                .order_by(DistributionPayment.id)).all()
            for payment, code in payments:
                entry = session.scalar(select(JournalEntry.id).where(
                    JournalEntry.source_kind == postings.PAYMENT, JournalEntry.source_id == payment.id,
                    JournalEntry.reverses_id.is_(None)))
                if entry is not None and session.scalar(select(JournalEntry.id).where(
                        JournalEntry.reverses_id == entry)) is None:
                    self._book.ledger.reverse_in(session, entry, today, f"lote {number} deshecho: {reason}", who,
                                                 postings.PAYMENT, payment.id)
                payment.voided_at, payment.voided_by, payment.void_reason = now, who, reason
            batch.undone_at, batch.undone_by, batch.undo_reason = now, who, reason
            session.flush()
        return self.get(number)

    # -- proofs ------------------------------------------------------------------------

    def add_proof(self, number: int, name: str, content: bytes) -> ProofRow:
        """Keep ``content`` (a scanned signed planilla, a photo) with the batch."""
        name = (name or "").strip().replace("\\", "/").rsplit("/", 1)[-1]
        problems = []
        if not content:
            problems.append(Problem("proof", N_("El comprobante %(file)s está vacío."), {"file": name}))
        elif len(content) > limits.PROOF_BYTES:
            problems.append(Problem("proof", N_("El comprobante %(file)s es demasiado grande (máximo %(mb)s MB): "
                                                "escanéelo con menos resolución."),
                                    {"file": name, "mb": limits.PROOF_BYTES // 1_000_000}))
        if len(name) > limits.DESCRIPTION:
            name = name[-limits.DESCRIPTION:]
        with self._book.write(roles.PAY_DISTRIBUTION) as session:
            batch = self._row(session, number)
            if problems:
                raise InvalidInput(problems)
            proof = PaymentBatchProof(batch_id=batch.id, name=name, sha256=hashlib.sha256(content).hexdigest(),
                                      size=len(content), content=content, added_by=self._book.user,
                                      added_at=self._book.clock.now())
            session.add(proof)
            session.flush()
            return ProofRow(proof.id, proof.name, proof.sha256, proof.size, proof.added_by, proof.added_at)

    def proof_content(self, proof_id: int) -> bytes:
        with self._book.read() as session:
            proof = session.get(PaymentBatchProof, proof_id)
            if proof is None:
                raise NotFound(N_("No existe el comprobante %(id)s."), id=proof_id)
            return proof.content

    # -- reading -----------------------------------------------------------------------

    def get(self, number: int) -> Batch:
        """A recorded batch with its members (in planilla order), as recorded."""
        with self._book.read() as session:
            batch = self._row(session, number)
            r = session.get(DistributionRun, batch.run_id)
            rows = session.execute(
                select(Member, Zone, DistributionPayment.amount).join(Zone, Member.zone_id == Zone.id)
                .join(DistributionPayment, DistributionPayment.member_id == Member.id)
                .where(DistributionPayment.batch_id == batch.id)
                .order_by(Zone.name, Zone.code, Member.sort_key, Member.id)).all()
            methods = dict(session.execute(select(DistributionPayment.member_id, DistributionPayment.method)
                                           .where(DistributionPayment.batch_id == batch.id)).all())
            lines = [BatchLine(m.code, m.first_names, m.last_names, m.dni, z.code, z.name, amount,
                               m.bank_account if methods[m.id] == PaymentMethod.TRANSFER else "")
                     for m, z, amount in rows]
            return self._batch(session, r, batch.paid_on, lines, batch)

    def batches(self, run: int | None = None) -> list[Batch]:
        with self._book.read() as session:
            query = select(PaymentBatch.number).order_by(PaymentBatch.number)
            if run is not None:
                query = query.join(DistributionRun, DistributionRun.id == PaymentBatch.run_id).where(
                    DistributionRun.number == run)
            numbers = session.scalars(query).all()
        return [self.get(n) for n in numbers]

    def planilla_document(self, batch: Batch) -> IssuedDocument | None:
        """The planilla's number (kind «planilla_pagos», numbered on its own): a
        recorded batch's planilla printed again unchanged is a reprint; a planned
        batch's draft has none."""
        if batch.number is None:
            return None
        content = tuple((line.code, str(line.net), line.bank_account) for line in batch.lines)
        [issued] = self._book.documents.issue(PAY_SHEET, [Subject(
            f"lote:{batch.number}", digest(batch.run, batch.paid_on, content, batch.undone_at))])
        return issued

    @staticmethod
    def _row(session, number: int) -> PaymentBatch:
        row = session.scalars(select(PaymentBatch).where(PaymentBatch.number == number)).first()
        if row is None:
            raise NotFound(N_("No existe el lote de pagos N.º %(number)s."), number=number)
        return row



def bank_file_text(batch: Batch) -> str:
    """The bank payment file of ``batch`` (``domain.bank_file``): its members paid by bank."""
    reference = f"Lote {batch.number} Dist {batch.run}" if batch.number is not None else f"Dist {batch.run}"
    return bank_csv((BankLine(line.code, line.dni, line.sort_name, line.bank_account, line.net)
                     for line in batch.by_bank), reference)


def write_bank_file(batch: Batch, path: str | os.PathLike) -> int:
    """Write the bank file to ``path`` whole (a temporary file moved in place);
    returns how many members it pays."""
    path = Path(path)
    if path.suffix.lower() != ".csv":
        raise BookError(N_("El archivo para el banco debe terminar en .csv (no %(file)s)."), file=str(path))
    if not path.parent.is_dir():
        raise BookError(N_("No existe la carpeta %(folder)s."), folder=str(path.parent))
    handle, temporary = tempfile.mkstemp(prefix=".coopdesk-", suffix=".csv", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(bank_file_text(batch))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return len(batch.by_bank)
