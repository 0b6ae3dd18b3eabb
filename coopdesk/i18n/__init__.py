"""Translation for every user-facing string.

Spanish is the source language: message ids in the code are the Spanish text, so
a string missing from a catalog still shows in the cooperative's language.
English comes from ``coopdesk/locale/en/LC_MESSAGES/coopdesk.mo``. Import ``_``,
``ngettext`` and ``N_`` explicitly (never from builtins), as Picard does.

The catalogs are built from ``translations/`` with ``python scripts/i18n.py``
(see docs/translations.md).
"""

from __future__ import annotations

import gettext as _gettext
from datetime import date
from decimal import Decimal
from pathlib import Path

from coopdesk.domain.catalog import LABELS
from coopdesk.domain.problems import N_, Continued, Problem, Text

DOMAIN = "coopdesk"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = ("es", "en")
DEFAULT_LANGUAGE = "es"

_translation: _gettext.NullTranslations = _gettext.NullTranslations()
_language = DEFAULT_LANGUAGE

__all__ = ["N_", "_", "ngettext", "set_language", "language", "describe", "label", "LANGUAGES"]


def set_language(lang: str | None) -> str:
    """Switch the language of every later ``_()`` call; returns the one in force.

    Unknown languages fall back to Spanish.
    """
    global _translation, _language
    code = (lang or DEFAULT_LANGUAGE).split("_")[0].split(".")[0].lower()
    if code not in LANGUAGES:
        code = DEFAULT_LANGUAGE
    _language = code
    if code == DEFAULT_LANGUAGE:
        _translation = _gettext.NullTranslations()
    else:
        _translation = _gettext.translation(DOMAIN, LOCALE_DIR, languages=[code], fallback=True)
    return code


def language() -> str:
    return _language


def _(message: str) -> str:
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def label(code: str) -> str:
    """The translated label of a vocabulary code (certification, gender, ...)."""
    return _(LABELS[code]) if code in LABELS else code


def _continuing(sentence: str) -> str:
    """A sentence that goes on after a colon: «Línea 2, «monto»: escriba…», not
    «Escriba…». Only an ordinary capitalised word is lowered: a code (S0001, RUC)
    or a quoted name keeps its letters."""
    if len(sentence) > 1 and sentence[0].isupper() and sentence[1].islower():
        return sentence[0].lower() + sentence[1:]
    return sentence


def describe(problem: Problem) -> str:
    """A problem as one translated sentence, its values formatted for the reader."""
    from coopdesk.domain.money import Soles
    from coopdesk.domain.roles import ROLE_NAMES, RoleList
    from coopdesk.i18n.formatting import format_date, format_money, format_number

    params = {}
    for key, value in problem.params.items():
        if isinstance(value, Text):
            params[key] = _(value)
        elif isinstance(value, Problem):  # a problem inside a sentence (with the line it is on)
            params[key] = describe(value)
        elif isinstance(value, Continued):
            inner = value.reason
            params[key] = _continuing(describe(inner) if isinstance(inner, Problem) else _(inner))
        elif isinstance(value, RoleList):
            names = [_(ROLE_NAMES.get(role, role)) for role in value]
            params[key] = names[0] if len(names) == 1 else _("%(first)s y %(last)s") % {
                "first": ", ".join(names[:-1]), "last": names[-1]}
        elif isinstance(value, Soles):
            params[key] = format_money(Decimal(value))
        elif isinstance(value, date):
            params[key] = format_date(value)
        elif isinstance(value, Decimal):
            params[key] = format_number(value)
        else:
            params[key] = value
    return _(problem.message) % params
