"""The default chart's move to the PCGE's codes (migration 0008, docs/ledger.md,
«El plan de cuentas y el PCGE»).

Books made before 0008 kept coopdesk's first chart, whose codes the PCGE gives to
other things (581 is Reinversión, 4691 Subsidios gubernamentales, 1681 Entregas a
rendir cuenta a terceros…). The migration moves each of those accounts to the
PCGE's code: the account keeps its id, so its entries, lines and balances stay
exactly as they were, under the new code.

Pure: the table of the move, and how an older code written in a document that
is never rewritten (a published run's sealed criteria) is read today.
"""

from __future__ import annotations

from dataclasses import dataclass

from coopdesk.domain.ledger import DEFAULT_CHART


@dataclass(frozen=True)
class Renumbered:
    old: str          # coopdesk's code before 0008
    new: str          # the PCGE code (or coopdesk's subdivision of it)
    old_name: str     # the name coopdesk gave it before 0008

    @property
    def new_name(self) -> str:
        """The name it takes (the default chart's), unless the contador had renamed it."""
        return next(a.name for a in DEFAULT_CHART if a.code == self.new)


# old → new. The new names are the default chart's (domain/ledger.py): the PCGE's
# (Resolución N.° 002-2019-EF/30 and its catalogue) for its own codes; a code longer
# than the PCGE's own level is coopdesk's subdivision of it (the PCGE leaves those
# levels, and their names, to each entity), named short so the printed books fit.
RENUMBERING: tuple[Renumbered, ...] = (
    Renumbered("1681", "14222", "Adelantos a socios"),
    Renumbered("1682", "14221", "Préstamos a socios"),
    Renumbered("1683", "14223", "Insumos a crédito a socios"),
    Renumbered("2011", "203211", "Producto orgánico"),
    Renumbered("2012", "203212", "Producto en transición"),
    Renumbered("2013", "203213", "Producto convencional"),
    Renumbered("2521", "2524", "Insumos agrícolas para socios"),
    Renumbered("4691", "4419", "Cuentas por pagar a socios"),
    Renumbered("4694", "46991", "Fondo de Educación"),
    Renumbered("4695", "46992", "Fondo de Previsión Social"),
    Renumbered("4696", "46993", "Fondo de Prima de Comercio Justo"),
    Renumbered("581", "582", "Reserva Cooperativa"),
    Renumbered("6911", "69131", "Costo de ventas (acopio de lo vendido)"),
    Renumbered("7011", "701311", "Ventas de producto"),
    Renumbered("7012", "701312", "Diferencial orgánico"),
)
NEW_CODE = {r.old: r.new for r in RENUMBERING}

# change kinds in chart_changes: coopdesk's account renumbered; a contador's own
# account that held the new code, moved to a subdivision of that same code
RENUMBERED, MOVED = "renumerada", "movida"


def current_code(code: str) -> str:
    """The code an account written before 0008 has today: criteria sealed in a
    published run (never rewritten: their fingerprint covers them) still say
    «cuenta = "4694"», and mean 46991. Any other code is itself."""
    code = code.strip()
    return NEW_CODE.get(code, code)


def free_subdivision(code: str, taken: set[str]) -> str:
    """Where a contador's own account that holds ``code`` moves: the first free
    subdivision of that same code (582 → 5821, 5822 …), so it stays under the
    PCGE account it was given."""
    for suffix in range(1, 100):
        candidate = f"{code}{suffix}"
        if candidate not in taken and candidate not in NEW_CODE.values():
            return candidate
    raise ValueError(code)
