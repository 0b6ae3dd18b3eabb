"""A criteria file that is not valid TOML: where the mistake is and what to do, in plain Spanish.

``tomllib`` says where it *noticed* the mistake, which is often not where it is:
a text whose closing quote was deleted is noticed at the end of the line (after
a comment, if there is one), a duplicated key after the key. ``syntax_problem``
reads the line itself to point at the column where the mistake is, names the key
written on it, and gives a hint for the usual mistakes (a quote, a bracket, the
sign =, a decimal comma, a word without quotes, a key or section written twice).
"""

from __future__ import annotations

import re

from coopdesk.domain.problems import N_, Problem, Text

_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)")
_KEY = re.compile(r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")
_BARE_KEY = re.compile(r"^\s*([A-Za-z0-9_.\-\"'/*]+?)\s*=")

QUOTE = N_("a este texto le falta una comilla: se escribe entre dos comillas, así: %(example)s.")
QUOTES = N_("hay una comilla de más o de menos: cada texto va entre dos comillas, como \"Retorno por kilos\".")
BRACKETS = N_("el encabezado de la sección no está bien cerrado: escriba [distribucion] con un corchete a cada lado, "
              "o [[fondos]] con dos.")
LIST = N_("la lista que se abre con [ no se cierra: termínela con ], como [\"activo\"].")
EQUALS = N_("falta el signo = entre la clave y su valor, como clave = \"kg\".")
WORD = N_("este valor no se entiende: un texto va entre comillas (\"kg\"), un monto entre comillas (\"1000.00\"), "
          "y sin comillas solo números (20), true o false y fechas (2026-03-15).")
COMMA = N_("un número con coma decimal va entre comillas (\"1234,56\") o se escribe con punto (1234.56).")
EXTRA = N_("sobra algo después del valor: cada clave = valor va en su propia línea (un comentario empieza con #).")
TWICE = N_("esta clave ya está escrita antes en la misma sección (línea %(first)s); cada clave va una sola vez.")
SECTION_TWICE = N_("la sección está escrita dos veces; las que se repiten, como los fondos, llevan doble corchete: "
                   "[[fondos]].")
STATEMENT = N_("cada línea debe ser una clave = valor, una sección entre corchetes o un comentario que empieza con #.")
OTHER = N_("el archivo de criterios tiene un error de escritura (revise corchetes, comillas y signos =).")


def syntax_problem(text: str, error: str) -> Problem:
    """One problem for a TOML decoding error ``error`` (tomllib's message) of ``text``."""
    lines = text.splitlines() or [""]
    found = _WHERE.search(error)
    if found:
        line, column = int(found.group(1)), int(found.group(2))
    else:  # «at end of document»
        line, column = len(lines), len(lines[-1]) + 1
    line = min(max(line, 1), len(lines))
    raw = lines[line - 1]
    reason, params = OTHER, {}
    quote = _unpaired_quote(raw)
    if "Unclosed array" in error:
        line, column = _unclosed_list(lines, line)
        raw, reason = lines[line - 1], LIST
    elif quote is not None:
        column, example = quote
        reason, params = (QUOTE, {"example": example}) if example else (QUOTES, {})
    elif raw.lstrip().startswith("[") and "=" not in raw and raw.count("[") != raw.count("]"):
        reason = BRACKETS  # the bracket is missing after the section's name (before a comment)
        column = len(raw.split("#")[0].rstrip()) + 1
    elif "Cannot declare" in error:
        reason, column = SECTION_TWICE, len(raw) - len(raw.lstrip()) + 1
    elif "Cannot overwrite" in error:
        key = _key(raw)
        first = _first_line_of(lines, line, key) if key else None
        column = len(raw) - len(raw.lstrip()) + 1
        reason, params = (TWICE, {"first": first}) if first else (OTHER, {})
    elif "Expected '='" in error:
        reason = EQUALS
    elif "Invalid value" in error:
        reason = COMMA if re.match(r"\s*-?\d+,\d", raw[column - 1:]) else WORD
    elif "after a statement" in error:
        before = raw[:column - 1]
        reason = COMMA if raw[column - 1:column] == "," and re.search(r"\d$", before) else EXTRA
    elif "Invalid statement" in error:
        reason = STATEMENT
    key = _key(raw)
    header = re.match(r"^\s*\[+\s*([A-Za-z0-9_.-]+)", raw)
    if key is None and header:
        key = header.group(1)
    elif key is None and reason == EQUALS:
        key = raw.split()[0] if raw.split() else None
    if key:
        key = key.strip('"\'')
    values = {"line": line, "column": column, "reason": Problem("", reason, params) if params else Text(reason)}
    if key:
        return Problem(key, N_("Línea %(line)s, columna %(column)s, «%(key)s»: %(reason)s"), values | {"key": key})
    return Problem("", N_("Línea %(line)s, columna %(column)s: %(reason)s"), values)


def _key(raw: str) -> str | None:
    """The key written on the line (``monto``), if the line has one."""
    found = _KEY.match(raw) or _BARE_KEY.match(raw)
    return found.group(1).strip() if found else None


def _unpaired_quote(raw: str) -> tuple[int, str] | None:
    """Where a quote is missing on the line (its 1-based column) and how the
    text is written right, when one side (the key or the value) has an odd
    number of double quotes; None when the quotes pair up."""
    equals = _outside_quotes(raw, "=")
    sides = [(0, raw[:equals]), (equals + 1, raw[equals + 1:])] if equals is not None else [(0, raw)]
    for offset, side in sides:
        if _count_quotes(side) % 2 == 0:
            continue
        start = offset + len(side) - len(side.lstrip())
        stripped = side.strip()
        if stripped.startswith('"'):  # opened, never closed: it ends before a comment, or at the end of the line
            content = stripped[1:]
            comment = re.search(r"\s+#", content)
            if comment:
                content = content[:comment.start()]
            content = content.rstrip()
            return start + 1 + len(content) + 1, f'"{content}"'
        # closed, never opened: it should open where the text starts
        content = stripped.split('"')[0].strip() if not stripped.endswith('"') else stripped[:-1].strip()
        return start + 1, f'"{content}"' if content else ""
    return None


def _count_quotes(side: str) -> int:
    return len(re.findall(r'(?<!\\)"', side))


def _outside_quotes(raw: str, char: str) -> int | None:
    """The position of the first ``char`` outside a quoted text (None: none)."""
    inside = False
    for i, c in enumerate(raw):
        if c == '"' and (i == 0 or raw[i - 1] != "\\"):
            inside = not inside
        elif c == char and not inside:
            return i
    # an unpaired quote before the sign: the first sign at all
    return raw.find(char) if char in raw else None


def _unclosed_list(lines: list[str], last: int) -> tuple[int, int]:
    """The line and column of the ``[`` of a list that is never closed."""
    for i in range(last - 1, -1, -1):
        raw = lines[i]
        if re.match(r"^\s*[^\[#=]+=", raw) and raw.count("[") > raw.count("]"):
            return i + 1, raw.rfind("[") + 1
    return last, 1


def _first_line_of(lines: list[str], line: int, key: str) -> int | None:
    """The earlier line of the same section where ``key`` is written."""
    for i in range(line - 2, -1, -1):
        raw = lines[i]
        if raw.lstrip().startswith("["):
            return None
        if _key(raw) == key:
            return i + 1
    return None
