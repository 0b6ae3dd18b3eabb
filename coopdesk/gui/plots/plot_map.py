"""An offline map of plots: their outlines drawn on their coordinates with Qt's
graphics view, no tile server. Longitude and latitude are projected to metres
(equirectangular at the plots' mean latitude: exact enough for a cooperative's
few tens of kilometres); an optional background image (an orthophoto, a scanned
map) is stretched over its bounds. The wheel zooms, dragging pans, a click
selects a plot."""

from __future__ import annotations

import json
import math
from typing import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPixmap, QPolygonF, QTransform
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPixmapItem,
    QGraphicsPolygonItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
)

from coopdesk.core.screenings import MapPlot

METRES_PER_DEGREE = 111_320.0
POINT_PIXELS = 10
PLOT_ID = 0  # the item's data key holding its plot's id

# status -> (outline, fill)
COLOURS = {
    "flagged": ("#b71c1c", "#e57373"),       # at risk, no override: kept out of lots for the EU
    "review": ("#e65100", "#ffb74d"),        # «revisar», no override
    "override": ("#6a1b9a", "#ba68c8"),      # at risk, override recorded
    "clear": ("#1b5e20", "#81c784"),         # sin riesgo
    "unscreened": ("#37474f", "#b0bec5"),    # mapped, no screening yet
}


def status_key(plot: MapPlot) -> str:
    s = plot.status
    if s.result is None:
        return "unscreened"
    if not s.at_risk:
        return "clear"
    if not s.flagged:
        return "override"
    return "review" if s.result == "revisar" else "flagged"


class PlotMap(QGraphicsView):
    plot_selected = Signal(int)   # the plot's id; 0 when none

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setBackgroundBrush(QColor("#f4f1e8"))
        self.items_by_plot: dict[int, QGraphicsItem] = {}
        self.labels: list[QGraphicsSimpleTextItem] = []   # each zone's name above its plots
        self.background: QGraphicsPixmapItem | None = None
        self.reference_lat = -12.6
        self.scene().selectionChanged.connect(self._selection_changed)

    # -- coordinates --------------------------------------------------------------

    def to_scene(self, lon: float, lat: float) -> QPointF:
        return QPointF(lon * METRES_PER_DEGREE * math.cos(math.radians(self.reference_lat)),
                       -lat * METRES_PER_DEGREE)

    def to_lon_lat(self, point: QPointF) -> tuple[float, float]:
        return (point.x() / (METRES_PER_DEGREE * math.cos(math.radians(self.reference_lat))),
                -point.y() / METRES_PER_DEGREE)

    # -- plots ----------------------------------------------------------------------

    def set_plots(self, plots: Sequence[MapPlot]) -> None:
        scene = self.scene()
        scene.blockSignals(True)
        for item in [*self.items_by_plot.values(), *self.labels]:
            scene.removeItem(item)
        self.items_by_plot.clear()
        self.labels = []
        shapes = [(p, json.loads(p.geometry)) for p in plots if p.geometry]
        lats = [_first(g["coordinates"])[1] for _p, g in shapes]
        if lats and self.background is None:
            self.reference_lat = sum(lats) / len(lats)
        for plot, shape in shapes:
            outline, fill = COLOURS[status_key(plot)]
            pen = QPen(QColor(outline), 1.5)
            pen.setCosmetic(True)   # the same width at any zoom
            brush = QBrush(QColor(fill))
            if shape["type"] == "Polygon":
                item = QGraphicsPolygonItem(QPolygonF([self.to_scene(lon, lat) for lon, lat, *_ in
                                                       shape["coordinates"][0]]))
            else:
                half = POINT_PIXELS / 2
                item = QGraphicsEllipseItem(-half, -half, POINT_PIXELS, POINT_PIXELS)
                item.setPos(self.to_scene(*shape["coordinates"][:2]))
                item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            item.setPen(pen)
            item.setBrush(brush)
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
            item.setData(PLOT_ID, plot.status.plot_id)
            item.setToolTip(f"{plot.status.member_code} · {plot.status.name} (n.° {plot.status.plot_id})")
            scene.addItem(item)
            self.items_by_plot[plot.status.plot_id] = item
        zones: dict[str, QRectF] = {}
        for plot, _shape in shapes:
            key = f"{plot.status.zone_code} · {plot.status.zone_name}"
            zones[key] = zones.get(key, QRectF()).united(self.plots_rect([plot.status.plot_id]))
        for name, rect in sorted(zones.items()):
            text = QGraphicsSimpleTextItem(name)
            text.setBrush(QColor("#3e2723"))
            text.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            text.setPos(rect.left(), rect.top())
            text.setTransform(QTransform.fromTranslate(0, -text.boundingRect().height() - 4))   # above, in pixels
            text.setZValue(2)
            text.setData(PLOT_ID, 0)
            scene.addItem(text)
            self.labels.append(text)
        scene.blockSignals(False)

    def plots_rect(self, plot_ids: Sequence[int] | None = None) -> QRectF:
        items = [self.items_by_plot[i] for i in (plot_ids if plot_ids is not None else self.items_by_plot)
                 if i in self.items_by_plot]
        rect = QRectF()
        for item in items:
            rect = rect.united(item.sceneBoundingRect() if not item.flags() &
                               QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations
                               else QRectF(item.pos() - QPointF(5, 5), item.pos() + QPointF(5, 5)))
        return rect

    def fit(self, plot_ids: Sequence[int] | None = None) -> None:
        """Show these plots (all by default), with a margin."""
        rect = self.plots_rect(plot_ids)
        if rect.isNull() and self.background is not None:
            rect = self.background.sceneBoundingRect()
        if rect.isNull():
            return
        margin = max(rect.width(), rect.height(), 200) * 0.08
        self.setSceneRect(self.scene().itemsBoundingRect().united(rect).adjusted(-5000, -5000, 5000, 5000))
        self.fitInView(rect.adjusted(-margin, -margin, margin, margin), Qt.AspectRatioMode.KeepAspectRatio)

    def select_plot(self, plot_id: int, centre: bool = True) -> None:
        item = self.items_by_plot.get(plot_id)
        self.scene().clearSelection()
        if item is None:
            self.plot_selected.emit(plot_id)   # not mapped: nothing to draw, still the selected plot
            return
        item.setSelected(True)
        if centre:
            self.centerOn(item)

    def selected_plot(self) -> int:
        items = self.scene().selectedItems()
        return int(items[0].data(PLOT_ID)) if items else 0

    def _selection_changed(self) -> None:
        for plot_id, item in self.items_by_plot.items():
            pen = item.pen()
            pen.setWidthF(3.5 if item.isSelected() else 1.5)
            item.setPen(pen)
            item.setZValue(1 if item.isSelected() else 0)
        self.plot_selected.emit(self.selected_plot())

    # -- background ------------------------------------------------------------------

    def set_background(self, path: str, west: float, south: float, east: float, north: float) -> bool:
        """An image stretched over its bounds (degrees); False when it cannot be read."""
        pixmap = QPixmap(path)
        if pixmap.isNull():
            return False
        if self.background is not None:
            self.scene().removeItem(self.background)
        item = QGraphicsPixmapItem(pixmap)
        top_left, bottom_right = self.to_scene(west, north), self.to_scene(east, south)
        item.setPos(top_left)
        item.setTransform(item.transform().scale((bottom_right.x() - top_left.x()) / pixmap.width(),
                                                 (bottom_right.y() - top_left.y()) / pixmap.height()))
        item.setZValue(-10)
        item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene().addItem(item)
        self.background = item
        return True

    def visible_bounds(self) -> tuple[float, float, float, float]:
        """(west, south, east, north) of what the view shows, in degrees."""
        rect = self.mapToScene(self.viewport().rect()).boundingRect()
        west, north = self.to_lon_lat(rect.topLeft())
        east, south = self.to_lon_lat(rect.bottomRight())
        return west, south, east, north

    # -- zoom ------------------------------------------------------------------------

    def zoom(self, factor: float) -> None:
        self.scale(factor, factor)

    def wheelEvent(self, event) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom(1.25 ** steps)
        event.accept()


def _first(coordinates):
    while isinstance(coordinates[0], list):
        coordinates = coordinates[0]
    return coordinates
