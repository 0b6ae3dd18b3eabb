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
import os
import tempfile
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from coopdesk.core.errors import N_, BookError
from coopdesk.domain.tabular import Cell, csv_rows, neutralise

XLSX = (".xlsx", ".xlsm")
CSV = (".csv", ".txt", ".tsv")
SIGNIFICANT = 15  # digits Excel keeps and shows


def excel_number(value: int | float, number_format: str | None = None) -> Cell:
    """A number from an XLSX cell as an exact Decimal (see the module docstring);
    a cell shown as a percentage (``7.2%`` stores 0.072) as the percentage it
    shows; a whole number formatted with zeros (``00000000``) as zero-padded text."""
    if isinstance(value, bool):
        return "sí" if value else "no"
    fmt = (number_format or "").strip()
    if isinstance(value, int):
        exact = Decimal(value)
    else:
        exact = Decimal(repr(value))
        if len(exact.as_tuple().digits) > SIGNIFICANT:
            exact = Decimal(format(value, f".{SIGNIFICANT}g"))
    if "%" in fmt:
        exact *= 100
    if exact == exact.to_integral_value():
        if fmt and set(fmt) == {"0"} and exact >= 0:
            return str(int(exact)).zfill(len(fmt))
        return exact.quantize(Decimal(1))
    return exact


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[Cell]]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        if isinstance(exc, FileNotFoundError):
            raise
        raise BookError(N_("El archivo %(file)s no es una hoja de cálculo .xlsx que se pueda leer."),
                        file=str(path)) from exc
    try:
        sheet = book.active
        sheet.reset_dimensions()  # some programs write a wrong size: read every row there is
        for number, row in enumerate(sheet.iter_rows(min_row=1), start=1):
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


def read_rows(path: str | os.PathLike) -> Iterator[tuple[int, list[Cell]]]:
    """The raw rows of a CSV or XLSX file (chosen by extension, else by content)."""
    path = Path(path)
    if not path.exists():
        raise BookError(N_("No existe el archivo %(file)s."), file=str(path))
    suffix = path.suffix.lower()
    if suffix in (".xls", ".ods"):
        raise BookError(N_("coopdesk lee archivos .csv y .xlsx: abra %(file)s en su hoja de cálculo y guárdelo "
                           "como .xlsx o .csv."), file=str(path))
    with path.open("rb") as f:
        magic = f.read(4)
    if suffix in XLSX or (suffix not in CSV and magic.startswith(b"PK")):
        return _xlsx_rows(path)
    data = path.read_bytes()
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BookError(N_("El archivo %(file)s no es un archivo de texto CSV."), file=str(path))
    return _checked_csv(csv_rows(data), path)


def _checked_csv(rows: Iterator, path: Path) -> Iterator:
    try:
        yield from rows
    except csv.Error as exc:
        raise BookError(N_("El archivo %(file)s no es un archivo de texto CSV."), file=str(path)) from exc


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


def write_file(path: str | os.PathLike, headers: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Write a list to ``path`` (.csv or .xlsx by its extension), through a
    temporary file moved in place at the end: a failed export leaves no half
    file. Returns the number of rows written."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise BookError(N_("Elija un archivo .csv o .xlsx para exportar (no %(file)s)."), file=str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".coopdesk-", suffix=suffix, dir=path.parent)
    os.close(handle)
    try:
        count = (write_csv if suffix == ".csv" else write_xlsx)(Path(temporary), headers, rows)
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


def write_xlsx(path: Path, headers: Sequence[str], rows: Iterable[Sequence]) -> int:
    """XLSX with real numbers (amounts formatted 0.00, kilos 0.00#), real dates
    (dd/mm/yyyy) and text; text that begins like a formula is neutralised
    with a leading apostrophe, as in the CSV. Written in openpyxl's streaming
    mode, so a million rows do not sit in memory."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
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
