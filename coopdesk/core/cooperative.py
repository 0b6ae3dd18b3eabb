"""The cooperative's own details (name, RUC, address, city), corrected after creation.

They head every printed document from then on; documents already issued keep
what they printed (they are files, not re-rendered)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from coopdesk.core.dto import Changes
from coopdesk.core.errors import InvalidInput
from coopdesk.db.models import Cooperative
from coopdesk.domain import roles
from coopdesk.domain.rules import CooperativeInput, check_cooperative

if TYPE_CHECKING:
    from coopdesk.core.book import Book


class CooperativeDetails:
    def __init__(self, book: "Book"):
        self._book = book

    def update(self, details: CooperativeInput) -> Changes:
        """Store corrected details, or raise every problem at once with nothing changed."""
        problems = check_cooperative(details)
        if problems:
            raise InvalidInput(problems)
        with self._book.write(roles.CHANGE_SETTINGS) as session:
            c = session.scalars(select(Cooperative).order_by(Cooperative.id)).first()
            c.name, c.ruc = " ".join(details.name.split()), details.ruc.strip()
            c.address, c.city = details.address.strip(), details.city.strip()
        return Changes(reference=True)
