"""Collection points (centros de acopio): each numbers its own tickets with its series."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from coopdesk.core.dto import Changes
from coopdesk.core.errors import InvalidInput, N_, Problem
from coopdesk.db.models import CollectionPoint
from coopdesk.domain import limits
from coopdesk.domain import roles

if TYPE_CHECKING:
    from coopdesk.core.book import Book

SERIES_RE = re.compile(r"^[A-Z0-9]{1,4}$")


@dataclass(frozen=True)
class PointRow:
    id: int
    code: str
    name: str
    series: str


class CollectionPoints:
    def __init__(self, book: "Book"):
        self._book = book

    def add(self, code: str, name: str, series: str) -> Changes:
        code, name, series = code.strip().upper(), name.strip(), series.strip().upper()
        problems: list[Problem] = []
        if not code:
            problems.append(Problem("code", N_("Escriba el código del centro de acopio.")))
        elif len(code) > limits.CODE:
            problems.append(Problem("code", N_("El código del centro de acopio tiene más de 20 caracteres.")))
        if not name:
            problems.append(Problem("name", N_("Escriba el nombre del centro de acopio.")))
        elif len(name) > limits.NAME:
            problems.append(Problem("name", N_("Es demasiado largo: %(limit)s caracteres como máximo."),
                                    {"limit": limits.NAME}))
        if not SERIES_RE.match(series):
            problems.append(Problem("series", N_("La serie de tickets tiene de 1 a 4 letras o dígitos, por ejemplo 002.")))
        with self._book.write(roles.EDIT_MEMBERS) as session:
            taken = session.scalars(select(CollectionPoint).where(
                (CollectionPoint.code == code) | (CollectionPoint.series == series))).all()
            for point in taken:
                if point.code == code:
                    problems.append(Problem("code", N_("Ya existe el centro de acopio %(code)s."), {"code": code}))
                if point.series == series:
                    problems.append(Problem("series", N_("La serie %(series)s ya es del centro %(name)s."),
                                            {"series": series, "name": point.name}))
            if problems:
                raise InvalidInput(problems)
            session.add(CollectionPoint(code=code, name=name, series=series,
                                        created_at=self._book.clock.now()))
        return Changes(reference=True)

    def list(self) -> list[PointRow]:
        with self._book.read() as session:
            return [PointRow(p.id, p.code, p.name, p.series)
                    for p in session.scalars(select(CollectionPoint).order_by(CollectionPoint.series))]
