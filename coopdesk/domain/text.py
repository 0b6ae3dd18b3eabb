"""Text keys for finding and ordering people's names as a Peruvian reader expects.

- ``search_fold``: lower case without accents, ñ as n, so "chavez" finds "Chávez"
  and "nunez" finds "Núñez" (treasurers often type without accents).
- ``sort_fold``: the order of a Spanish list: accents ignored (Chávez between
  Chauca and Choque), ñ a letter of its own between n and o
  (Nunura, Nuñez, Ñahui, Oblitas).
"""

from __future__ import annotations

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
