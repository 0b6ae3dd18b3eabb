"""The register of issued documents: each kind numbered on its own, reprints
counted (docs/documents.md).

A document is its kind, its subject (whose or what it is: a member in a
campaign, a run and a member, a ticket) and a digest of its content. Printing
it again with the same content is a reprint: the same number, the reprint
count raised by one. If the content changed (a statement after new
deliveries, a ticket voided since) it is a new document with the next number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coopdesk.db.models import Document
from coopdesk.domain.documents import ACCOUNT_STATEMENT, KINDS, RECEIPT, IssuedDocument, digest

if TYPE_CHECKING:
    from coopdesk.core.book import Book


@dataclass(frozen=True)
class Subject:
    """What one document is for: ``key`` names it ("run:3/member:S0001"),
    ``digest`` fingerprints its content; ``member_id`` and ``campaign_id``
    are kept with it when it is a member's or a campaign's."""

    key: str
    digest: str = ""
    member_id: int | None = None
    campaign_id: int | None = None


class Documents:
    def __init__(self, book: "Book"):
        self._book = book

    def issue(self, kind: str, subjects: Iterable[Subject]) -> list[IssuedDocument]:
        """Number ``subjects`` of ``kind`` in their own transaction (see ``issue_in``).
        Whoever may print a document has it numbered (the board prints its own
        summary): recording the printing needs no role of its own. The delivery
        statement, issued with its deliveries, keeps ``ISSUE_STATEMENTS``."""
        with self._book.write(None) as session:
            return self.issue_in(session, kind, subjects)

    def issued(self, kind: str, subject: Subject) -> IssuedDocument | None:
        """Reading only, for a book that cannot be written: the document ``subject``
        already has (its number; this printing would be its next reprint, which is
        not recorded), or None when it was never issued."""
        with self._book.read() as session:
            row = session.scalars(
                select(Document).where(Document.kind == kind, Document.subject == subject.key,
                                       Document.digest == subject.digest, Document.subject != "")
                .order_by(Document.number.desc()).limit(1)).first()
            if row is None:
                return None
            return IssuedDocument(kind, row.number, row.reprints + 1, row.printed_at, self._book.clock.now())

    def issue_in(self, session: Session, kind: str, subjects: Iterable[Subject]) -> list[IssuedDocument]:
        """In the caller's transaction: each subject's document, its number and
        printing. A subject already printed with the same digest is a reprint
        (its count raised); otherwise the next number of ``kind``."""
        if kind not in KINDS:
            raise ValueError(f"unknown kind of document: {kind}")
        now = self._book.clock.now()
        last = session.scalar(select(func.max(Document.number)).where(Document.kind == kind)) or 0
        issued = []
        for subject in subjects:
            row = session.scalars(
                select(Document).where(Document.kind == kind, Document.subject == subject.key,
                                       Document.digest == subject.digest, Document.subject != "")
                .order_by(Document.number.desc()).limit(1)).first()
            if row is None:
                last += 1
                row = Document(kind=kind, number=last, subject=subject.key, digest=subject.digest,
                               member_id=subject.member_id, campaign_id=subject.campaign_id, printed_at=now,
                               last_printed_at=now, reprints=0)
                session.add(row)
            else:
                row.reprints += 1
                row.last_printed_at = now
            issued.append(IssuedDocument(kind, row.number, row.reprints, row.printed_at, now))
        session.flush()
        return issued

    def receipt(self, delivery) -> IssuedDocument:
        """The number of this printing of a delivery's ticket (``delivery``: a
        DeliveryRow): the same ticket in the same state is a reprint; once
        voided, its ticket is a new document (it says «ANULADO»)."""
        [issued] = self.issue(RECEIPT, [Subject(f"ticket:{delivery.ticket}", digest(
            delivery.void_reason, delivery.amount, delivery.net_kg, delivery.price))])
        return issued

    def account_statement(self, member_code: str, start, end, content: tuple) -> IssuedDocument:
        """The number of a member's Estado de cuenta corriente for a period;
        ``content``: what it says (printed again unchanged: a reprint)."""
        [issued] = self.issue(ACCOUNT_STATEMENT, [
            Subject(f"member:{member_code}/{start.isoformat()}/{end.isoformat()}", digest(*content))])
        return issued

    def history(self, kind: str | None = None) -> list[tuple[str, int, str, int]]:
        """(kind, number, subject, reprints) of every document issued, by kind and number."""
        with self._book.read() as session:
            query = select(Document.kind, Document.number, Document.subject, Document.reprints)
            if kind is not None:
                query = query.where(Document.kind == kind)
            return [tuple(r) for r in session.execute(query.order_by(Document.kind, Document.number))]
