"""Text keys for finding and ordering people's names as a Peruvian reader expects.

- ``search_fold``: lower case without accents, ñ as n, so "chavez" finds "Chávez"
  and "nunez" finds "Núñez" (treasurers often type without accents).
- ``sort_fold``: the order of a Spanish list: accents ignored (Chávez between
  Chauca and Choque), ñ a letter of its own between n and o
  (Nunura, Nuñez, Ñahui, Oblitas).
"""

from __future__ import annotations

import re
import unicodedata

_SORT_ENYE = "n\u007e"  # '~' sorts after every letter, so ñ comes after n + anything


def _strip_marks(text: str, keep_enye: bool) -> str:
    out = []
    for char in unicodedata.normalize("NFD", text.casefold()):
        if unicodedata.combining(char):
            if keep_enye and char == "\u0303" and out and out[-1] == "n":
                out[-1] = _SORT_ENYE
            continue
        out.append(char)
    return " ".join("".join(out).split())


def search_fold(text: str) -> str:
    return _strip_marks(text, keep_enye=False)


def sort_fold(text: str) -> str:
    return _strip_marks(text, keep_enye=True)


def member_search_key(code: str, dni: str, first_names: str, last_names: str) -> str:
    return search_fold(f"{code} {dni} {first_names} {last_names}")


def member_sort_key(first_names: str, last_names: str) -> str:
    return sort_fold(f"{last_names} {first_names}")


def decode_text(data: bytes) -> str:
    """A text file as a treasurer's computer saved it: UTF-8 (with or without
    BOM) or, failing that, Windows' cp1252 (Notepad, older Excel)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


# Characters a cell may not carry: control characters other than tab and line
# ends (NUL, BEL, ESC...: invisible, and an XLSX cannot even hold them), the
# C1 controls and DEL, the bidirectional embeddings, overrides and isolates and
# the direction marks (U+202E turns "S0001" into what reads as "1000S": a name
# or a code would not be what it shows), a byte-order mark inside the text, the
# non-characters U+FFFE/U+FFFF and lone surrogates.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                     "\ufeff\ufffe\uffff\ud800-\udfff]")
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def unsafe_character(text: str) -> str | None:
    """The first character of ``text`` that may not be stored (see ``_UNSAFE``), or None."""
    found = _UNSAFE.search(text)
    return found.group() if found else None


def is_bidi_control(char: str) -> bool:
    return char in _BIDI


def code_point(char: str) -> str:
    """A character as its Unicode name for a message: ``U+202E``."""
    return f"U+{ord(char):04X}"
