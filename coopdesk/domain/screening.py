"""Deforestation screening of plots (issue 17, item 5; docs/traceability.md).

A buyer or a public service screens the cooperative's plots against forest-loss
maps after the EU cut-off date (31 December 2020) and returns one result per
plot. coopdesk keeps three: ``sin_riesgo`` (no forest loss found), ``riesgo``
(forest loss found) and ``revisar`` (inconclusive, medium risk: someone must
go and look). A plot's newest result is its status; ``riesgo`` and ``revisar``
flag it: its deliveries enter a lot for the EU only with an override.

Pure functions: what a file's cell says, read into coopdesk's values.
"""

from __future__ import annotations

import re

from coopdesk.domain.problems import N_
from coopdesk.domain.text import search_fold

NO_RISK, RISK, REVIEW = "sin_riesgo", "riesgo", "revisar"
RESULTS = (NO_RISK, RISK, REVIEW)
FLAGGED = frozenset({RISK, REVIEW})
RESULT_LABELS = {NO_RISK: N_("sin riesgo"), RISK: N_("riesgo"), REVIEW: N_("revisar")}

# what screening services and buyers write (compared folded, without accents, capitals or punctuation)
_WORDS = {
    NO_RISK: ("sin riesgo", "sin_riesgo", "bajo", "riesgo bajo", "bajo riesgo", "low", "low risk", "no risk",
              "negligible", "negligible risk", "cumple", "compliant", "libre de deforestacion",
              "deforestation free", "deforestation-free", "no deforestation", "sin deforestacion", "ok", "verde",
              "green", "pass"),
    RISK: ("riesgo", "alto", "riesgo alto", "alto riesgo", "high", "high risk", "at risk", "risk", "con riesgo",
           "deforestacion", "deforestation", "deforestation detected", "deforestacion detectada", "no cumple",
           "non compliant", "non-compliant", "not compliant", "rojo", "red", "fail"),
    REVIEW: ("revisar", "medio", "riesgo medio", "medium", "medium risk", "standard", "standard risk", "review",
             "to review", "por revisar", "no concluyente", "inconcluso", "inconclusive", "indeterminado",
             "amarillo", "yellow"),
}
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def _key(text: str) -> str:
    return " ".join(_NOT_ALNUM.sub(" ", search_fold(text)).split())


_BY_KEY = {_key(word): result for result, words in _WORDS.items() for word in words}

_PLACE = re.compile(r"^\s*(?:(?P<member>[^\s-][^\s]*?)\s*-\s*)?(?:P|N\.?\s*°?|#)?\s*(?P<id>\d+)\s*$", re.IGNORECASE)


def read_result(text: str) -> str | None:
    """``sin_riesgo``, ``riesgo`` or ``revisar`` for what a file writes; None when unknown."""
    return _BY_KEY.get(_key(str(text or "")))


def read_plot_reference(text: str) -> tuple[str, int] | None:
    """A plot as a screening file names it: its number (``12``, ``P12``, ``n.° 12``)
    or the EU file's ProductionPlace (``S0001-P12``, member code and number).
    (member code or '', plot number); None when it is neither."""
    match = _PLACE.match(str(text or ""))
    if match is None:
        return None
    return (match.group("member") or "").strip(), int(match.group("id"))
