"""«Inicio», the screen the app opens on: every figure it shows is the core's
(``book.season.overview()``) and the database's own sums, to the céntimo; the figures
show before the chart, which matplotlib draws on a thread of its own; one click
on a pending task takes the treasurer where it is done; it fits a 1366×768 laptop
and still a 1024×600 one (it scrolls down, never sideways)."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import text

from coopdesk.core import Book
from coopdesk.core import season as S
from coopdesk.domain.accounts import MovementInput
from coopdesk.domain.rules import DeliveryInput
from coopdesk.gui.home import home_view, kilos_chart
from coopdesk.gui.kit import printing
from coopdesk.gui.distribution.criteria_dialog import template
from coopdesk.gui.main_window import MainWindow
from coopdesk.i18n.formatting import format_kg, format_money
from tests.conftest import TODAY, cash_in_hand, remanente_in_the_books

from .conftest import answering, wait_idle

NBSP = "\u00a0"


def ticket(number: str, day: date, code: str, product: str, kg: str, price: str) -> DeliveryInput:
    return DeliveryInput(ticket=f"001-{number}", date=day, member_code=code, product_code=product, sacks=1,
                         gross_kg=D(kg) + D("0.4"), tare_kg=D("0.4"), humidity_pct=D("7.2"), grade="A",
                         advance_price=D(price))


@pytest.fixture(autouse=True)
def season(db):
    """Before the app opens the book: money in Caja and the bank, excedentes in 591,
    March and December tickets of dry cacao and copoazú (one voided), an advance to
    Rosa and a distribution in draft."""
    with Book.open(str(db)) as book:
        cash_in_hand(book)
        remanente_in_the_books(book)
        for args in (("1", date(2026, 3, 4), "S001", "CACAO-SECO", "600", "18.50"),
                     ("2", date(2026, 3, 9), "S002", "CACAO-SECO", "300", "18.50"),
                     ("3", date(2026, 12, 1), "S001", "CACAO-SECO", "50", "19.00"),
                     ("4", date(2026, 12, 2), "S003", "CACAO-SECO", "30", "18.00"),
                     ("5", date(2026, 12, 3), "S002", "COPOAZU-PULPA", "20", "4.50"),
                     ("6", date(2026, 12, 4), "S003", "CACAO-SECO", "999", "18.00")):
            book.deliveries.record(ticket(*args))
        book.deliveries.void("001-6", "Peso mal digitado")
        book.accounts.record(MovementInput("S001", date(2026, 4, 1), "adelantos", "cargo", D("500.00"), "Adelanto"))
        book.distributions.create(template(2026), name="Excedentes 2026")


@pytest.fixture(autouse=True)
def documents(monkeypatch, tmp_path) -> list[str]:
    """Papers go to a temporary Documents folder, and are «opened» into this list."""
    opened: list[str] = []
    monkeypatch.setattr(home_view, "withholding_folder", lambda: tmp_path / "Documentos" / "Retenciones")
    monkeypatch.setattr(printing, "show_pdf", lambda path, *_a, **_k: opened.append(path))
    return opened


def open_window(qtbot, runner, width: int = 1366, height: int = 728) -> MainWindow:
    window = MainWindow(runner)
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    wait_idle(qtbot, runner)
    qtbot.waitUntil(lambda: window.home.overview is not None, timeout=10000)
    wait_idle(qtbot, runner)
    # the figures' new labels are shown, and the screen laid out again around them
    qtbot.waitUntil(lambda: all(label.isVisible() for label in window.home.figures.values()), timeout=20_000)
    qtbot.wait(50)
    return window


def shown(window: MainWindow, key: str) -> str:
    return window.home.figures[key].text().replace(NBSP, " ")


def soles(amount: D) -> str:
    return format_money(amount).replace(NBSP, " ")


def test_the_app_opens_on_inicio_and_every_figure_is_the_cores_and_the_databases(qtbot, runner, db):
    window = open_window(qtbot, runner)
    assert window.nav.item(0).text() == "Inicio"
    assert window.current_screen() is window.home
    with Book.open(str(db)) as book:
        overview = book.season.overview()
        with book.read() as session:
            by_month = dict(session.execute(text(
                "SELECT p.name || ' ' || substr(CAST(d.date AS TEXT), 1, 7), SUM(d.net_g) FROM deliveries d "
                "JOIN products p ON p.id = d.product_id WHERE d.voided_at IS NULL GROUP BY 1")).all())
            net_g, tickets = session.execute(text(
                "SELECT SUM(net_g), count(*) FROM deliveries WHERE voided_at IS NULL")).one()
            december = dict(session.execute(text(
                "SELECT p.code, SUM(d.amount_cents) * 1000 / SUM(d.payable_g) FROM deliveries d "
                "JOIN products p ON p.id = d.product_id WHERE d.voided_at IS NULL AND d.date >= '2026-12-01' "
                "GROUP BY p.code")).all())
        trial = {row.code: row.balance for row in book.ledger.trial_balance(end=TODAY).rows}
        rosa = book.accounts.balances("S001").of("adelantos")
    home = window.home
    assert home.title.text() == "Campaña 2026"
    assert home.subtitle.text() == "Cifras al 7 de diciembre de 2026"

    # the chart: matplotlib's bars are the kilos of each product and month, as the database adds them
    # (drawn on its own thread, after the figures)
    qtbot.waitUntil(lambda: home.chart.figure is not None, timeout=20_000)
    drawn = {f"{name} {year}-{month:02d}": kg for name, values in home.chart.series.items()
             for (year, month), kg in zip(home.chart.months, values) if kg}
    assert drawn == {key: D(grams).scaleb(-3) for key, grams in by_month.items()}
    assert drawn == {"Cacao grano seco 2026-03": D("900.000"), "Cacao grano seco 2026-12": D("80.000"),
                     "Copoazú pulpa 2026-12": D("20.000")}
    axes = home.chart.figure.axes[0]
    # the campaign so far, month by month, the months without tickets too
    assert [t.get_text() for t in axes.get_xticklabels()] == [
        "Ene", "Feb", "Mar", "Abr", "May", "Jun", "Jul", "Ago", "Sep", "Oct", "Nov", "Dic"]
    assert sum(bar.get_height() for bar in axes.patches) == pytest.approx(1000.0)
    assert shown(window, "kilos.total") == f"En la campaña: {format_kg(D(net_g).scaleb(-3))} en {tickets} entregas" \
        .replace(NBSP, " ") == "En la campaña: 1,000.00 kg en 5 entregas"

    # prices paid this month: (950.00 + 540.00) / 80 kg = 18.625 -> S/ 18.63; copoazú 90.00 / 20 kg
    assert home.prices_box.title() == "Precios pagados en diciembre de 2026"
    assert shown(window, "price.CACAO-SECO.per_kg") == "S/ 18.63" == soles(
        next(p.per_kg for p in overview.prices if p.product == "CACAO-SECO"))
    assert shown(window, "price.COPOAZU-PULPA.per_kg") == "S/ 4.50"
    assert int(december["CACAO-SECO"]) == 1862  # the bare SQL, in céntimos truncated: 18.625
    assert shown(window, "price.CACAO-SECO.kg") == "80.00 kg"

    # Caja and the bank: the ledger's balances
    assert shown(window, "money.101") == soles(trial["101"]) == soles(
        D("200000.00") - D("11100.00") - D("5550.00") - D("950.00") - D("540.00") - D("90.00") - D("500.00"))
    assert shown(window, "money.1041") == soles(trial["1041"]) == "S/ 300,000.00"
    assert shown(window, "money.total") == soles(trial["101"] + trial["1041"])

    # what members owe: Rosa's advance
    assert shown(window, "owed.adelantos") == soles(rosa) == "S/ 500.00"
    assert shown(window, "owed.prestamos") == "S/ 0.00" and shown(window, "owed.insumos") == "S/ 0.00"
    assert "owed.aportaciones" not in home.figures  # shown only when some are owed
    assert shown(window, "owed.total") == soles(overview.owed_total) == "S/ 500.00"

    # the distribution in draft, and what is pending
    assert shown(window, "run.state") == "Borrador, por aprobar"
    assert shown(window, "run.amount") == soles(overview.run.amount)
    assert [button.text() for button in home.task_buttons.values()] == [
        "Aprobar la distribución N.º 1", "Cerrar el periodo de enero de 2026", "Hacer un respaldo",
        "Reporte de retenciones de diciembre de 2026", "Imprimir el boletín de noviembre de 2026"]
    assert home.task_notes[S.CLOSE_MONTH].text() == "%s meses terminados siguen abiertos." % overview.task(
        S.CLOSE_MONTH).count
    assert home.task_notes[S.BACKUP].text() == "Aún no hay ninguno."
    assert shown(window, "records.backup") == "Sin respaldos todavía"
    assert shown(window, "records.head") == (f"Cabeza del registro de cambios:\n{overview.head.code} "
                                             f"({overview.head.records:,} registros)")


def test_the_figures_show_before_the_chart_which_fills_in_when_drawn(qtbot, runner):
    """matplotlib (about 1 s to import) never holds the figures back: while the chart's
    thread is busy, every figure is shown and the chart's place says «Cargando
    gráfico…»; once the thread is free, the chart is drawn there, at the widget's size."""
    free = threading.Event()
    busy = kilos_chart.drawer().submit(free.wait, 60)  # the chart's thread held until the figures are checked
    try:
        window = open_window(qtbot, runner)
        home = window.home
        assert shown(window, "money.1041") == "S/ 300,000.00"
        assert shown(window, "kilos.total") == "En la campaña: 1,000.00 kg en 5 entregas"
        assert home.chart.isVisible() and home.chart.image is None and home.chart.figure is None
        assert home.chart.series  # the figures are there; only their drawing waits
        picture = home.chart.grab().toImage()  # the placeholder: grey text on the window's colour
        background = home.chart.palette().color(home.chart.backgroundRole()).rgb()
        assert {picture.pixel(x, picture.height() // 2) for x in range(picture.width())} - {background}
    finally:
        free.set()
    assert busy.result(timeout=20)
    chart = home.chart
    ratio = chart.devicePixelRatioF()

    def drawn_at_its_size() -> bool:
        """The image shown is the chart's current size: a layout that moved while the thread
        was held makes a first drawing at the old size, then one at the new (never stretched)."""
        return chart.image is not None and (chart.image.width(), chart.image.height()) == (
            round(chart.width() * ratio), round(chart.height() * ratio))

    qtbot.waitUntil(drawn_at_its_size, timeout=20_000)
    assert chart.figure is not None
    axes = chart.figure.axes[0]
    assert sum(bar.get_height() for bar in axes.patches) == pytest.approx(1000.0)
    assert [text.get_text() for text in chart.figure.legends[0].get_texts()] == ["Cacao grano seco", "Copoazú pulpa"]

    # a narrower window: the chart drawn again at its new size
    width = chart.width()
    window.resize(1024, 560)
    qtbot.waitUntil(lambda: chart.width() < width and drawn_at_its_size(), timeout=20_000)


def test_one_click_on_each_pending_task_takes_her_where_it_is_done(qtbot, runner, documents):
    window = open_window(qtbot, runner)
    home = window.home
    home.task_buttons[S.APPROVE].click()
    assert window.current_screen() is window.distribution
    wait_idle(qtbot, runner)
    assert window.distribution.selected_run().number == 1

    window.go_to("home")
    home.task_buttons[S.CLOSE_MONTH].click()
    assert window.current_screen() is window.ledger
    tabs = window.ledger.tabs
    assert tabs.tabText(tabs.currentIndex()) == "Periodos"

    window.go_to("home")
    home.task_buttons[S.WITHHOLDING].click()
    wait_idle(qtbot, runner, timeout=20000)
    assert [Path(p).name for p in documents] == ["retenciones-2026-12.pdf"]
    assert Path(documents[0]).read_bytes().startswith(b"%PDF")

    seen = {}
    with answering(QMessageBox, lambda box: seen.setdefault("text", box.text())):
        home.task_buttons[S.BACKUP].click()
        qtbot.waitUntil(lambda: "text" in seen, timeout=20000)
    assert seen["text"].startswith("Respaldo verificado: ")
    wait_idle(qtbot, runner)
    qtbot.waitUntil(lambda: S.BACKUP not in home.task_buttons, timeout=20_000)
    assert shown(window, "records.backup").startswith("Último respaldo: hoy (")


def test_ctrl_0_is_inicio_and_the_other_screens_keep_their_shortcuts(qtbot, runner):
    from PySide6.QtCore import Qt

    window = open_window(qtbot, runner)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=20_000)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_screen() is window.members
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.current_screen() is window.home


@pytest.mark.parametrize("width, height", [(1366, 768), (1024, 600)])
def test_inicio_fits_the_laptop_it_scrolls_down_never_sideways(qtbot, runner, tmp_path, width, height):
    """At 1366×768 (a 40-pixel taskbar) all of it shows; at 1024×600 it scrolls down, and
    nothing is clipped sideways: its narrowest layout fits the window's width."""
    window = open_window(qtbot, runner, width, height - 40)
    area = window.stack.currentWidget()
    home = window.home
    assert home.minimumSizeHint().width() <= area.viewport().width()
    assert not area.horizontalScrollBar().isVisible()
    if width == 1366:
        assert home.minimumSizeHint().height() <= area.viewport().height()
    for button in home.task_buttons.values():  # every task's words whole in its button
        assert button.width() >= button.sizeHint().width()
    picture = window.grab()
    path = tmp_path / f"inicio-{width}x{height}.png"
    assert picture.save(str(path))
    assert (picture.width(), picture.height()) == (width, height - 40)


def test_a_published_run_says_how_many_members_are_paid_and_asks_to_pay_the_rest(qtbot, runner):
    window = open_window(qtbot, runner)
    rows = []

    def publish(book):
        book.distributions.approve(1, "Acta 12-2026", TODAY)
        book.distributions.publish(1)
        book.distributions.mark_paid(1, "S001", TODAY, "efectivo")
        rows.append(book.distributions.get(1))

    runner.run(publish)
    wait_idle(qtbot, runner)
    window.home.reload()
    wait_idle(qtbot, runner)
    qtbot.waitUntil(lambda: shown(window, "run.state").startswith("Publicada"), timeout=20_000)
    run = rows[0]
    assert run.paid_members == 1 and run.to_pay == 3
    assert shown(window, "run.state") == "Publicada; pagados 1 de 3 socios"
    assert shown(window, "run.net") == soles(run.net_total)
    assert window.home.task_buttons[S.PAY].text() == "Pagar la distribución N.º 1"
    assert window.home.task_notes[S.PAY].text() == "Falta pagar a 2 socios."
    assert S.APPROVE not in window.home.task_buttons


def test_the_window_shown_before_its_book_opens_loads_inicio_once_the_book_is_open(qtbot, db):
    """The app draws its window first and opens the book after (gui/app.py): Inicio,
    shown with no book yet, asks nothing of the worker (it failed with «'NoneType' has
    no attribute 'season'» on every start), then shows the season once the book opens."""
    from coopdesk.gui.kit.tasks import TaskRunner

    runner = TaskRunner()
    failures: list[Exception] = []
    runner._worker.failed.connect(lambda _task, exc: failures.append(exc))
    try:
        window = MainWindow(runner)
        qtbot.addWidget(window)
        window.resize(1366, 728)
        window.show()
        qtbot.waitExposed(window)
        wait_idle(qtbot, runner)
        assert window.home.overview is None and failures == []
        runner.open_book(lambda: Book.open(str(db)))
        qtbot.waitUntil(lambda: window.home.overview is not None, timeout=20_000)
        wait_idle(qtbot, runner)
        assert failures == []
        assert window.home.overview.net_kg == D("1000.00")  # 600 + 300 + 50 + 30 of cacao, 20 of copoazú
    finally:
        runner.close()


@pytest.mark.parametrize("width", [420, 560, 760])
def test_the_chart_never_cuts_a_product_name_nor_runs_the_months_together(qapp, width):
    """A laptop's narrow Inicio (1024 px, or 1280 with the window split): every product's
    name whole inside the chart, and no two month names touching (they ran «EneFebMar…»,
    and the legend cut «Copoazú grano» at the right edge)."""
    names = ("Cacao grano seco", "Cacao en baba", "Café pergamino", "Copoazú grano", "Copoazú pulpa")
    ticks = tuple(kilos_chart.month_abbreviation(m) for m in range(1, 13))
    spec = kilos_chart.ChartSpec(ticks=ticks, series=tuple((n, (1000.0,) * 12) for n in names), empty_text=None,
                                 background="#efefef", width=width, height=300, ratio=1.0, columns=4)
    figure, image = kilos_chart.draw(spec)
    renderer = figure.canvas.get_renderer()
    legend = figure.legends[0].get_window_extent(renderer)
    assert 0 <= legend.x0 and legend.x1 <= figure.bbox.width
    assert image.width() == width
    shown = [label for label in figure.axes[0].get_xticklabels() if label.get_text()]
    boxes = [label.get_window_extent(renderer) for label in shown]
    assert all(a.x1 < b.x0 for a, b in zip(boxes, boxes[1:]))  # a gap between every two names
    assert shown[0].get_text() == "Ene" and len(shown) >= 4
