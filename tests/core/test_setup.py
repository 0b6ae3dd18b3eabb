"""Setting up a real cooperative: zones with their codes added and corrected,
products and forms added, the cooperative's own details corrected, and an
import of members that says how to get past a missing zone."""

import pytest

from coopdesk.core import Book, InvalidInput, NotFound
from coopdesk.domain.rules import CooperativeInput
from coopdesk.i18n import describe
from tests.conftest import cooperative
from tests.people import AS_ADMIN, LOGIN

SOCIOS = """Código;DNI;Nombres;Apellidos;Sexo;Zona;Certificación;Fecha de ingreso;Estado
S0001;41234567;Rosa;Quispe Mamani;F;LP;organico;01/01/2020;activo
S0002;42345678;Juan;Condori Apaza;M;TB;convencional;01/01/2020;activo
"""


def messages(raised) -> list[str]:
    return [describe(p) for p in raised.value.problems]


@pytest.fixture
def new_book(tmp_path):
    """A cooperative just created, with one zone typed by name (its code made for it)."""
    from coopdesk.domain.rules import ZoneInput

    book = Book.create(str(tmp_path / "coop.sqlite"), cooperative(), [ZoneInput("TAM", "Tambopata")], **AS_ADMIN)
    yield book
    book.close()


def test_importing_socios_into_a_new_cooperative_says_how_to_add_the_zone_then_succeeds(new_book, tmp_path):
    path = tmp_path / "socios.csv"
    path.write_text(SOCIOS, encoding="utf-8")
    report = new_book.imports.members(path)
    assert [(p.row, describe(p.problem)) for p in report.problems] == [
        (2, "No existe la zona LP (las zonas son: TAM). Agréguela en Preferencias › Zonas y comités… (o con «coopdesk "
            "zones add LP NOMBRE») y vuelva a importar, o corrija la hoja."),
        (3, "No existe la zona TB (las zonas son: TAM). Agréguela en Preferencias › Zonas y comités… (o con «coopdesk "
            "zones add TB NOMBRE») y vuelva a importar, o corrija la hoja."),
    ]
    assert new_book.members.count() == 0
    new_book.zones.add("LP", "Las Piedras")
    new_book.zones.edit("TAM", "TB", "Tambopata")  # the code made from the name, corrected to the sheet's
    report = new_book.imports.members(path)
    assert (report.problems, new_book.members.count()) == ((), 2)
    assert [(m.code, m.zone_name) for m in new_book.members.page("")] == [
        ("S0002", "Tambopata"), ("S0001", "Las Piedras")]


def test_a_zone_is_renamed_and_recoded_and_its_members_follow(tmp_path):
    from tests.conftest import make_book

    with make_book(str(tmp_path / "c.sqlite")) as book:
        book.zones.edit("LP", "LPI", "Las Piedras Alto")
        assert [(z.code, z.name) for z in book.zones.list()] == [("LPI", "Las Piedras Alto"), ("TB", "Tambopata")]
        assert book.members.get("S0001").zone_name == "Las Piedras Alto"


def test_a_zone_edit_with_problems_changes_nothing(new_book):
    new_book.zones.add("LP", "Las Piedras")
    with pytest.raises(InvalidInput) as raised:
        new_book.zones.edit("TAM", "LP", " ")
    assert messages(raised) == ["Escriba el nombre de la zona LP.", "Ya existe la zona LP."]
    with pytest.raises(NotFound):
        new_book.zones.edit("XX", "XY", "Nada")
    assert [(z.code, z.name) for z in new_book.zones.list()] == [("LP", "Las Piedras"), ("TAM", "Tambopata")]


def test_products_and_forms_are_added_beside_the_seven(new_book):
    assert len(new_book.products.list()) == 7
    new_book.products.add(" cacao-org-baba ", "Cacao orgánico en  baba", "cacao", "En baba")
    added = new_book.products.list()[-1]
    assert (added.code, added.name, added.crop, added.form, added.price_unit) == (
        "CACAO-ORG-BABA", "Cacao orgánico en baba", "cacao", "en_baba", "kg")
    with pytest.raises(InvalidInput) as raised:
        new_book.products.add("CACAO-SECO", " ", "arroz", "", "lb")
    assert messages(raised) == [
        "Escriba el nombre del producto.", "«arroz» no es un cultivo: cacao, cafe o copoazu.",
        "Escriba la forma del producto, por ejemplo grano seco.", "«lb» no es una unidad de precio: kg o qq.",
        "Ya existe el producto CACAO-SECO."]
    assert len(new_book.products.list()) == 8


def test_the_cooperatives_details_are_corrected_after_creation(new_book, tmp_path):
    new_book.cooperative_details.update(CooperativeInput("Cooperativa Agraria  Nueva Esperanza", "20600123450",
                                                         "Jr. Loreto 120", "Puerto Maldonado"))
    c = new_book.cooperative
    assert (c.name, c.ruc, c.address, c.city) == ("Cooperativa Agraria Nueva Esperanza", "20600123450",
                                                  "Jr. Loreto 120", "Puerto Maldonado")
    with pytest.raises(InvalidInput) as raised:
        new_book.cooperative_details.update(CooperativeInput("", "123", "", "Iberia"))
    assert messages(raised) == ["Escriba el nombre de la cooperativa.",
                                "El RUC 123 no es válido: debe tener 11 dígitos y un dígito verificador correcto."]
    new_book.close()
    with Book.open(str(tmp_path / "coop.sqlite"), **LOGIN) as again:
        assert again.cooperative.name == "Cooperativa Agraria Nueva Esperanza"
