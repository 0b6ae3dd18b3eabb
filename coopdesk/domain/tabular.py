"""Spreadsheets as treasurers keep them, read into rows of named cells.

A file is a list of raw rows (a row number and its cells); this module finds
the row of column titles, maps each title to a column of the import (accents,
capitals, punctuation, word order and units ignored: "Kg. Neto", "NETO (kg)"
and "kg neto" are the same column), skips blank rows, and hands back each
data row as ``Row(number, cells)`` keyed by the column's key. Numbers, dates
and vocabulary are read by the functions at the end, each returning
``(value, problems)`` like ``coopdesk.domain.reading``.

CSV bytes are read here (standard library only): UTF-8 with or without BOM,
UTF-16 with BOM ("Texto Unicode" from Excel), else Windows-1252 (what Excel
writes as "CSV" on a Spanish Windows), and as a last resort Latin-1; the
separator (comma, semicolon or tab) is the one the title line uses most,
outside quotes. XLSX files are read by the core (openpyxl) into the same raw
rows: text as ``str``, numbers as ``Decimal``, dates as ``date``.

Row numbers are the spreadsheet's own, counted from 1 with blank rows
included, so "Fila 7" is the row the treasurer sees as 7.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Iterable, Iterator, Mapping, Sequence

from coopdesk.domain.problems import N_, Problem
from coopdesk.domain.reading import read_date, read_decimal
from coopdesk.domain.text import search_fold

Cell = str | Decimal | date | None

HEADER_SCAN = 30            # rows searched for the column titles
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Words that say nothing about which column it is: "N° de ticket", "Precio (S/)".
_NOISE = {"de", "del", "el", "la", "los", "las", "en", "por", "n", "no", "nro", "num", "numero", "s", "o", "y"}
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_TOTALS = ("total", "subtotal", "totales")


@dataclass(frozen=True)
class Column:
    """A column an import reads: its key (the name of the field it fills), the
    title coopdesk writes and documents, other titles treasurers use, and
    whether the file must have it."""

    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class RowProblem:
    """A problem at a place of the file: a row (0 for the file as a whole) and
    a column's title as the file writes it ('' for the whole row)."""

    row: int
    column: str
    problem: Problem


@dataclass
class Row:
    number: int
    cells: dict[str, Cell]


@dataclass
class Table:
    rows: list[Row]
    headers: dict[str, str]                 # column key -> its title in the file
    ignored: tuple[str, ...] = ()            # titles of columns that are not imported
    problems: list[RowProblem] = field(default_factory=list)
    header_row: int = 0
    read: int = 0                            # rows below the titles with anything in them
    labels: Mapping[str, str] = field(default_factory=dict)  # key -> coopdesk's own title

    def label(self, key: str) -> str:
        """The column's title as the treasurer wrote it, else coopdesk's."""
        return self.headers.get(key) or self.labels.get(key, key)

    def has(self, key: str) -> bool:
        return key in self.headers


def header_key(text: str) -> str:
    """A title reduced to what identifies it: folded, without punctuation or
    filler words, its words sorted ("Kg. Neto" and "NETO (kg)" -> "kg neto")."""
    words = _NOT_ALNUM.sub(" ", search_fold(text.replace("°", " ").replace("º", " "))).split()
    return " ".join(sorted(w for w in words if w not in _NOISE))


# -- reading CSV bytes --------------------------------------------------------

def decode(data: bytes) -> str:
    """The text of a CSV file: UTF-8 (BOM or not), UTF-16 with a BOM, else
    Windows-1252, else Latin-1 (which reads any byte)."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def sniff_separator(text: str) -> str:
    """The separator the first line that has any uses most (outside quotes):
    semicolon, tab or comma. A title line above the table without any
    separator ("Padrón de socios 2026") is passed over."""
    for line in text.splitlines():
        if not line.strip():
            continue
        counts = {";": 0, "\t": 0, ",": 0}
        quoted = False
        for char in line:
            if char == '"':
                quoted = not quoted
            elif not quoted and char in counts:
                counts[char] += 1
        best = max(counts, key=lambda c: counts[c])
        if counts[best]:
            return best
    return ","  # no line has any: one column


def csv_rows(data: bytes) -> Iterator[tuple[int, list[Cell]]]:
    """Raw rows of a CSV file, numbered as a spreadsheet shows them."""
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_separator(text))
    for number, cells in enumerate(reader, start=1):
        yield number, list(cells)


# -- from raw rows to a table -------------------------------------------------

def _clean(cell: Cell) -> Cell:
    if isinstance(cell, str):
        cell = cell.replace("\u00a0", " ").strip()
        if len(cell) > 1 and cell[0] == "'" and cell[1] in FORMULA_START:
            cell = cell[1:]  # a cell coopdesk (or anyone) neutralised on export
        return cell or None
    if isinstance(cell, datetime):
        return cell.date()
    return cell


def _empty(cell: Cell) -> bool:
    return cell is None or cell == ""


def build_table(raw: Iterable[tuple[int, Sequence[Cell]]], columns: Sequence[Column]) -> Table:
    """Find the titles, map the columns, and keep the rows that have data.

    The title row is the first (of the first 30 non-blank rows) that names every
    required column, else the one naming the most columns; rows above it (a
    sheet's own title) are ignored. A row with a single filled cell, where the
    file has three or more columns, is a heading or merged cell, and a row
    labelled "Total" is a totals row: each is reported once, not imported."""
    by_key = {header_key(alias): c for c in columns for alias in (c.header, *c.aliases)}
    labels = {c.key: c.header for c in columns}
    rows = iter(raw)
    scanned: list[tuple[int, list[Cell]]] = []
    for number, cells in rows:
        if all(_empty(_clean(c)) for c in cells):
            continue
        scanned.append((number, cells))
        if len(scanned) >= HEADER_SCAN:
            break
    best, best_score = None, 0
    required = {c.key for c in columns if c.required}
    for index, (number, cells) in enumerate(scanned):
        titles = (_clean(c) for c in cells)
        found = {by_key[k].key for k in (header_key(c) for c in titles if isinstance(c, str)) if k in by_key}
        if required <= found and found:
            best = index
            break
        if len(found) > best_score:
            best, best_score = index, len(found)
    if best is None:
        return Table([], {}, labels=labels, problems=[RowProblem(0, "", Problem("", N_(
            "No se encontró la fila de títulos de las columnas; la primera fila con datos debe tener títulos "
            "como %(titles)s."), {"titles": ", ".join(c.header for c in columns if c.required)}))])

    header_number, header_cells = scanned[best]
    header_cells = [_clean(c) for c in header_cells]
    table = Table([], {}, labels=labels, header_row=header_number)
    positions: list[tuple[int, str]] = []
    ignored = []
    for position, cell in enumerate(header_cells):
        if _empty(cell):
            continue
        title = str(cell)
        column = by_key.get(header_key(title))
        if column is None:
            ignored.append(title)
        elif column.key in table.headers:
            table.problems.append(RowProblem(header_number, title, Problem(column.key, N_(
                "La columna está repetida: «%(first)s» y «%(second)s» son la misma."),
                {"first": table.headers[column.key], "second": title})))
        else:
            table.headers[column.key] = title
            positions.append((position, column.key))
    table.ignored = tuple(ignored)
    for column in columns:
        if column.required and column.key not in table.headers:
            table.problems.append(RowProblem(header_number, "", Problem(column.key, N_(
                "Falta la columna «%(column)s» en la fila de títulos."), {"column": column.header})))

    wide = len(positions) >= 3

    def take(number: int, cells: Sequence[Cell]) -> None:
        values = {}
        size = len(cells)
        for position, key in positions:
            if position < size:
                value = cells[position]
                if value.__class__ is str and "\u00a0" not in value and value[:1] != "'":
                    value = value.strip() or None  # the common case, quickly
                else:
                    value = _clean(value)
                if value is not None:
                    values[key] = value
        if not values:
            return  # blank, or only notes in columns that are not imported
        table.read += 1
        first = next((c for c in (_clean(c) for c in cells) if not _empty(c)), None)
        if isinstance(first, str) and first[:1] in "tTsS" and search_fold(first).split()[0] in _TOTALS:
            table.problems.append(RowProblem(number, "", Problem("", N_(
                "La fila parece de totales («%(text)s»): bórrela; coopdesk calcula los totales."),
                {"text": first})))
            return
        if wide and len(values) == 1:
            (key, value), = values.items()
            text = value.strftime("%d/%m/%Y") if isinstance(value, date) else str(value)
            table.problems.append(RowProblem(number, table.headers[key], Problem(key, N_(
                "La fila solo tiene «%(text)s»: parece un título o una celda combinada. Bórrela o complete "
                "la fila."), {"text": text})))
            return
        table.rows.append(Row(number, values))

    for number, cells in scanned[best + 1:]:
        take(number, cells)
    for number, cells in rows:
        take(number, cells)
    return table


# -- reading cells ------------------------------------------------------------

def cell_text(cell: Cell) -> str:
    """A cell as text: numbers without a float's artefacts, dates as 31/12/2026."""
    if cell is None:
        return ""
    if isinstance(cell, Decimal):
        return format(cell, "f")
    if isinstance(cell, date):
        return cell.strftime("%d/%m/%Y")
    return cell


_COMMA_DECIMAL = re.compile(r"^[+-]?\d*,\d{1,2}$|^[+-]?\d*,\d{4,}$|^[+-]?\d{1,3}(\.\d{3})+,\d+$")
_DOT_THOUSANDS = re.compile(r"^[+-]?\d{1,3}\.\d{3}$")


def uses_decimal_comma(rows: Iterable[Row], keys: Iterable[str]) -> bool:
    """Whether the file writes decimals with a comma (``120,5``) in these columns."""
    keys = tuple(keys)
    return any(isinstance(v, str) and _COMMA_DECIMAL.match(v)
               for row in rows for v in (row.cells.get(k) for k in keys))


def cell_decimal(cell: Cell, key: str, decimal_comma: bool = False,
                 default: Decimal | None = None) -> tuple[Decimal, list[Problem]]:
    """A number from a cell. Text is read by ``D()`` (``1,234`` is ambiguous);
    in a file that writes decimals with a comma, ``1.234`` is ambiguous too."""
    if isinstance(cell, Decimal):
        return cell, []
    if isinstance(cell, date):
        return Decimal(0), [Problem(key, N_("«%(text)s» no es un número. Escriba cifras con punto decimal, "
                                            "por ejemplo 120.5."), {"text": cell_text(cell)})]
    text = (cell or "").strip()
    if decimal_comma and _DOT_THOUSANDS.match(text):
        whole = text.replace(".", "")
        return Decimal(0), [Problem(key, N_(
            "«%(text)s» puede leerse como %(thousands)s o como %(decimal)s: este archivo escribe los decimales "
            "con coma; escriba %(thousands)s (sin punto de miles) o %(decimal)s."),
            {"text": text, "thousands": whole, "decimal": text.replace(".", ",")})]
    return read_decimal(text, key, default)


def cell_int(cell: Cell, key: str, default: int = 0) -> tuple[int, list[Problem]]:
    if cell is None or cell == "":
        return default, []
    value, problems = cell_decimal(cell, key)
    if problems or value != value.to_integral_value() or abs(value) >= 10 ** 9:
        return default, [Problem(key, N_("«%(text)s» no es un número entero."), {"text": cell_text(cell)})]
    return int(value), []


def cell_date(cell: Cell, key: str) -> tuple[date | None, list[Problem]]:
    """A date cell, or text as 31/12/2026 or 2026-12-31 (a year of four digits)."""
    if isinstance(cell, date):
        return cell, []
    text = cell_text(cell).strip()
    if not text:
        return None, [Problem(key, N_("Escriba la fecha."))]
    value, problems = read_date(text, key, date.min)
    if not problems and value.year < 1900:
        problems = [Problem(key, N_("La fecha «%(text)s» no es válida; escríbala como 31/12/2026."), {"text": text})]
    return (None if problems else value), problems


def choice(cell: Cell, options: Mapping[str, str]) -> str | None:
    """A value from a vocabulary, typed with or without accents or capitals:
    ``options`` maps folded words to codes; None when it is not one of them."""
    return options.get(search_fold(cell_text(cell)))


def neutralise(text: str) -> str:
    """Text safe to put in a spreadsheet cell: one that begins with = + - @,
    a tab or a carriage return gets a leading apostrophe, so the spreadsheet
    shows it as text and never runs it as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text
