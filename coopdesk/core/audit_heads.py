"""The audit trail's head on paper (docs/security.md, «La cabeza del registro en papel»).

The *head* is the newest record of the trail that coopdesk chained: its hash
covers every record before it (``domain.audit_chain``). The board's summary of
a distribution and the monthly «cierre» print it (``R-A1B2-C3D4-E5F6-0789``,
the whole hash in groups of four, the number of records and the time of the
last one) and record here what they printed (``audit_heads``, migration 0012).

Later, the chain is recomputed from the records' content alone, from the first
record on, and compared with each printed head:

- ``compare``: with every head recorded in the book (``coopdesk check
  --integrity``): each one matches, or the first record that differs is named;
- ``verify``: with a head typed back from the paper (``coopdesk verify R-…``),
  which needs nothing stored in the book to be believed.

Someone who rewrites the trail and recomputes every hash consistently leaves a
chain that checks, but that no longer reaches the printed head: the paper is
what they cannot rewrite.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Iterator

from sqlalchemy import inspect, select, text

from coopdesk.core.book_files import DiskFull, ReadOnlyFile
from coopdesk.core.errors import BookError, InvalidInput
from coopdesk.db.models import AuditHead
from coopdesk.domain.audit_chain import GENESIS, content, head_code, head_groups, link, read_head_code
from coopdesk.domain.problems import N_, Problem, Text

if TYPE_CHECKING:
    from coopdesk.core.book import Book

CIERRE, RESUMEN = "cierre", "resumen"
ATTEMPTS = 3  # a paper laid out again when the head moved meanwhile (a book printed without recording)


@dataclass(frozen=True)
class Printing:
    """What printing a head did: the head on the paper, and whether the book recorded it."""

    head: "Head | None"
    recorded: bool


@dataclass(frozen=True)
class Head:
    """The newest chained record of the trail, as printed."""

    record_id: int
    records: int  # records in the trail up to and including it
    hash: str
    at: str | None  # its time as the trail has it («2026-03-31 18:02:00»)

    @property
    def code(self) -> str:
        return head_code(self.hash)

    @property
    def groups(self) -> str:
        return head_groups(self.hash)

    @property
    def moment(self) -> datetime | None:
        return datetime.fromisoformat(self.at) if self.at else None


@dataclass(frozen=True)
class Printed:
    """A head as the book recorded it when it was printed."""

    kind: str  # cierre, resumen
    reference: str  # the month («2026-03») or the run's number
    printed_on: date
    printed_by: str
    record_id: int
    records: int
    hash: str

    @property
    def code(self) -> str:
        return head_code(self.hash)


@dataclass(frozen=True)
class HeadCheck:
    """A head typed back from paper, against the trail recomputed."""

    code: str
    matches: bool
    head: Head | None  # where the recomputed chain reaches it (None: nowhere)
    printed: tuple[Printed, ...]  # the book's records of printing it
    first_altered: int | None  # the first record whose stored hash is not its recomputed one


def current(conn) -> Head | None:
    """The trail's head now (None: nothing chained yet, or a book without a trail)."""
    if not inspect(conn).has_table("audit_log"):
        return None
    row = conn.execute(text("SELECT id, hash, at FROM audit_log WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1")
                       ).first()
    if row is None:
        return None
    # all the records less those after the head: SQLite counts the whole table in its smallest index
    # (about 25 times quicker than walking the table's rows up to the head, at a million records)
    records = conn.execute(text("SELECT (SELECT count(*) FROM audit_log) - (SELECT count(*) FROM audit_log "
                                "WHERE id > :id)"), {"id": row[0]}).scalar_one()
    return Head(row[0], int(records), row[1], row[2])


def record_in(session, kind: str, reference: str, head: Head, printed_on: date, by: str, at: datetime) -> None:
    """Keep a printed head (in the printing's own write transaction)."""
    session.add(AuditHead(kind=kind, reference=reference[:40], printed_on=printed_on, printed_at=at,
                          printed_by=by[:100], record_id=head.record_id, records=head.records, hash=head.hash))
    session.flush()


def printed_heads(conn) -> list[Printed]:
    if not inspect(conn).has_table("audit_heads"):
        return []
    rows = conn.execute(select(AuditHead.kind, AuditHead.reference, AuditHead.printed_on, AuditHead.printed_by,
                               AuditHead.record_id, AuditHead.records, AuditHead.hash)
                        .order_by(AuditHead.record_id, AuditHead.id))
    return [Printed(*row) for row in rows]


def recomputed(conn) -> Iterator[tuple[int, int, str | None, str | None, str | None]]:
    """Every record in order: (id, records so far, its time, its stored hash, the
    hash its content gives when the chain is recomputed from the first record,
    ignoring every stored hash). A record written outside coopdesk (no hash) is
    not part of the chain: its recomputed hash is None."""
    prev, count = GENESIS, 0
    rows = conn.execution_options(stream_results=True, yield_per=5000).execute(text(
        "SELECT id, at, who, action, table_name, row_id, before, after, hash FROM audit_log ORDER BY id"))
    for row in rows:
        count += 1
        if row[8] is None:
            yield row[0], count, row[1], None, None
            continue
        prev = link(prev, content(*row[:8]))
        yield row[0], count, row[1], row[8], prev


def _words(p: Printed) -> dict:
    """A printed head in a sentence: «… impresa el 31/03/2026 en el cierre del mes 03/2026 …»."""
    if p.kind == CIERRE:
        year, _sep, month = p.reference.partition("-")
        what, reference = N_("cierre del mes"), f"{month}/{year}"
    else:
        what, reference = N_("resumen de la distribución N.º"), p.reference
    return {"date": p.printed_on, "code": p.code, "records": Decimal(p.records), "id": p.record_id,
            "what": Text(what), "reference": reference}


@dataclass
class Recomputed:
    """What the chain recomputed from the records' content alone gives at the
    records ``watch``ed (the printed heads'), and the first record whose stored
    hash is not its recomputed one. Filled record by record, in order, by
    ``recomputed`` here or by the chain's own check (``audit_check``), so
    ``check --integrity`` reads the trail once."""

    watch: frozenset[int]
    reached: dict[int, tuple[int, str | None]] = field(default_factory=dict)  # id -> (records so far, hash)
    first_altered: int | None = None

    def note(self, id_: int, count: int, stored: str | None, computed: str | None) -> None:
        if self.first_altered is None and stored is not None and stored != computed:
            self.first_altered = id_
        if id_ in self.watch:
            self.reached[id_] = (count, computed)


def compare(conn) -> tuple[int, list[Problem], list[Problem]]:
    """Every printed head the book recorded against the chain recomputed:
    (heads compared, findings, agreements)."""
    heads = printed_heads(conn)
    if not heads:
        return 0, [], []
    found = Recomputed(frozenset(p.record_id for p in heads))
    for id_, count, _at, stored, computed in recomputed(conn):
        found.note(id_, count, stored, computed)
    findings, agreements = judge(heads, found)
    return len(heads), findings, agreements


def judge(heads: list[Printed], chain: Recomputed) -> tuple[list[Problem], list[Problem]]:
    """Each printed head against the recomputed chain: (findings, agreements). A
    head that does not match names the first record that differs, or, when the
    trail was rewritten with every hash recomputed, the span between the last
    head that matches and it."""
    reached, first_altered = chain.reached, chain.first_altered
    findings: list[Problem] = []
    agreements: list[Problem] = []
    last_good: Printed | None = None
    for p in heads:
        words = _words(p)
        found = reached.get(p.record_id)
        if found is not None and found == (p.records, p.hash):
            agreements.append(Problem("audit", N_(
                "El registro de cambios coincide con la cabeza impresa el %(date)s en el %(what)s %(reference)s: "
                "%(code)s, %(records)s registros hasta el N.º %(id)s."), words))
            last_good = p
            continue
        if found is None:
            findings.append(Problem("audit", N_(
                "El registro de cambios NO coincide con la cabeza impresa el %(date)s en el %(what)s %(reference)s "
                "(%(code)s): "
                "su registro N.º %(id)s ya no está; se borraron registros."), words))
        elif first_altered is not None and first_altered <= p.record_id:
            findings.append(Problem("audit", N_(
                "El registro de cambios NO coincide con la cabeza impresa el %(date)s en el %(what)s %(reference)s "
                "(%(code)s): "
                "el primer registro que difiere es el N.º %(first)s."), {**words, "first": first_altered}))
        elif found[0] != p.records:
            findings.append(Problem("audit", N_(
                "El registro de cambios NO coincide con la cabeza impresa el %(date)s en el %(what)s %(reference)s "
                "(%(code)s): "
                "tenía %(records)s registros hasta el N.º %(id)s y ahora tiene %(now)s; se borraron o añadieron "
                "registros antes de ese."), {**words, "now": Decimal(found[0])}))
        else:
            since = last_good.record_id + 1 if last_good is not None else 1
            findings.append(Problem("audit", N_(
                "El registro de cambios NO coincide con la cabeza impresa el %(date)s en el %(what)s %(reference)s "
                "(%(code)s): "
                "fue reescrito con sus huellas recalculadas; el cambio está entre los registros N.º %(since)s y "
                "N.º %(id)s."), {**words, "since": since}))
    return findings, agreements


def verify(conn, typed: str) -> HeadCheck:
    """A head's code typed from paper (``R-…``), against the chain recomputed."""
    digits = read_head_code(typed)
    if digits is None:
        raise InvalidInput([Problem("code", N_(
            "«%(code)s» no es la cabeza de un registro de cambios: es una R y 16 letras y números como "
            "R-3F2A-91C0-7B4D-E815."), {"code": typed})])
    code = head_code(digits.ljust(16, "0"))
    head, first_altered = None, None
    for id_, count, at, stored, computed in recomputed(conn):
        if first_altered is None and stored is not None and stored != computed:
            first_altered = id_
        if head is None and computed is not None and computed.startswith(digits):
            head = Head(id_, count, computed, at)
    printed = tuple(p for p in printed_heads(conn) if p.hash.startswith(digits))
    return HeadCheck(code, head is not None, head, printed, first_altered)


class AuditHeads:
    """``book.audit_heads``: the head now, the heads printed, a head typed back."""

    def __init__(self, book: "Book"):
        self._book = book

    def current(self) -> Head | None:
        with self._book.read() as session:
            return current(session.connection())

    def printed(self) -> list[Printed]:
        with self._book.read() as session:
            return printed_heads(session.connection())

    def verify(self, typed: str) -> HeadCheck:
        with self._book.read() as session:
            return verify(session.connection(), typed)

    def printing(self, kind: str, reference: str, printed_on: date, write) -> "Printing":
        """Print the head now: ``write(head, recorded)`` lays out the paper (the
        head may be None in a trail with nothing chained yet; ``recorded``: the
        book keeps it, once this transaction commits); in the same transaction the
        head is recorded, so no other change can come between reading it and
        recording it, and a paper that failed to print records nothing.

        A book that cannot be written (a read-only file or folder, a full disk:
        ``ReadOnlyFile``, ``DiskFull``) or nobody logged in: the paper is printed
        with the head as it is, not recorded (``unrecorded``). That is sound: the
        printed head is checked against the trail recomputed from its records
        (``coopdesk verify R-…``), which needs nothing recorded in the book; the
        record only lets ``check --integrity`` list the paper by itself."""
        if self._book.person is not None:
            try:
                with self._book.write(None) as session:
                    head = current(session.connection())
                    if head is not None:  # first: a book that cannot be written refuses before any paper
                        record_in(session, kind, reference, head, printed_on, self._book.user,
                                  self._book.clock.now())
                    write(head, head is not None)
                return Printing(head, head is not None)
            except (ReadOnlyFile, DiskFull):
                pass  # the paper still proves what it prints; see unrecorded
        return Printing(self.unrecorded(write), False)

    def unrecorded(self, write) -> Head | None:
        """``write(head, False)`` with the head now, recording nothing. Without the write
        lock, another office machine could record a change while the paper is laid
        out: the head is read again afterwards, and the paper laid out again until
        it is the same (the figures and the head are then of one moment)."""
        for _attempt in range(ATTEMPTS):
            head = self.current()
            write(head, False)
            if self.current() == head:
                return head
        raise BookError(N_("Otra computadora siguió registrando cambios mientras se imprimía: la cabeza del registro "
                           "no quedó fija. Vuelva a imprimir en un momento."))
