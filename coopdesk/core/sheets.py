"""Spreadsheet files in and out: CSV (standard library) and XLSX (openpyxl).

Reading gives the raw rows ``coopdesk.domain.tabular.build_table`` expects:
``(row number, cells)`` with text as ``str``, numbers as ``Decimal`` and dates
as ``date``.

XLSX numbers. Excel stores every number as a binary double, and openpyxl hands
back an ``int`` when the stored text has no decimals and a ``float``
otherwise. A float is never used as a value: it becomes ``Decimal(repr(x))``,
the shortest decimal that reads back as the same double (what was typed:
``120.5``, ``0.4``), and when that has more than 15 significant digits (a
computed cell such as ``=0.1+0.2`` stores 0.30000000000000004) it is rounded
to 15 significant digits, exactly as Excel itself displays it. A whole number
in a cell formatted ``00000000`` (how treasurers keep a DNI's leading zero) is
written with that many digits, and a cell shown as a percentage (``7.2%``,
stored 0.072) as the percentage it shows. Dates come as dates; formulas as the value Excel
last computed (a file never opened in Excel has none: the cell reads empty);
merged cells as their top-left cell, the others empty. The first sheet
(the one active when the file was saved) is read.

Writing: see ``write_csv`` and ``write_xlsx``.
"""

from __future__ import annotations

import csv
import io
import os
import stat
import tempfile
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from coopdesk.core.errors import N_, BookError
from coopdesk.domain.tabular import (
    SNIFF_CHARS,
    Cell,
    Unreadable,
    bom_length,
    csv_text_rows,
    neutralise,
    sniff_separator,
    text_encoding,
)

XLSX = (".xlsx", ".xlsm")
CSV = (".csv", ".txt", ".tsv")
SIGNIFICANT = 15  # digits Excel keeps and shows
MAX_FILE_BYTES = 50 * 1024 * 1024        # a file to import (100,000 deliveries in a CSV take about 10 MB)
MAX_XLSX_UNPACKED = 1024 * 1024 * 1024   # what an .xlsx holds once unpacked (its sheets are compressed)
MAX_COLUMNS = 16_384                     # cells of a row read (Excel's own limit, column XFD)
CHUNK = 1024 * 1024
UNREADABLE = N_("No se pudo leer el archivo %(file)s: no es una hoja de cálculo .xlsx ni un archivo .csv, o está "
                "dañado. Ábralo en su hoja de cálculo y guárdelo como .xlsx o .csv.")


def excel_number(value: int | float, number_format: str | None = None) -> Cell:
    """A number from an XLSX cell as an exact Decimal (see the module docstring);
    a cell shown as a percentage (``7.2%`` stores 0.072) as the percentage it
    shows; a whole number formatted with zeros (``00000000``) as zero-padded text."""
    if isinstance(value, bool):
        return "sí" if value else "no"
    fmt = (number_format or "").strip()
    if isinstance(value, int):
        exact = Decimal(value)
    elif value != value or value in (float("inf"), float("-inf")):
        return repr(value)  # not a number Excel can hold: read as text, and refused as a number
    else:
        exact = Decimal(repr(value))
        if len(exact.as_tuple().digits) > SIGNIFICANT:
            exact = Decimal(format(value, f".{SIGNIFICANT}g"))
    if "%" in fmt:
        exact *= 100
    if exact == exact.to_integral_value():
        if fmt and set(fmt) == {"0"} and exact >= 0 and exact.adjusted() < SIGNIFICANT:
            return str(int(exact)).zfill(len(fmt))
        return exact.to_integral_value()  # 120, not 120.0 (and 1E+30 stays a number, refused as too large)
    return exact


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[Cell]]]:
    """The rows of the first sheet; anything openpyxl cannot read in the file
    (a damaged zip, sheet XML, number or style) is the file's fault, and is
    refused in Spanish naming the file."""
    import openpyxl

    with zipfile.ZipFile(path) as archive:
        if sum(entry.file_size for entry in archive.infolist()) > MAX_XLSX_UNPACKED:
            raise _too_large(path)
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.active
        if sheet is None or not hasattr(sheet, "iter_rows"):
            raise _unreadable(path)
        sheet.reset_dimensions()  # some programs write a wrong size: read every row there is
        for number, row in enumerate(sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS), start=1):
            cells: list[Cell] = []
            for cell in row:
                value = cell.value
                if isinstance(value, (int, float)):
                    value = excel_number(value, getattr(cell, "number_format", None))
                elif isinstance(value, datetime):
                    value = value.date()
                elif value is not None and not isinstance(value, (str, date)):
                    value = str(value)
                cells.append(value)
            yield number, cells
    finally:
        book.close()


def _unreadable(path: Path, exc: BaseException | None = None) -> BookError:
    """The refusal of a file that cannot be read: a damaged .xlsx, a file
    without permission, or anything else that is neither .xlsx nor .csv."""
    if isinstance(exc, PermissionError):
        return BookError(N_("No se puede abrir el archivo %(file)s: está abierto en otro programa o no tiene "
                            "permiso para leerlo. Ciérrelo e inténtelo de nuevo."), file=path.name or str(path))
    if path.suffix.lower() in XLSX:
        return BookError(N_("El archivo %(file)s no es una hoja de cálculo .xlsx que se pueda leer."), file=str(path))
    return BookError(UNREADABLE, file=path.name or str(path))


def _too_large(path: Path) -> BookError:
    return BookError(N_("El archivo %(file)s es demasiado grande para importarlo (más de %(mb)s MB): divídalo en "
                        "varios archivos."), file=str(path), mb=MAX_FILE_BYTES // (1024 * 1024))


def _regular_file(path: Path) -> os.stat_result:
    """The file's status; a device (``/dev/zero``), a pipe or a folder is refused
    before anything is read from it, and so is a file above MAX_FILE_BYTES."""
    try:
        status = path.stat()
    except FileNotFoundError:
        raise BookError(N_("No existe el archivo %(file)s."), file=str(path)) from None
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    if not stat.S_ISREG(status.st_mode):
        raise BookError(N_("%(file)s no es un archivo: elija una hoja de cálculo .xlsx o un archivo .csv."),
                        file=str(path))
    if status.st_size > MAX_FILE_BYTES:
        raise _too_large(path)
    return status


def _chunks(path: Path) -> Iterator[bytes]:
    """The file's bytes, a chunk at a time, never more than MAX_FILE_BYTES (a
    file that grows while it is read is refused as too large)."""
    read = 0
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            read += len(chunk)
            if read > MAX_FILE_BYTES:
                raise _too_large(path)
            yield chunk


def _csv_rows(path: Path) -> Iterator[tuple[int, list[Cell]]]:
    """CSV rows streamed from the file: a first pass finds the encoding (and
    refuses a file that is not text), the second reads the rows one by one."""
    encoding = text_encoding(_chunks(path))
    with path.open("rb") as raw:
        head = raw.read(SNIFF_CHARS)
        skip = bom_length(head, encoding)
        separator = sniff_separator(head[skip:].decode(encoding, errors="ignore"))  # may end mid-character
        raw.seek(skip)
        with io.TextIOWrapper(raw, encoding=encoding, newline="") as text:
            yield from csv_text_rows(text, separator)


def read_rows(path: str | os.PathLike) -> Iterator[tuple[int, list[Cell]]]:
    """The raw rows of a CSV or XLSX file (chosen by extension, else by content),
    read as they are consumed. A file that cannot be read raises ``BookError``
    naming it, in Spanish, whether when opened or half-way through."""
    path = Path(path)
    _regular_file(path)
    suffix = path.suffix.lower()
    if suffix in (".xls", ".ods"):
        raise BookError(N_("coopdesk lee archivos .csv y .xlsx: abra %(file)s en su hoja de cálculo y guárdelo "
                           "como .xlsx o .csv."), file=str(path))
    try:
        with path.open("rb") as f:
            magic = f.read(4)
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    if suffix in XLSX or (suffix not in CSV and magic.startswith(b"PK")):
        return _guarded(_xlsx_rows(path), path)
    return _guarded(_csv_rows(path), path)


def _guarded(rows: Iterator, path: Path) -> Iterator:
    """``rows``, with any failure to read the file turned into a Spanish refusal
    naming it. Every exception of a reader is the file's (openpyxl alone raises
    a dozen kinds on damaged files: KeyError, ValueError, TypeError, XML and zip
    errors), except coopdesk's own refusals and running out of memory."""
    try:
        yield from rows
    except (BookError, MemoryError, KeyboardInterrupt):
        raise
    except Unreadable as exc:
        raise BookError(exc.message, file=str(path)) from exc
    except csv.Error as exc:
        raise BookError(N_("El archivo %(file)s no es un archivo de texto CSV."), file=str(path)) from exc
    except Exception as exc:  # noqa: BLE001 - see above: a damaged file, in whatever way
        raise _unreadable(path, exc) from exc


# -- writing ------------------------------------------------------------------

class Money(Decimal):
    """An amount in soles: a number with two decimals in XLSX (#,##0.00)."""

    __slots__ = ()


class Kilos(Decimal):
    """A weight in kg: a number with up to three decimals in XLSX (#,##0.00#)."""

    __slots__ = ()


def csv_text(value) -> str:
    """A value as CSV text: numbers with a decimal point and no grouping, dates
    as 31/12/2026, text neutralised against formulas."""
    if value is None:
        return ""
    if isinstance(value, Money):
        return format(value.quantize(Decimal("0.01")), "f")
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return neutralise(str(value))


def write_file(path: str | os.PathLike, headers: Sequence[str], rows: Iterable[Sequence], title: str = "") -> int:
    """Write a list to ``path`` (.csv or .xlsx by its extension), through a
    temporary file moved in place at the end: a failed export leaves no half
    file. ``title`` names the XLSX sheet («Socios», not «Sheet»). Returns the
    number of rows written."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise BookError(N_("Elija un archivo .csv o .xlsx para exportar (no %(file)s)."), file=str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".coopdesk-", suffix=suffix, dir=path.parent)
    os.close(handle)
    try:
        count = write_csv(Path(temporary), headers, rows) if suffix == ".csv" else \
            write_xlsx(Path(temporary), headers, rows, title)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count


def write_csv(path: Path, headers: Sequence[str], rows: Iterable[Sequence]) -> int:
    """CSV as Excel on a Windows set to Spanish (Peru) opens it with a double
    click: UTF-8 with a BOM (so accents read right), comma-separated (the
    list separator of es-PE, whose decimal symbol is the point), CRLF line
    ends, numbers with a decimal point and no thousands separator, dates
    31/12/2026. On a machine set to a decimal comma (Spain, Argentina...)
    open the XLSX instead, or use Data > From Text/CSV."""
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=",", lineterminator="\r\n")
        writer.writerow([neutralise(h) for h in headers])
        for row in rows:
            writer.writerow([csv_text(v) for v in row])
            count += 1
    return count


def sheet_title(text: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return "".join(" " if c in "[]:*?/\\" else c for c in text).strip()[:31]


def write_xlsx(path: Path, headers: Sequence[str], rows: Iterable[Sequence], title: str = "") -> int:
    """XLSX with real numbers (amounts formatted 0.00, kilos 0.00#), real dates
    (dd/mm/yyyy) and text; text that begins like a formula is neutralised
    with a leading apostrophe, as in the CSV. Written in openpyxl's streaming
    mode, so a million rows do not sit in memory."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title(title) or None)
    sheet.freeze_panes = "A2"
    for i, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = max(10, min(40, len(header) + 4))
    bold = Font(bold=True)
    title_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=neutralise(header))
        cell.font = bold
        title_cells.append(cell)
    sheet.append(title_cells)
    formats = {Money: "#,##0.00", Kilos: "#,##0.00#"}  # Excel shows the grouping of the reader's locale
    count = 0
    for row in rows:
        out = []
        for value in row:
            if isinstance(value, Decimal):
                cell = WriteOnlyCell(sheet, value=Decimal(value))
                number_format = formats.get(type(value))
                if number_format:
                    cell.number_format = number_format
                out.append(cell)
            elif isinstance(value, date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "dd/mm/yyyy"
                out.append(cell)
            elif value is None or isinstance(value, int):
                out.append(value)
            else:
                out.append(neutralise(str(value)))
        sheet.append(out)
        count += 1
    book.save(path)
    return count
