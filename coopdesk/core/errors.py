"""Errors the core raises for a person to read (translated by coopdesk.i18n.describe)."""

from __future__ import annotations

from coopdesk.domain.problems import InvalidInput, N_, Problem

__all__ = ["BookError", "InvalidInput", "NotFound", "Problem", "N_"]


class BookError(Exception):
    """The book cannot do what was asked (no database, newer schema, ...)."""

    def __init__(self, message: str, **params: object):
        self.problem = Problem("", message, params)
        super().__init__(message % params)

    @property
    def problems(self) -> tuple[Problem, ...]:
        return (self.problem,)


class NotFound(BookError):
    """A member, campaign or other record named by the user does not exist."""
