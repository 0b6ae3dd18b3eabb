"""Bar charts for the bulletin and the assembly pack, drawn by ReportLab's
graphics library (never by hand), in the embedded DejaVu fonts.

A chart gets its figures already written by the view (the bar labels are the
view's strings); the numbers it is given set only the bars' lengths on paper."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from coopdesk.reports.flowables import lines
from coopdesk.reports.fonts import BOLD, REGULAR, register_fonts
from coopdesk.reports.statement_pdf import BLACK

TITLE = 10.5
LABEL = 8.0
SMALLEST = 5.0
# greys and one colour that still read apart when printed in black and white
FILLS = (colors.Color(0.25, 0.45, 0.30), colors.Color(0.72, 0.72, 0.72), colors.Color(0.45, 0.45, 0.45),
         colors.Color(0.85, 0.65, 0.30))


@dataclass(frozen=True)
class Series:
    legend: str
    values: tuple[Decimal, ...]  # one per category: the bars' lengths
    labels: tuple[str, ...]  # one per category: what is printed on each bar


def bar_chart(title: str, categories: Sequence[str], series: Sequence[Series], width: float,
              height: float = 150.0, font_size: float = LABEL) -> Drawing:
    """Vertical bars by category, one bar per series, each labelled with its figure."""
    register_fonts()
    title_lines = lines(title, BOLD, TITLE, width)
    legend_h = font_size + 8 if len(series) > 1 else 0
    top = len(title_lines) * (TITLE + 2) + 4
    d = Drawing(width, height, initialFontName=REGULAR)
    y = height - TITLE
    for text in title_lines:
        d.add(String(0, y, text, fontName=BOLD, fontSize=TITLE))
        y -= TITLE + 2
    chart = VerticalBarChart()
    chart.x, chart.y = 6, font_size * 2.6 + 6
    chart.width = width - 12
    chart.height = max(height - top - legend_h - chart.y - font_size - 4, 20.0)
    chart.data = [tuple(float(v) for v in s.values) for s in series]
    chart.categoryAxis.categoryNames = ["\n".join(lines(c, REGULAR, font_size, chart.width / max(len(categories), 1)
                                                        - 4)[:2]) for c in categories]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = font_size
    chart.categoryAxis.labels.leading = font_size + 1.5
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.categoryAxis.strokeColor = BLACK
    chart.valueAxis.visible = 0
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max((float(v) for s in series for v in s.values), default=0.0) * 1.12 or 1.0
    chart.valueAxis.labels.fontName = REGULAR
    chart.bars.strokeColor = BLACK
    chart.bars.strokeWidth = 0.4
    for i in range(len(series)):
        chart.bars[i].fillColor = FILLS[i % len(FILLS)]
    # a bar's label fits its bar and the gap beside it, in type no smaller than SMALLEST, or bars go unlabelled
    # (the table beside the chart has every figure); a bar of nothing has no label
    slot = chart.width / max(len(categories), 1) / (len(series) + 0.6)
    widest = max((stringWidth(t, BOLD, 1) for s in series for t in s.labels), default=0.0)
    label_size = min(font_size - 0.5, slot * 1.15 / widest) if widest else font_size
    labelled = label_size >= SMALLEST
    chart.barLabelArray = [tuple(t if labelled and v else "" for t, v in zip(s.labels, s.values)) for s in series]
    chart.barLabelFormat = "values"
    chart.barLabels.fontName = BOLD
    chart.barLabels.fontSize = label_size
    chart.barLabels.boxAnchor = "s"
    chart.barLabels.dy = 2
    chart.groupSpacing = 8
    d.add(chart)
    if len(series) > 1:
        legend = Legend()
        legend.x, legend.y = 6, height - top - 2
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.deltax = max(width / len(series), 60)
        legend.fontName, legend.fontSize = REGULAR, font_size
        legend.boxAnchor = "nw"
        legend.dx = legend.dy = font_size
        legend.colorNamePairs = [(FILLS[i % len(FILLS)], s.legend) for i, s in enumerate(series)]
        d.add(legend)
    return d
