"""Setting up from the command line: zones added and corrected with their codes,
products added, the cooperative's details corrected; mistakes exit 2 in Spanish."""

from coopdesk.core import Book
from tests.cli.helpers import run
from tests.conftest import make_book
from tests.people import LOGIN


def test_zones_add_and_edit_with_their_codes(tmp_path, capsys):
    db = str(tmp_path / "coop.sqlite")
    make_book(db).close()
    assert run(capsys, "--db", db, "zones", "add", "IB", "Iberia") == (0, "Se agregó la zona IB (Iberia).\n", "")
    assert run(capsys, "--db", db, "zones", "edit", "LP", "--code", "LPI") == (
        0, "La zona LP queda como LPI (Las Piedras).\n", "")
    code, out, err = run(capsys, "--db", db, "zones", "edit", "TB", "--code", "IB")
    assert (code, out, err) == (2, "", "Error: Ya existe la zona IB.\n")
    with Book.open(db, **LOGIN) as book:
        assert [(z.code, z.name) for z in book.zones.list()] == [
            ("IB", "Iberia"), ("LPI", "Las Piedras"), ("TB", "Tambopata")]


def test_products_add_and_cooperative_edit(tmp_path, capsys):
    db = str(tmp_path / "coop.sqlite")
    make_book(db).close()
    assert run(capsys, "--db", db, "products", "add", "CAFE-VERDE", "Café verde", "--crop", "Café",
               "--form", "verde", "--unit", "qq") == (0, "Se agregó el producto CAFE-VERDE.\n", "")
    code, out, err = run(capsys, "--db", db, "products", "add", "CAFE-VERDE", "Otro", "--crop", "cafe", "--form", "x")
    assert (code, err) == (2, "Error: Ya existe el producto CAFE-VERDE.\n")
    assert run(capsys, "--db", db, "cooperative", "edit", "--address", "Av. Madre de Dios 500")[0] == 0
    code, out, err = run(capsys, "--db", db, "cooperative", "edit", "--ruc", "123")
    assert (code, err) == (2, "Error: El RUC 123 no es válido: debe tener 11 dígitos y un dígito verificador "
                              "correcto.\n")
    with Book.open(db, **LOGIN) as book:
        assert book.products.list()[-1].code == "CAFE-VERDE"
        assert (book.cooperative.name, book.cooperative.address) == ("Cooperativa Agraria Tambopata",
                                                                     "Av. Madre de Dios 500")
