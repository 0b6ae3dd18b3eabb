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
import itertools
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Iterable, Iterator, Mapping, Sequence

from coopdesk.domain.limits import MAX_TYPED_DIGITS
from coopdesk.domain.problems import N_, Problem
from coopdesk.domain.reading import is_plain_number, read_date, read_decimal
from coopdesk.domain.text import code_point, is_bidi_control, search_fold, unsafe_character

Cell = str | Decimal | date | None

HEADER_SCAN = 30            # rows searched for the column titles
MAX_ROWS = 1_048_576        # rows of a file, counted as the spreadsheet does (Excel's own limit for a sheet)
SNIFF_CHARS = 65_536        # text read to find the separator
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

class Unreadable(ValueError):
    """A file that is not text coopdesk can read; ``message`` is a message id
    with a ``%(file)s`` placeholder, for the core to name the file."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


NOT_TEXT = N_("El archivo %(file)s no es un archivo de texto CSV.")
TRUNCATED_UTF16 = N_("El archivo %(file)s está incompleto: termina a la mitad de un carácter de texto Unicode. "
                     "Ábralo en su hoja de cálculo y guárdelo de nuevo como .xlsx o .csv.")
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")  # bytes Windows-1252 leaves undefined


def text_encoding(chunks: Iterable[bytes]) -> str:
    """The encoding of a CSV file, read chunk by chunk (so a large file is never
    held whole): UTF-16 when it begins with its BOM, else UTF-8 (BOM or not) if
    every byte is valid UTF-8, else Windows-1252, else Latin-1 (which reads any
    byte). A NUL character means the file is not text, and a UTF-16 file that
    ends in the middle of a character is incomplete: both raise ``Unreadable``."""
    chunks = iter(chunks)
    head = next(chunks, b"")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        decoder = codecs.getincrementaldecoder("utf-16")()
        try:
            for chunk in itertools.chain([head], chunks):
                if "\x00" in decoder.decode(chunk):
                    raise Unreadable(NOT_TEXT)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            raise Unreadable(TRUNCATED_UTF16) from exc
        return "utf-16"
    utf8 = codecs.getincrementaldecoder("utf-8")()
    valid_utf8, valid_cp1252 = True, True
    for chunk in itertools.chain([head], chunks):
        if b"\x00" in chunk:
            raise Unreadable(NOT_TEXT)
        if valid_utf8:
            try:
                utf8.decode(chunk)
            except UnicodeDecodeError:
                valid_utf8 = False
        if valid_cp1252 and _CP1252_UNDEFINED.search(chunk):
            valid_cp1252 = False
    if valid_utf8:
        try:
            utf8.decode(b"", final=True)
            return "utf-8-sig"  # drops a BOM if there is one
        except UnicodeDecodeError:
            pass
    return "cp1252" if valid_cp1252 else "latin-1"


def bom_length(head: bytes, encoding: str) -> int:
    """Bytes of a UTF-8 BOM to skip before reading ``head`` in ``encoding``
    (a UTF-8 BOM on a file that turned out to be Windows-1252)."""
    return len(codecs.BOM_UTF8) if encoding in ("cp1252", "latin-1") and head.startswith(codecs.BOM_UTF8) else 0


def decode(data: bytes) -> str:
    """The text of a CSV file held in memory (see ``text_encoding``)."""
    encoding = text_encoding([data])
    return data[bom_length(data, encoding):].decode(encoding)


def _counts(line: str, quoted: bool) -> tuple[dict[str, int], bool]:
    counts = {";": 0, "\t": 0, ",": 0}
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    return counts, quoted


def sniff_separator(text: str) -> str:
    """The separator of the table: of semicolon, tab and comma (counted outside
    quotes, over the first 30 lines that have any), the one that splits the
    most lines into the same number of cells; between equals, the one giving
    more cells, then the order semicolon, tab, comma. A title line above the
    table ("Entregas de marzo, Las Piedras" above a table separated by
    semicolons) is then outvoted by the table's own lines."""
    seen: dict[str, dict[int, int]] = {";": {}, "\t": {}, ",": {}}
    quoted = False
    lines = 0
    for line in text.splitlines():
        counts, quoted = _counts(line, quoted)
        if not any(counts.values()):
            continue
        for separator, n in counts.items():
            if n:
                seen[separator][n] = seen[separator].get(n, 0) + 1
        lines += 1
        if lines >= HEADER_SCAN:
            break
    order = {";": 2, "\t": 1, ",": 0}
    best = max(seen, key=lambda sep: max(((lines_, n) for n, lines_ in seen[sep].items()), default=(0, 0))
               + (order[sep],))
    return best if seen[best] else ","  # no line has any: one column


def csv_rows(data: bytes) -> Iterator[tuple[int, list[Cell]]]:
    """Raw rows of a CSV file held in memory, numbered as a spreadsheet shows them."""
    text = decode(data)
    return csv_text_rows(io.StringIO(text, newline=""), sniff_separator(text[:SNIFF_CHARS]))


def csv_text_rows(lines: Iterable[str], separator: str) -> Iterator[tuple[int, list[Cell]]]:
    """Raw rows of CSV text read line by line (a file opened with ``newline=""``)."""
    reader = csv.reader(lines, delimiter=separator)
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


def _visible(text: str) -> str:
    """Text without the characters that may not be stored, for a title or a message."""
    while (char := unsafe_character(text)) is not None:
        text = text.replace(char, "")
    return text


def unsafe_problem(key: str, text: str) -> Problem | None:
    """The problem with a cell holding a character that may not be stored (a
    control character, a change of writing direction), or None. Such a cell is
    refused, not cleaned: what is stored must be what the treasurer sees."""
    char = unsafe_character(text)
    if char is None:
        return None
    if is_bidi_control(char):
        return Problem(key, N_("La celda tiene un carácter invisible que cambia el sentido de la escritura "
                               "(%(char)s): lo que se ve no es lo que dice. Bórrelo y escriba el texto de nuevo."),
                       {"char": code_point(char)})
    return Problem(key, N_("La celda tiene un carácter de control invisible (%(char)s), que no se puede guardar: "
                           "bórrelo (suele venir de copiar y pegar desde otro programa)."), {"char": code_point(char)})


def _too_many_rows(number: int) -> RowProblem:
    return RowProblem(0, "", Problem("", N_(
        "El archivo tiene más de %(n)s filas, lo más que coopdesk importa de una vez: divídalo en varios "
        "archivos."), {"n": MAX_ROWS}))


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
        if number > MAX_ROWS:
            return Table([], {}, labels=labels, problems=[_too_many_rows(number)])
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
        title = _visible(str(cell))
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
        unsafe = [(key, p) for key, value in values.items()
                  if value.__class__ is str and (p := unsafe_problem(key, value)) is not None]
        if unsafe:
            table.problems.extend(RowProblem(number, table.headers[key], p) for key, p in unsafe)
            return
        first = next((c for c in (_clean(c) for c in cells) if not _empty(c)), None)
        if isinstance(first, str) and first[:1] in "tTsS" and search_fold(first).split()[0] in _TOTALS:
            table.problems.append(RowProblem(number, "", Problem("", N_(
                "La fila parece de totales («%(text)s»): bórrela; coopdesk calcula los totales."),
                {"text": _visible(first)})))
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
        if number > MAX_ROWS:
            table.problems.append(_too_many_rows(number))
            break
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


def uses_decimal_comma(rows: Iterable[Row], keys: Iterable[str]) -> bool:
    """Whether the file writes decimals with a comma (``120,5``) in these columns."""
    keys = tuple(keys)
    return any(isinstance(v, str) and _COMMA_DECIMAL.match(v)
               for row in rows for v in (row.cells.get(k) for k in keys))


# -- which separator is the decimal one ---------------------------------------
#
# ``1.200`` and ``1,234`` (one separator followed by exactly three digits, after
# one to three digits other than a lone 0) can be a thousand and more or a
# decimal: they are AMBIGUOUS. Other numbers PROVE which mark the file uses for
# decimals: ``3,5``, ``0,125``, ``1234,567``, ``1.234,56`` and ``1.234.567``
# write decimals with a comma; ``12.5``, ``0.125``, ``1,234.56`` and
# ``1,234,567`` with a point.

def _proofs(decimal: str, thousands: str) -> re.Pattern:
    d, t = re.escape(decimal), re.escape(thousands)
    return re.compile(
        rf"[+-]?(?:[0-9]*{d}(?:[0-9]{{1,2}}|[0-9]{{4,}})"   # 3,5  3,50  3,5000
        rf"|0?{d}[0-9]+"                                   # 0,125  ,125
        rf"|[0-9]{{4,}}{d}[0-9]+"                          # 1234,567 (a thousands mark would group it)
        rf"|[0-9]{{1,3}}(?:{t}[0-9]{{3}})+{d}[0-9]*"         # 1.234,56
        rf"|[0-9]{{1,3}}(?:{t}[0-9]{{3}}){{2,}})")          # 1.234.567
_PROVES = {",": _proofs(",", "."), ".": _proofs(".", ",")}
_AMBIGUOUS = re.compile(r"([+-]?)([0-9]{1,3})([.,])([0-9]{3})")


def proven_marks(text: str) -> set[str]:
    """The decimal marks a number's text proves (see above): {","}, {"."} or none."""
    return {mark for mark, proof in _PROVES.items() if proof.fullmatch(text)}


def decimal_marks(rows: Sequence[Row], keys: Iterable[str]) -> dict[str, str | None]:
    """The decimal mark of each of these number columns, as the file's own cells
    settle it: the one its column proves, else (a column with no proof) the one
    the file's number columns prove; None when no cell proves one, or cells
    prove both (then every ambiguous number is refused)."""
    keys = tuple(keys)
    by_column: dict[str, set[str]] = {}
    for key in keys:
        found: set[str] = set()
        for row in rows:
            value = row.cells.get(key)
            if value.__class__ is str:
                for mark, proof in _PROVES.items():
                    if mark not in found and proof.fullmatch(value):
                        found.add(mark)
                if len(found) == 2:
                    break
        by_column[key] = found
    in_file = set().union(*by_column.values()) if by_column else set()

    def settled(marks: set[str]) -> str | None:
        return next(iter(marks)) if len(marks) == 1 else None

    return {key: settled(found) if found else settled(in_file) for key, found in by_column.items()}


def _suggest_decimal(integer: str, fraction: str) -> str:
    """``1.200`` as a decimal written so no one can misread it: 1.2 (or 1.2340)."""
    fraction = fraction.rstrip("0") or "0"
    return f"{integer}.{fraction}" if len(fraction) != 3 else f"{integer}.{fraction}0"


def _bounded(value: Decimal, text: str, key: str) -> tuple[Decimal, list[Problem]]:
    if not value.is_finite():
        return Decimal(0), [Problem(key, N_("«%(text)s» no es un número. Escriba cifras con punto decimal, "
                                            "por ejemplo 120.5."), {"text": text})]
    if value and value.adjusted() >= MAX_TYPED_DIGITS:
        return Decimal(0), [Problem(key, N_("«%(text)s» es un número demasiado grande."), {"text": text})]
    return value, []


def cell_decimal(cell: Cell, key: str, mark: str | bool | None = None,
                 default: Decimal | None = None) -> tuple[Decimal, list[Problem]]:
    """A number from a cell. ``mark`` is the file's decimal mark ("," or ".",
    see ``decimal_marks``; True means ","), or None when the file does not
    settle it: an ambiguous number (``1.200``, ``1,234``) is then refused, and
    otherwise read by it (``1.200`` is 1200 where the decimals take a comma,
    1.2 where they take a point). The rest is read by ``D()``: no underscores,
    exponents or other digits than 0-9, as a person types them."""
    if isinstance(cell, Decimal):
        return _bounded(cell, cell_text(cell), key)
    if isinstance(cell, date):
        return Decimal(0), [Problem(key, N_("«%(text)s» no es un número. Escriba cifras con punto decimal, "
                                            "por ejemplo 120.5."), {"text": cell_text(cell)})]
    mark = "," if mark is True else (None if mark is False else mark)
    text = (cell or "").strip()
    ambiguous = _AMBIGUOUS.fullmatch(text)
    if ambiguous and ambiguous.group(2) != "0":
        sign, integer, separator, fraction = ambiguous.groups()
        if mark is None:
            return Decimal(0), [Problem(key, N_(
                "«%(text)s» puede leerse como %(thousands)s o como %(decimal)s, y ninguna otra celda del archivo "
                "muestra si los decimales se escriben con punto o con coma: escriba %(thousands)s (sin separador "
                "de miles) o %(decimal)s."),
                {"text": text, "thousands": sign + integer + fraction,
                 "decimal": sign + _suggest_decimal(integer, fraction)})]
        plain = sign + integer + ("." if separator == mark else "") + fraction
        return _bounded(Decimal(plain), text, key)
    if mark == "," and text.count(",") == 1 and "." not in text and is_plain_number(text):
        return read_decimal(text.replace(",", "."), key, default)  # 1234,567: this file's decimal comma
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
