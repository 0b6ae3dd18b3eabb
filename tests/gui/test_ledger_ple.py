"""Contabilidad › Periodos › «Libros electrónicos (PLE)…»: a month's SUNAT files
written to the folder chosen, the bank of the cuenta corriente kept for the 1.2,
and the dialog's own refusals under their fields."""

from __future__ import annotations

from coopdesk.gui.ledger import ledger_dialogs
from coopdesk.gui.ledger.ledger_dialogs import PleDialog

from .conftest import answering, wait_idle
from .test_ledger_view import caja, on_worker, open_view, post_season  # noqa: F401 - caja: autouse, confirms Caja

CAJA = [
    "20260300|2026000002|M1|69131|||PEN|00||2026000002|20/03/2026||20/03/2026|Costo del acopio de marzo||30000.00|"
    "0.00||1|",
    "20260300|2026000002|M2|101|||PEN|00||2026000002|20/03/2026||20/03/2026|Costo del acopio de marzo||0.00|"
    "30000.00||1|",
]


def test_the_ple_of_a_month_is_written_to_the_folder_chosen(qtbot, runner, tmp_path, monkeypatch):
    post_season(qtbot, runner)
    on_worker(qtbot, runner, lambda book: book.ledger.close(2026, 3))  # the PLE is of a closed month
    view = open_view(qtbot, runner)
    monkeypatch.setattr(ledger_dialogs, "choose_folder", lambda parent, start: str(tmp_path / "sunat"))
    seen: dict = {}

    def steps(dialog: PleDialog):
        qtbot.waitUntil(lambda: dialog.bank_account.count() == 1)
        dialog.month.setCurrentIndex(dialog.month.findData("2026-03"))
        for button in dialog.findChildren(type(dialog.save_button)):
            if button.text() == "Elegir…":
                button.click()
        seen["folder"] = dialog.folder.text()
        dialog.entity.setText("11")
        dialog.number.setText("0011-0123-0100012345")
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)

    with answering(PleDialog, steps):
        view.ple_button.click()
    wait_idle(qtbot, runner)
    assert seen["folder"] == str(tmp_path / "sunat")
    assert sorted(p.name for p in (tmp_path / "sunat").iterdir()) == [
        "LE2060012345020260300010100001111.txt", "LE2060012345020260300010200001011.txt",
        "LE2060012345020260300050100001111.txt", "LE2060012345020260300050300001111.txt",
        "LE2060012345020260300060100001111.txt"]
    caja = (tmp_path / "sunat" / "LE2060012345020260300010100001111.txt").read_bytes().decode("latin-1")
    assert caja.split("\r\n") == CAJA + [""]
    banks = on_worker(qtbot, runner, lambda book: book.settings.ple_bank_accounts)
    assert (banks["1041"].entity, banks["1041"].number) == ("11", "0011-0123-0100012345")


def test_the_dialog_asks_for_a_book_and_a_folder_and_shows_the_cores_refusal(qtbot, runner, tmp_path):
    on_worker(qtbot, runner, lambda book: book.ledger.close(2026, 11))
    view = open_view(qtbot, runner)
    seen: dict = {}

    def steps(dialog: PleDialog):
        for check in dialog.libros.values():
            check.setChecked(False)
        dialog.save()
        seen["empty"] = (dialog.error_text("libro"), dialog.error_text("out"))
        dialog.libros["1.2"].setChecked(True)
        dialog.folder.setText(str(tmp_path / "x"))
        dialog.entity.setText("BC")
        dialog.number.setText("1")
        dialog.month.setCurrentIndex(dialog.month.findData("2026-12"))  # open: refused first, nothing kept
        dialog.save()
        qtbot.waitUntil(lambda: bool(dialog.error_text("month")), timeout=20_000)
        seen["month"] = dialog.error_text("month")
        qtbot.waitUntil(dialog.save_button.isEnabled, timeout=20_000)
        dialog.month.setCurrentIndex(dialog.month.findData("2026-11"))
        dialog.entity.setText("BC")  # typed again: the stored bank (none) may have arrived meanwhile
        dialog.number.setText("1")
        dialog.save()
        qtbot.waitUntil(lambda: bool(dialog.error_text("entity")), timeout=20_000)
        seen["entity"] = dialog.error_text("entity")

    with answering(PleDialog, steps):
        view.ple_button.click()
    wait_idle(qtbot, runner)
    assert seen["empty"] == ("Marque al menos un libro.", "Elija la carpeta donde se guardan los archivos.")
    assert seen["month"].startswith("El periodo 2026-12 está abierto: los libros electrónicos se generan de un "
                                    "mes cerrado.")
    assert seen["entity"].startswith("La entidad financiera es el código de dos cifras de la tabla 3 de SUNAT")
    assert not (tmp_path / "x").exists()
