from datetime import date

import pytest

from coopdesk.core import InvalidInput
from coopdesk.i18n import describe
from tests.conftest import rosa


def test_the_padron_lists_members_alphabetically_by_surname(book):
    assert [m.sort_name for m in book.members.page()] == [
        "Condori Apaza, Juan", "Huamán Flores, Carmen", "Quispe Mamani, Rosa"]
    assert book.members.count() == 3


def test_search_finds_members_by_name_code_or_dni(book):
    assert [m.code for m in book.members.page("quispe")] == ["S0001"]
    assert [m.code for m in book.members.page("S0002")] == ["S0002"]
    assert [m.code for m in book.members.page("43456789")] == ["S0003"]
    assert [m.code for m in book.members.page("flores carmen")] == ["S0003"]
    assert book.members.count("mamani") == 1
    assert book.members.page("100%_") == []


def test_paging_continues_after_the_last_row_shown(book):
    first = book.members.page(limit=2)
    rest = book.members.page(after=first[-1], limit=2)
    assert [m.code for m in first + rest] == ["S0002", "S0003", "S0001"]


def test_a_member_with_every_field_wrong_gets_every_message_and_nothing_is_saved(book):
    with pytest.raises(InvalidInput) as raised:
        book.members.add(rosa(code="S0001", dni="4123", first_names=" ", zone_code="XX"))
    assert [describe(p) for p in raised.value.problems] == [
        "El DNI 4123 no es válido: debe tener exactamente 8 dígitos.",
        "Escriba los nombres del socio.",
        "No existe la zona XX.",
        "El código S0001 ya es de Quispe Mamani, Rosa.",
    ]
    assert book.members.count() == 3


def test_a_dni_cannot_belong_to_two_members(book):
    with pytest.raises(InvalidInput) as raised:
        book.members.add(rosa(code="S0009", first_names="Rosario"))
    assert [describe(p) for p in raised.value.problems] == [
        "El DNI 41234567 ya está registrado para Quispe Mamani, Rosa (S0001)."]


def test_editing_a_member_keeps_her_code_and_changes_her_zone(book):
    member = book.members.get("S0001")
    book.members.update(member.id, rosa(zone_code="TB", phone="987654321"))
    edited = book.members.get("S0001")
    assert (edited.zone_name, edited.phone, edited.dni) == ("Tambopata", "987654321", "41234567")


def test_a_member_cannot_join_in_the_future(book):
    with pytest.raises(InvalidInput) as raised:
        book.members.add(rosa(code="S0010", dni="49999999", join_date=date(2999, 1, 1)))
    assert raised.value.fields() == {"join_date"}


def test_search_ignores_accents_and_case_as_treasurers_type(book):
    book.members.add(rosa(code="S0004", dni="44567890", first_names="Teófilo", last_names="Chávez Núñez",
                          gender="M"))
    assert [m.code for m in book.members.page("chavez nunez")] == ["S0004"]
    assert [m.code for m in book.members.page("CHÁVEZ")] == ["S0004"]
    assert [m.code for m in book.members.page("teofilo")] == ["S0004"]


def test_the_padron_is_in_spanish_alphabetical_order(book):
    # Byte order would put Chávez after Choque and Ñahui after Oblitas.
    for code, dni, last in (("S0005", "45000001", "Choque Luque"), ("S0006", "45000002", "Chávez Tapia"),
                            ("S0007", "45000003", "Oblitas Salas"), ("S0008", "45000004", "Ñahui Rojas"),
                            ("S0009", "45000005", "Nuñez Pari"), ("S0010", "45000006", "Nunura Cusi")):
        book.members.add(rosa(code=code, dni=dni, first_names="Ana", last_names=last))
    names = [m.last_names for m in book.members.page()]
    assert names == ["Chávez Tapia", "Choque Luque", "Condori Apaza", "Huamán Flores", "Nunura Cusi",
                     "Nuñez Pari", "Ñahui Rojas", "Oblitas Salas", "Quispe Mamani"]


def test_names_longer_than_the_column_are_refused_the_same_on_every_database(book):
    with pytest.raises(InvalidInput) as raised:
        book.members.add(rosa(code="S0099", dni="49999998", first_names="Rosa " * 30, phone="9" * 31))
    assert [(p.field, describe(p)) for p in raised.value.problems] == [
        ("first_names", "Es demasiado largo: 100 caracteres como máximo."),
        ("phone", "Es demasiado largo: 30 caracteres como máximo."),
    ]
    assert book.members.count() == 3


def test_a_new_member_is_offered_the_next_code_of_the_padrons_series(book):
    assert book.members.next_code() == "S0004"
    book.members.add(rosa(code="S0150", dni="44567890", first_names="Ana"))
    assert book.members.next_code() == "S0151"
