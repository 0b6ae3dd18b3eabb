"""Problems found in user input, as values the GUI and CLI can list all at once.

A problem carries a message *id* (the Spanish source text, marked with ``N_`` so
Babel extracts it) and named parameters (dates, Decimals, text); ``coopdesk.i18n.describe``
translates it and formats the parameters for the reader's locale.
The domain never formats a message for display itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping


def N_(message: str) -> str:
    """Mark a message for extraction without translating it here."""
    return message


class Text(str):
    """A message id used as a parameter of another message (a reason inside a
    sentence); ``describe`` translates it together with the message."""

    __slots__ = ()


@dataclass(frozen=True)
class Continued:
    """A reason that goes on a sentence after a colon («Línea 2, «monto»: escriba…»):
    ``describe`` lowers its first word when that is an ordinary capitalised word."""

    reason: "Problem | Text"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: which field, which message, which values."""

    field: str
    message: str
    params: Mapping[str, object] = field(default_factory=dict)


class InvalidInput(Exception):
    """Raised by the core when input has problems; nothing was changed."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        super().__init__("; ".join(p.message % dict(p.params) for p in self.problems))

    def fields(self) -> set[str]:
        return {p.field for p in self.problems}
