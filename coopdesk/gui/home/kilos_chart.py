"""Inicio's chart: the kilos delivered by month, one stacked colour per product,
drawn by matplotlib off the window's thread (issue 14, item 1).

Importing matplotlib costs about 0.8 s of CPU and drawing the chart about 0.15 s
(benchmarks/bench_home.py); done on the window's thread, either would freeze it and
hold the season's figures back. So the screen shows its figures first, the chart's
place says «Cargando gráfico…», and the chart is drawn on a thread of its own:
matplotlib's ``Figure`` and its Agg renderer (not pyplot, not the Qt backend) into
an image, which the widget then paints. Every new size or set of figures draws it
again on that thread; until then the last image is shown, stretched.

The drawing starts only once the placeholder has been painted, that is, once the
window has painted the figures around it: the import never competes with them.
"""

from __future__ import annotations

import sys
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal

import shiboken6
from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from coopdesk.domain.money import ZERO
from coopdesk.i18n import _
from coopdesk.i18n.formatting import format_number, month_name

HINT_COLOUR = "#4a4a4a"
# one colour per product, in the order of the kilos delivered (the most first); colour-blind safe (Okabe–Ito)
PRODUCT_COLOURS = ("#8c510a", "#009e73", "#e69f00", "#56b4e9", "#cc79a7", "#0072b2", "#d55e00")
DPI = 100  # points to pixels: a 9 pt label is 12.5 px, as the chart looked on the Qt backend

_drawer: ThreadPoolExecutor | None = None


def drawer() -> ThreadPoolExecutor:
    """The one thread that imports matplotlib and draws the charts (never the database's worker)."""
    global _drawer
    if _drawer is None:
        _drawer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chart")
    return _drawer


def month_abbreviation(month: int) -> str:
    """«Ene», «Feb»… (in English «Jan», «Feb»…): a month under a bar."""
    return month_name(month)[:3].capitalize()


@dataclass(frozen=True)
class ChartSpec:
    """Everything the drawing needs, prepared on the window's thread (texts translated there)."""
    ticks: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]  # drawing only: the figures shown are the Decimals
    empty_text: str | None
    background: str
    width: int  # logical pixels
    height: int
    ratio: float  # the screen's device pixel ratio
    columns: int  # the legend's


def draw(spec: ChartSpec):
    """On the chart thread: the matplotlib figure and its image (the first call imports matplotlib)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    figure = Figure(figsize=(spec.width / DPI, spec.height / DPI), dpi=DPI * spec.ratio, facecolor=spec.background)
    canvas = FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_facecolor("white")
    places = range(len(spec.ticks))
    bottom = [0.0] * len(spec.ticks)
    for i, (name, heights) in enumerate(spec.series):
        axes.bar(places, heights, 0.7, bottom=bottom, label=name, color=PRODUCT_COLOURS[i % len(PRODUCT_COLOURS)])
        bottom = [b + h for b, h in zip(bottom, heights)]
    # on the baseline: «Feb» and «Jul» (with ascenders) level with «Ene» and «Mar»; on a narrow
    # chart, every other month named, never two names run together («EneFebMar…» at 1024 px)
    every = _tick_step(canvas, spec)
    axes.set_xticks(places, [t if i % every == 0 else "" for i, t in enumerate(spec.ticks)], fontsize=9,
                    verticalalignment="baseline")
    axes.tick_params(axis="x", pad=11)
    axes.tick_params(axis="y", labelsize=9)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: format_number(round(value))))
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    if spec.empty_text is not None:
        axes.set_yticks([])
        axes.text(0.5, 0.5, spec.empty_text, ha="center", va="center", transform=axes.transAxes, fontsize=10,
                  color=HINT_COLOUR)
    legend_rows = 0
    if spec.series:
        # as many columns as fit the chart's width: a product's name is never cut at the edge
        for columns in range(min(len(spec.series), spec.columns), 0, -1):
            legend = figure.legend(loc="upper center", bbox_to_anchor=(0.5, 1), ncols=columns, fontsize=9,
                                   frameon=False)
            if columns == 1 or legend.get_window_extent(canvas.get_renderer()).width <= figure.bbox.width - 8:
                break
            legend.remove()
        legend_rows = -(-len(spec.series) // columns)
    # margins set in pixels, not by a layout engine: matplotlib's constrained layout
    # measures every label again at each draw, and it was most of the chart's time;
    # on the left, room for the widest kilos («10,000,000» at full size)
    width, height = spec.width, spec.height
    left = max(76, _widest(canvas, axes) / spec.ratio + 22)
    figure.subplots_adjust(left=min(0.4, left / width), right=1 - 12 / width, bottom=min(0.4, 30 / height),
                           top=max(0.5, 1 - (12 + 20 * legend_rows) / height))
    canvas.draw()
    rgba = canvas.buffer_rgba()
    image = QImage(bytes(rgba), rgba.shape[1], rgba.shape[0], QImage.Format.Format_RGBA8888).copy()  # owns its pixels
    image.setDevicePixelRatio(spec.ratio)
    return figure, image


def _tick_step(canvas, spec: ChartSpec) -> int:
    """1 when every month's name fits under its bar, else 2, 3…: names with room between them."""
    from matplotlib.font_manager import FontProperties

    if not spec.ticks:
        return 1
    renderer, font = canvas.get_renderer(), FontProperties(size=9)
    widest = max(renderer.get_text_width_height_descent(t, font, ismath=False)[0] for t in spec.ticks) / spec.ratio
    room = max(1.0, (spec.width - 100) / len(spec.ticks))  # the axes' width (about) for each month
    return max(1, -(-int(widest + 6) // int(room)))


def _widest(canvas, axes) -> float:
    """The widest label of the kilos axis, in the canvas's pixels (measured, not drawn)."""
    from matplotlib.font_manager import FontProperties

    low, high = axes.get_ylim()
    formatter = axes.yaxis.get_major_formatter()
    texts = [formatter(value, 0) for value in axes.get_yticks() if low <= value <= high]
    renderer, font = canvas.get_renderer(), FontProperties(size=9)
    return max((renderer.get_text_width_height_descent(text, font, ismath=False)[0] for text in texts), default=0)


class KilosChart(QWidget):
    """The chart's place on Inicio: «Cargando gráfico…» until its image is drawn."""

    drawn = Signal()  # a new image is shown (tests and benchmarks wait for it)
    _done = Signal(object)  # from the chart thread: the Future of a drawing, and which figures it drew

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMinimumSize(360, 250)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.months: list[tuple[int, int]] = []
        self.series: dict[str, list[Decimal]] = {}  # product name -> kilos of each month, as drawn
        self.figure = None  # matplotlib's figure of the image shown
        self.image: QImage | None = None
        self._kilos: tuple | None = None  # None: no figures yet
        self._given = self._painted = 0  # how many times figures were given / the figures of the image shown
        self._running: ChartSpec | None = None  # the drawing on the chart thread
        self._shown: ChartSpec | None = None  # the drawing painted
        self._resized = QTimer(self, singleShot=True, interval=80)  # a drag draws once, when it stops
        self._resized.timeout.connect(self._draw_if_needed)
        self._done.connect(self._finished)

    def show_kilos(self, kilos, first: tuple[int, int] | None = None, last: tuple[int, int] | None = None) -> None:
        """``kilos``: the ``ProductMonth``s; every month from ``first`` to ``last`` has its
        place, the months without tickets too (the campaign so far)."""
        self._kilos = tuple(kilos)
        months = {(k.year, k.month) for k in kilos}
        if first is not None and last is not None:
            year, month = first
            while (year, month) <= last:
                months.add((year, month))
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        months = sorted(months)
        totals: dict[str, Decimal] = {}
        for k in kilos:
            totals[k.name] = totals.get(k.name, ZERO) + k.net_kg
        names = sorted(totals, key=lambda n: (-totals[n], n))
        series = {name: [ZERO] * len(months) for name in names}
        for k in kilos:
            series[k.name][months.index((k.year, k.month))] += k.net_kg
        self.months, self.series = months, series
        self._given += 1
        self.update()  # its drawing starts once this is painted (paintEvent)

    def spec(self) -> ChartSpec:
        years = {y for y, _m in self.months}
        ticks = tuple(month_abbreviation(m) if len(years) == 1 else f"{month_abbreviation(m)} {y % 100:02d}"
                      for y, m in self.months)
        return ChartSpec(
            ticks=ticks, series=tuple((name, tuple(float(v) for v in values)) for name, values in self.series.items()),
            empty_text=None if self._kilos else _("Aún no hay entregas en esta campaña."),
            background=self.palette().color(QPalette.ColorRole.Window).name(),
            width=max(self.width(), 50), height=max(self.height(), 50), ratio=self.devicePixelRatioF(),
            columns=4 if self.width() >= 600 else 2)

    def _draw_if_needed(self) -> None:
        if self._kilos is None or self._running is not None or not self.isVisible():
            return
        spec = self.spec()
        if spec == self._shown:
            self._painted = self._given
            return
        self._running = spec
        given = self._given
        future = drawer().submit(draw, spec)
        future.add_done_callback(lambda done: self._announce(done, given))

    def _announce(self, future: Future, given: int) -> None:
        """On the chart thread: hand the drawing to the window's thread (queued)."""
        try:
            if shiboken6.isValid(self):
                self._done.emit((future, given))
        except RuntimeError:  # deleted meanwhile: nobody waits for this chart
            pass

    def _finished(self, done: tuple[Future, int]) -> None:
        future, given = done
        spec, self._running = self._running, None
        error = future.exception()
        if error is not None:
            sys.excepthook(type(error), error, error.__traceback__)  # a bug: the unexpected-error dialog
            return
        self.figure, self.image = future.result()
        self._shown, self._painted = spec, given
        self.update()
        self.drawn.emit()
        self._draw_if_needed()  # resized or given new figures while it drew

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        if self.image is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(QRectF(self.rect()), self.image)
        else:
            painter.setPen(QColor(HINT_COLOUR))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, _("Cargando gráfico…"))
        painter.end()
        stale = self._painted != self._given or self._resized_since()
        if self._running is None and self._kilos is not None and stale:
            # the figures around it are painted in this same pass: now the chart may take its time
            QTimer.singleShot(0, self, self._draw_if_needed)

    def _resized_since(self) -> bool:
        """Its size is not the image's, and no resizing is under way (resized while hidden, say)."""
        shown = self._shown
        return not self._resized.isActive() and shown is not None and (shown.width, shown.height, shown.ratio) != (
            max(self.width(), 50), max(self.height(), 50), self.devicePixelRatioF())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self.image is not None:
            self._resized.start()
