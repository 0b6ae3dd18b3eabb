import sqlite3
from datetime import date

import pytest

from coopdesk.core import Book, BookError, InvalidInput
from coopdesk.domain.rules import CampaignInput, CooperativeInput, ZoneInput
from coopdesk.i18n import describe
from tests.conftest import cooperative
from tests.people import AS_ADMIN


def test_opening_a_missing_file_says_so_and_creates_nothing(tmp_path):
    path = tmp_path / "no-existe.sqlite"
    with pytest.raises(BookError) as raised:
        Book.open(str(path))
    assert describe(raised.value.problem) == f"No existe la base de datos {path}."
    assert not path.exists()


def test_a_cooperative_with_a_bad_ruc_is_not_created(tmp_path):
    with pytest.raises(InvalidInput) as raised:
        Book.create(str(tmp_path / "c.sqlite"), CooperativeInput("Coop", "20600123451", "", "Puerto Maldonado"), **AS_ADMIN)
    assert [describe(p) for p in raised.value.problems] == [
        "El RUC 20600123451 no es válido: debe tener 11 dígitos y un dígito verificador correcto."]


def test_a_database_cannot_hold_two_cooperatives(book):
    with pytest.raises(BookError):
        Book.create(book.url, cooperative(), **AS_ADMIN)
    assert book.cooperative.name == "Cooperativa Agraria Tambopata"


def test_a_book_reopens_with_its_cooperative_and_default_products(book):
    reopened = Book.open(book.url)
    try:
        assert reopened.cooperative.city == "Puerto Maldonado"
        assert [p.code for p in reopened.products.list()] == [
            "CACAO-SECO", "CACAO-BABA", "CAFE-PERG", "COPOAZU-PULPA", "COPOAZU-GRANO", "CAFE-CEREZA", "COPOAZU-FRUTO"]
    finally:
        reopened.close()


def test_a_cooperative_is_created_with_its_zones_and_campaign_or_not_at_all(tmp_path):
    path = tmp_path / "c.sqlite"
    zones = [ZoneInput("LP", "Las Piedras"), ZoneInput("LP", "Laberinto"), ZoneInput("TB", "")]
    with pytest.raises(InvalidInput) as raised:
        Book.create(str(path), cooperative(), zones, CampaignInput("2026", "Campaña 2026", date(2026, 12, 31),
                                                                     date(2026, 1, 1)), **AS_ADMIN)
    assert [describe(p) for p in raised.value.problems] == [
        "La zona LP está repetida.",
        "Escriba el nombre de la zona TB.",
        "La campaña termina antes de empezar.",
    ]
    with Book.create(str(path), cooperative(), [ZoneInput("LP", "Las Piedras")],
                     CampaignInput("2026", "Campaña 2026", date(2026, 1, 1), date(2026, 12, 31)), **AS_ADMIN) as book:
        assert [z.name for z in book.zones.list()] == ["Las Piedras"]
        assert book.campaigns.current().code == "2026"


def test_a_database_that_is_not_coopdesks_is_refused_untouched(tmp_path):
    path = tmp_path / "planilla.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE gastos (fecha TEXT, monto INTEGER)")
    with pytest.raises(BookError) as raised:
        Book.open(str(path))
    assert describe(raised.value.problem) == f"La base de datos {path} no es de coopdesk; no se modificó."
    with sqlite3.connect(path) as conn:
        assert [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == ["gastos"]
