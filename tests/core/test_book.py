import pytest

from coopdesk.core import Book, BookError, InvalidInput
from coopdesk.domain.rules import CooperativeInput
from coopdesk.i18n import describe
from tests.conftest import cooperative


def test_opening_a_missing_file_says_so_and_creates_nothing(tmp_path):
    path = tmp_path / "no-existe.sqlite"
    with pytest.raises(BookError) as raised:
        Book.open(str(path))
    assert describe(raised.value.problem) == f"No existe la base de datos {path}."
    assert not path.exists()


def test_a_cooperative_with_a_bad_ruc_is_not_created(tmp_path):
    with pytest.raises(InvalidInput) as raised:
        Book.create(str(tmp_path / "c.sqlite"), CooperativeInput("Coop", "20600123451", "", "Puerto Maldonado"))
    assert [describe(p) for p in raised.value.problems] == [
        "El RUC 20600123451 no es válido: debe tener 11 dígitos y un dígito verificador correcto."]


def test_a_database_cannot_hold_two_cooperatives(book):
    with pytest.raises(BookError):
        Book.create(book.url, cooperative())
    assert book.cooperative.name == "Cooperativa Agraria Tambopata"


def test_a_book_reopens_with_its_cooperative_and_default_products(book):
    reopened = Book.open(book.url)
    try:
        assert reopened.cooperative.city == "Puerto Maldonado"
        assert [p.code for p in reopened.products.list()] == [
            "CACAO-SECO", "CACAO-BABA", "CAFE-PERG", "COPOAZU-PULPA", "COPOAZU-GRANO"]
    finally:
        reopened.close()
