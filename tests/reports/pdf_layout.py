"""What a printed page looks like, read back from the PDF: every word with its
box (poppler's ``pdftotext -bbox-layout``) and every font with its descriptor
(pypdf), so the layout tests can check that the paper cannot break.

- ``split_amounts``: an amount «S/ 1,234.56» whose parts are not on one line.
- ``outside``: a word that leaves the page's printable area.
- ``overlaps``: two words of one line drawn over each other (a cell's text
  running into the next column).
- ``unembedded_fonts``: a font without its file in the PDF (FontFile, FontFile2
  or FontFile3 in its descriptor, or in its descendant's).
"""

from __future__ import annotations

import io
import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from pypdf import PdfReader

AMOUNT = re.compile(r"^-?\d{1,3}(,\d{3})*(\.\d{2,}…?)?(/\w+)?[;:,.)]*$")  # «S/ 0» labels a chart's bracket
TAIL = re.compile(r"^([.,]\d+|\d{1,2}\)?)$")  # «.35», «,120.00», «5»: the end of a broken number
NS = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    lines: tuple[tuple[Word, ...], ...]

    @property
    def text(self) -> str:
        return "\n".join(" ".join(w.text for w in line) for line in self.lines)


def pages(pdf: bytes) -> list[Page]:
    """The PDF's pages, each a list of lines of words in reading order."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", "-", "-"], input=pdf, capture_output=True,
                         check=True).stdout
    xml = re.sub(rb"<!DOCTYPE[^>]*>", b"", xml)
    root = ET.fromstring(xml)
    result = []
    for page in root.iter(f"{NS}page"):
        lines = []
        for line in page.iter(f"{NS}line"):
            words = tuple(Word(w.text or "", float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")),
                               float(w.get("yMax"))) for w in line.iter(f"{NS}word"))
            if words:
                lines.append(words)
        result.append(Page(float(page.get("width")), float(page.get("height")), tuple(lines)))
    return result


def split_amounts(page: Page) -> list[str]:
    """Every «S/» must have its whole amount after it on the same line; a line
    must not start with the tail of a number («5», «.35»)."""
    bad = []
    for line in page.lines:
        texts = [w.text for w in line]
        for i, text in enumerate(texts):
            if text.endswith("S/") and (i + 1 >= len(texts) or not AMOUNT.match(texts[i + 1])):
                bad.append(" ".join(texts))
        if len(texts) == 1 and TAIL.match(texts[0]) and texts[0][0] in ".,":
            bad.append(texts[0])
    return bad


def outside(page: Page, margin: float = 12.0) -> list[str]:
    """Words beyond the page less ``margin`` points on each side."""
    return [w.text for line in page.lines for w in line
            if w.x0 < margin or w.x1 > page.width - margin or w.y0 < margin or w.y1 > page.height - margin]


def overlaps(page: Page, tolerance: float = 0.5) -> list[str]:
    """Two words whose boxes cross, on any line of the page (text that runs
    out of its cell into the next)."""
    words = sorted((w for line in page.lines for w in line), key=lambda w: (round(w.y0), w.x0))
    bad = []
    for i, a in enumerate(words):
        for b in words[i + 1:i + 40]:
            if b.y0 > a.y1:
                break
            vertical = min(a.y1, b.y1) - max(a.y0, b.y0)
            horizontal = min(a.x1, b.x1) - max(a.x0, b.x0)
            if vertical > tolerance and horizontal > tolerance:
                bad.append(f"{a.text} / {b.text}")
    return bad


def unembedded_fonts(pdf: bytes) -> set[str]:
    """The base names of the fonts that are not embedded, on any page."""
    missing = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = (page.get("/Resources") or {}).get_object().get("/Font") or {}
        for ref in fonts.get_object().values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.add(str(font.get("/BaseFont")))
    return missing
