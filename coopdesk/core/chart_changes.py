"""What the move to the PCGE's codes changed in this book (migration 0008), for
the contador: each account renumbered, each of their own accounts moved out of
the way. ``book.ledger.chart_changes()`` lists them all; ``unseen_chart_changes()``
the ones not shown yet, marking them shown (the app shows them once after the
upgrade; ``coopdesk ledger chart-changes`` prints them whenever asked)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from coopdesk.db.models import ChartChange
from coopdesk.domain.chart import MOVED
from coopdesk.domain.problems import N_


@dataclass(frozen=True)
class ChartChangeRow:
    kind: str        # renumerada, movida
    old_code: str
    new_code: str
    old_name: str
    new_name: str

    @property
    def moved(self) -> bool:
        """A contador's own account moved to a subdivision of the code it held."""
        return self.kind == MOVED


TITLE = N_("El plan de cuentas sigue ahora el Plan Contable General Empresarial (PCGE)")
INTRO = N_("Al actualizar este libro, coopdesk cambió el código de estas cuentas. Cada cuenta conserva sus asientos "
           "y su saldo; solo cambia su código (y su nombre, si usted no lo había cambiado):")
RENUMBERED_LINE = N_("%(old)s «%(old_name)s» → %(new)s «%(new_name)s»")
MOVED_LINE = N_("%(old)s «%(old_name)s», cuenta suya, pasa a %(new)s: el PCGE da el código %(old)s a una cuenta "
                "que coopdesk usa")


def all_changes(session) -> list[ChartChangeRow]:
    return [ChartChangeRow(c.kind, c.old_code, c.new_code, c.old_name, c.new_name)
            for c in session.scalars(select(ChartChange).order_by(ChartChange.id))]


def take_unseen(session, now: datetime) -> list[ChartChangeRow]:
    """The changes not shown yet, marked shown now."""
    rows = list(session.scalars(select(ChartChange).where(ChartChange.shown_at.is_(None)).order_by(ChartChange.id)))
    if rows:
        session.execute(update(ChartChange).where(ChartChange.id.in_([r.id for r in rows])).values(shown_at=now))
    return [ChartChangeRow(c.kind, c.old_code, c.new_code, c.old_name, c.new_name) for c in rows]
