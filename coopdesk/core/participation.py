"""Participation: assemblies and faenas, who attended, and the points they earn
(an input distribution criteria can use with the key ``puntos``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Iterable

from sqlalchemy import BigInteger, type_coerce, delete, func, select

from coopdesk.core.dto import Changes
from coopdesk.core.errors import InvalidInput, N_, NotFound, Problem
from coopdesk.core.members import same_code
from coopdesk.db.models import Attendance, Member, ParticipationEvent
from coopdesk.domain import limits
from coopdesk.domain.money import ZERO
from coopdesk.domain import roles


def _int(sum_):
    """A SUM over céntimos (or hundredths) as the plain integer it is."""
    return type_coerce(sum_, BigInteger)

if TYPE_CHECKING:
    from coopdesk.core.book import Book

KINDS = ("asamblea", "faena")
MAX_POINTS = Decimal(1000)


@dataclass(frozen=True)
class EventRow:
    id: int
    date: date
    kind: str
    description: str
    points: Decimal
    attended: int


class Participation:
    def __init__(self, book: "Book"):
        self._book = book

    def add_event(self, day: date, kind: str, points: Decimal, description: str = "") -> int:
        problems = []
        if kind not in KINDS:
            problems.append(Problem("kind", N_("Elija el tipo: asamblea o faena.")))
        if day is None or day > self._book.clock.today():
            problems.append(Problem("date", N_("La fecha no puede ser futura.")))
        if points is None or not (ZERO <= points <= MAX_POINTS) or points != points.quantize(Decimal("0.01")):
            problems.append(Problem("points", N_("Los puntos deben estar entre 0 y %(max)s, con dos decimales a lo "
                                                 "más."), {"max": MAX_POINTS}))
        if len(description) > limits.DESCRIPTION:
            problems.append(Problem("description", N_("La descripción es demasiado larga (máximo %(n)s letras)."),
                                    {"n": limits.DESCRIPTION}))
        if problems:
            raise InvalidInput(problems)
        with self._book.write(roles.RECORD_PARTICIPATION) as session:
            event = ParticipationEvent(date=day, kind=kind, points=points, description=description.strip())
            session.add(event)
            session.flush()
            return event.id

    def record_attendance(self, event_id: int, member_codes: Iterable[str]) -> Changes:
        """Who attended (replaces the list: the attendance sheet as it stands)."""
        codes = [c.strip() for c in member_codes if c.strip()]
        with self._book.write(roles.RECORD_PARTICIPATION) as session:
            if session.get(ParticipationEvent, event_id) is None:
                raise NotFound(N_("No existe la asamblea o faena %(id)s."), id=event_id)
            ids, unknown = [], []
            for code in codes:
                member_id = session.scalar(select(Member.id).where(same_code(code)))
                (ids.append(member_id) if member_id is not None else unknown.append(code))
            if unknown:
                raise InvalidInput([Problem("members", N_("No existen estos socios: %(codes)s."),
                                            {"codes": ", ".join(unknown)})])
            session.execute(delete(Attendance).where(Attendance.event_id == event_id))
            for member_id in dict.fromkeys(ids):
                session.add(Attendance(event_id=event_id, member_id=member_id))
        return Changes(members=tuple(dict.fromkeys(ids)))

    def events(self, start: date | None = None, end: date | None = None) -> list[EventRow]:
        e, a = ParticipationEvent, Attendance
        query = (select(e.id, e.date, e.kind, e.description, e.points, func.count(a.id))
                 .outerjoin(a, a.event_id == e.id).group_by(e.id, e.date, e.kind, e.description, e.points)
                 .order_by(e.date, e.id))
        if start is not None:
            query = query.where(e.date >= start)
        if end is not None:
            query = query.where(e.date <= end)
        with self._book.read() as session:
            return [EventRow(*row) for row in session.execute(query)]

    def attendees(self, event_id: int) -> set[str]:
        """The codes of the members recorded as attending an event."""
        with self._book.read() as session:
            return set(session.scalars(select(Member.code).join(Attendance, Attendance.member_id == Member.id)
                                       .where(Attendance.event_id == event_id)))

    def points(self, start: date, end: date) -> dict[int, Decimal]:
        """Each member's points for the events between two dates (member id -> points)."""
        e, a = ParticipationEvent.__table__.c, Attendance.__table__.c
        query = (select(a.member_id, _int(func.sum(e.points_cp))).join_from(Attendance.__table__,
                                                                       ParticipationEvent.__table__,
                                                                       a.event_id == e.id)
                 .where(e.date >= start, e.date <= end).group_by(a.member_id))
        with self._book.read() as session:
            return {member: Decimal(int(cp)).scaleb(-2) for member, cp in session.execute(query)}
