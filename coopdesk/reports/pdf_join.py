"""Many PDFs as one, written as it goes: the print job of a batch.

``PdfJoin`` appends the pages of PDF files (the liquidations of a few dozen
members at a time, a zone's separator page) to one output file and forgets
them: each file's objects are copied with new numbers straight to the output
and only their positions (a number per object) stay in memory, so the joined
PDF of 50,000 liquidations takes the memory of one piece, not of the whole
(``benchmarks/bench_batch_pdf.py``). The pages hang from a two-level page tree;
bookmarks (one per zone, say) point at the pages they name.

Files are read with pypdf (only its object reader: the writing is here, so
nothing is kept). The output is deterministic: the same pieces give the same
bytes.
"""

from __future__ import annotations

import os
from array import array
from typing import BinaryIO

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

__all__ = ["PdfJoin"]

PAGES_PER_NODE = 64  # kids of each intermediate node of the page tree


class PdfJoin:
    """Append PDFs' pages to ``out`` (a path or a binary file); ``close()``
    writes the page tree, the bookmarks and the cross-reference table."""

    def __init__(self, out: str | os.PathLike | BinaryIO, title: str = "", author: str = ""):
        self._own = isinstance(out, (str, os.PathLike))
        self._out: BinaryIO = open(out, "wb") if self._own else out  # noqa: SIM115 - closed in close()
        self._start = self._out.tell() if not self._own else 0
        # each object's position by its number (8 bytes each, -1 for none yet): a dict of
        # Python ints would take about 100 bytes an object, 1.5 KB a member of the job
        self._offsets = array("q", [-1])
        self._next = 1
        self._catalog, self._root = self._new(), self._new()
        self._nodes: list[tuple[int, array]] = []  # (node id, its pages' ids)
        self._bookmarks: list[tuple[str, int]] = []  # (title, page id)
        self._title, self._author = title, author
        self._write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")

    # -- low level ----------------------------------------------------------------

    def _new(self) -> int:
        number = self._next
        self._next += 1
        self._offsets.append(-1)
        return number

    def _write(self, data: bytes) -> None:
        self._out.write(data)

    def _tell(self) -> int:
        return self._out.tell() - self._start

    def _object(self, number: int, obj) -> None:
        self._offsets[number] = self._tell()
        self._write(f"{number} 0 obj\n".encode("ascii"))
        obj.write_to_stream(self._out)
        self._write(b"\nendobj\n")

    # -- appending ------------------------------------------------------------------

    @property
    def pages(self) -> int:
        return sum(len(pages) for _node, pages in self._nodes)

    def append(self, source: str | os.PathLike | BinaryIO, bookmark: str = "") -> int:
        """Append every page of ``source``; ``bookmark`` names its first page in
        the outline. Returns the number of pages appended."""
        reader = PdfReader(source)
        numbers: dict[tuple[int, int], int] = {}
        pending: list[IndirectObject] = []
        parents: dict[int, int] = {}

        def ref(indirect: IndirectObject) -> IndirectObject:
            key = (indirect.idnum, indirect.generation)
            if key not in numbers:
                numbers[key] = self._new()
                pending.append(indirect)
            return IndirectObject(numbers[key], 0, None)

        def copy(obj):
            if isinstance(obj, IndirectObject):
                return ref(obj)
            if isinstance(obj, StreamObject):
                clone = StreamObject()
                clone._data = obj._data  # as encoded in the source: copied, not decoded
                for key, value in obj.items():
                    if key != "/Length":
                        clone[NameObject(key)] = copy(value)
                return clone
            if isinstance(obj, DictionaryObject):
                return DictionaryObject({NameObject(k): copy(v) for k, v in obj.items()})
            if isinstance(obj, ArrayObject):
                return ArrayObject(copy(v) for v in obj)
            return obj

        count = 0
        first_page = None
        for page in reader.pages:
            if not self._nodes or len(self._nodes[-1][1]) >= PAGES_PER_NODE:
                self._nodes.append((self._new(), array("q")))
            node, kids = self._nodes[-1]
            number = ref(page.indirect_reference).idnum
            kids.append(number)
            parents[number] = node
            first_page = first_page or number
            count += 1
        while pending:
            indirect = pending.pop()
            number = numbers[(indirect.idnum, indirect.generation)]
            obj = indirect.get_object()
            if number in parents:  # a page: hangs from our tree, keeps what it inherited
                page = DictionaryObject({NameObject(k): copy(v) for k, v in obj.items() if k != "/Parent"})
                page[NameObject("/Parent")] = IndirectObject(parents[number], 0, None)
                self._object(number, page)
            else:
                self._object(number, NullObject() if obj is None else copy(obj))
        if bookmark and first_page is not None:
            self._bookmarks.append((bookmark, first_page))
        return count

    # -- closing ------------------------------------------------------------------------

    def close(self) -> None:
        """Write the page tree, outline, document info and cross-reference table."""
        total = self.pages
        for node, kids in self._nodes:
            self._object(node, DictionaryObject({
                NameObject("/Type"): NameObject("/Pages"), NameObject("/Parent"): IndirectObject(self._root, 0, None),
                NameObject("/Kids"): ArrayObject(IndirectObject(k, 0, None) for k in kids),
                NameObject("/Count"): NumberObject(len(kids))}))
        self._object(self._root, DictionaryObject({
            NameObject("/Type"): NameObject("/Pages"),
            NameObject("/Kids"): ArrayObject(IndirectObject(n, 0, None) for n, _k in self._nodes),
            NameObject("/Count"): NumberObject(total)}))
        catalog = DictionaryObject({NameObject("/Type"): NameObject("/Catalog"),
                                    NameObject("/Pages"): IndirectObject(self._root, 0, None)})
        if self._bookmarks:
            outline = self._new()
            items = [self._new() for _b in self._bookmarks]
            for i, ((title, page), item) in enumerate(zip(self._bookmarks, items)):
                entry = DictionaryObject({
                    NameObject("/Title"): TextStringObject(title),
                    NameObject("/Parent"): IndirectObject(outline, 0, None),
                    NameObject("/Dest"): ArrayObject([IndirectObject(page, 0, None), NameObject("/Fit")])})
                if i:
                    entry[NameObject("/Prev")] = IndirectObject(items[i - 1], 0, None)
                if i + 1 < len(items):
                    entry[NameObject("/Next")] = IndirectObject(items[i + 1], 0, None)
                self._object(item, entry)
            self._object(outline, DictionaryObject({
                NameObject("/Type"): NameObject("/Outlines"),
                NameObject("/First"): IndirectObject(items[0], 0, None),
                NameObject("/Last"): IndirectObject(items[-1], 0, None),
                NameObject("/Count"): NumberObject(len(items))}))
            catalog[NameObject("/Outlines")] = IndirectObject(outline, 0, None)
            catalog[NameObject("/PageMode")] = NameObject("/UseOutlines")
        self._object(self._catalog, catalog)
        info = self._new()
        self._object(info, DictionaryObject({NameObject("/Title"): TextStringObject(self._title),
                                             NameObject("/Author"): TextStringObject(self._author),
                                             NameObject("/Creator"): TextStringObject("coopdesk")}))
        xref = self._tell()
        size = self._next
        self._write(f"xref\n0 {size}\n0000000000 65535 f \n".encode("ascii"))
        for start in range(1, size, 4096):  # written a block at a time: not 20 bytes of text per object at once
            self._write("".join(f"{offset:010d} 00000 n \n" if offset >= 0 else "0000000000 65535 f \n"
                                for offset in self._offsets[start:start + 4096]).encode("ascii"))
        self._write(f"trailer\n<< /Size {size} /Root {self._catalog} 0 R /Info {info} 0 R >>\n"
                    f"startxref\n{xref}\n%%EOF\n".encode("ascii"))
        if self._own:
            self._out.close()

    def abort(self) -> None:
        """Stop without finishing (the caller removes the partial file)."""
        if self._own:
            self._out.close()
