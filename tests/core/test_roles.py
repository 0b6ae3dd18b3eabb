"""People and roles: logging in, and every action tried under every role
(docs/security.md, «Personas y roles»).

The matrix counts an action as refused when the core raises ``NotAllowed``
before writing, and as allowed otherwise (done, or refused for another reason,
such as a ticket that does not exist: the permission was granted first).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import text

from coopdesk.core import Book, BookError, InvalidInput
from coopdesk.core.book import NotAllowed
from coopdesk.core.users import LoginFailed, LoginRequired, NewUser
from coopdesk.domain import roles
from coopdesk.domain.accounts import LoanInput, MovementInput
from coopdesk.core.prices import PriceInput
from coopdesk.i18n import describe
from tests.conftest import cacao, cash_in_hand, rosa
from tests.people import ADMIN_LOGIN

PASSWORD = "clave-segura-1"
PEOPLE = {role: NewUser(f"p.{role}", f"Persona {role}", role, PASSWORD) for role in roles.ROLES}


@pytest.fixture
def office(sqlite_book):
    """The test cooperative with one person of each role (the automatic login goes off), and money in Caja."""
    cash_in_hand(sqlite_book)
    for person in PEOPLE.values():
        if person.role != roles.ADMINISTRADOR:
            sqlite_book.users.add(person)
    sqlite_book.users.add(PEOPLE[roles.ADMINISTRADOR])
    return sqlite_book.url


def _mark_chart_changes_seen(book):
    """What ``ledger.unseen_chart_changes`` writes (it asks first, and shows nothing to other roles)."""
    with book.write(roles.SEE_CHART_CHANGES):
        pass


ACTIONS = {
    roles.RECORD_DELIVERY: lambda b: b.deliveries.record(cacao("001-000099")),
    roles.VOID_DELIVERY: lambda b: b.deliveries.void("001-999999", "Error de pesada"),
    roles.EDIT_MEMBERS: lambda b: b.members.add(rosa(code="S0100", dni="49999999")),
    roles.RECORD_PARTICIPATION: lambda b: b.participation.record_attendance(999999, ["S0001"]),
    roles.RECORD_MOVEMENT: lambda b: b.accounts.record(
        MovementInput("S0001", date(2026, 3, 5), "adelantos", "cargo", D("10.00"), "Adelanto")),
    roles.GRANT_LOAN: lambda b: b.accounts.grant_loan(
        LoanInput("S0001", date(2026, 3, 5), D("100.00"), D("12"), 2, "Préstamo")),
    roles.REVERSE_MOVEMENT: lambda b: b.accounts.reverse(999999, "Error"),
    roles.ACCRUE_INTEREST: lambda b: b.require(roles.ACCRUE_INTEREST),  # posted by opening, when due
    roles.RECORD_SALE: lambda b: b.sales.void(999999, "Error"),
    roles.RECORD_EXPENSE: lambda b: b.expenses.void(999999, "Error"),
    roles.POST_ENTRY: lambda b: b.ledger.reverse(999999, date(2026, 3, 5), "Error"),
    roles.EDIT_CHART: lambda b: b.ledger.add_account("6391", "Cuenta de prueba", "gasto"),
    roles.SEE_CHART_CHANGES: lambda b: _mark_chart_changes_seen(b),
    roles.CLOSE_PERIOD: lambda b: b.ledger.close(2026, 1),
    roles.SET_PRICES: lambda b: b.prices.add(PriceInput("CACAO-SECO", date(2026, 3, 1), D("10.00"))),
    roles.CREATE_DISTRIBUTION: lambda b: b.distributions.discard(999),
    roles.APPROVE_DISTRIBUTION: lambda b: b.distributions.approve(999, "Acta 1-2026", date(2026, 11, 1)),
    roles.PUBLISH_DISTRIBUTION: lambda b: b.distributions.publish(999),
    roles.PAY_DISTRIBUTION: lambda b: b.distributions.mark_paid(999, "S0001", date(2026, 11, 1), "efectivo"),
    roles.ISSUE_STATEMENTS: lambda b: b.require(roles.ISSUE_STATEMENTS),
    roles.CHANGE_SETTINGS: lambda b: b.settings.set_debt_limit(D("500.00")),
    roles.MANAGE_USERS: lambda b: b.users.add(NewUser(f"nuevo.{b.person.role}", "Nueva", "acopiador", PASSWORD)),
    roles.IMPORT: lambda b: b.imports.members("/nonexistent/socios.csv"),
    roles.BACKUP: lambda b: b.backups.make(to="/nonexistent/respaldos"),
    roles.RESTORE: lambda b: b.require(roles.RESTORE),
}


def test_every_action_is_tried(office):
    assert set(ACTIONS) == set(roles.PERMISSIONS)


@pytest.mark.parametrize("role", roles.ROLES)
def test_every_action_under_every_role_is_allowed_or_refused_as_the_table_says(office, role):
    unexpected = []
    with Book.open(office, user=PEOPLE[role].login, password=PASSWORD) as book:
        for action, attempt in ACTIONS.items():
            try:
                attempt(book)
                refused = None
            except NotAllowed as exc:
                refused = describe(exc.problem)
            except (BookError, InvalidInput, OSError):
                refused = None
            expected = roles.allowed(role, action)
            if expected != (refused is None):
                unexpected.append((action, "refused" if refused else "allowed"))
    assert unexpected == []


def test_a_refusal_is_said_in_spanish_and_nothing_is_written(office):
    with Book.open(office, user="p.acopiador", password=PASSWORD) as book:
        with pytest.raises(NotAllowed) as raised:
            book.distributions.publish(1)
        assert describe(raised.value.problem) == (
            "Su usuario (acopiador) no puede publicar distribuciones. Pueden hacerlo: tesorero y administrador.")
        with pytest.raises(NotAllowed) as raised:
            book.deliveries.void("001-000001", "Error")
        assert describe(raised.value.problem) == (
            "Su usuario (acopiador) no puede anular entregas. Pueden hacerlo: tesorero y administrador.")
        book.deliveries.record(cacao())  # what an acopiador does
    with Book.open(office, user="p.consejo", password=PASSWORD) as book:
        with pytest.raises(NotAllowed) as raised:
            book.deliveries.record(cacao("001-000002"))
        assert describe(raised.value.problem) == (
            "Su usuario (consejo) no puede registrar entregas. Pueden hacerlo: tesorero, acopiador y administrador.")
        assert book.deliveries.count() == 1


def test_registrado_por_and_the_trail_name_the_person_logged_in(office):
    with Book.open(office, user="P.Acopiador ", password=PASSWORD) as book:
        book.deliveries.record(cacao())
    with Book.open(office, user="p.tesorero", password=PASSWORD) as book:
        book.deliveries.void("001-000001", "Se pesó dos veces")
        [row] = book.deliveries.page()
        with book.read() as session:
            who = session.execute(text("SELECT action, who FROM audit_log WHERE table_name = 'deliveries' "
                                       "ORDER BY id")).all()
    assert who == [("alta", "p.acopiador"), ("cambio", "p.acopiador"), ("cambio", "p.tesorero")]


def test_wrong_passwords_unknown_and_disabled_users_are_refused_in_spanish(office):
    for user, password in (("p.tesorero", "otra-clave"), ("nadie", PASSWORD)):
        with pytest.raises(LoginFailed) as raised:
            Book.open(office, user=user, password=password)
        assert describe(raised.value.problem) == "Usuario o contraseña incorrectos."
    with pytest.raises(LoginRequired) as raised:
        Book.open(office)  # several people: no automatic login
    assert describe(raised.value.problem) == f"Indique su usuario y su contraseña para abrir {office[10:]}."
    with Book.open(office, user=ADMIN_LOGIN, password="clave-de-pruebas") as book:
        book.users.disable("p.contador")
        with pytest.raises(BookError) as own:
            book.users.disable(ADMIN_LOGIN)
        assert describe(own.value.problem) == "No puede desactivar su propio usuario."
    with pytest.raises(LoginFailed) as raised:
        Book.open(office, user="p.contador", password=PASSWORD)
    assert describe(raised.value.problem) == "El usuario p.contador está desactivado; pida al administrador que lo active."


def test_passwords_are_stored_as_argon2id_hashes_and_the_trail_keeps_only_their_length(office):
    with Book.open(office, user=ADMIN_LOGIN, password="clave-de-pruebas") as book:
        book.users.set_password("p.tesorero", "clave-nueva-2")
        with book.read() as session:
            hashes = session.execute(text("SELECT password_hash FROM users")).scalars().all()
            trail = " ".join(r for r in session.execute(text(
                "SELECT coalesce(before, '') || coalesce(after, '') FROM audit_log WHERE table_name = 'users'"
            )).scalars())
        assert all(h.startswith("$argon2id$") for h in hashes)
        assert "$argon2" not in trail and PASSWORD not in trail and "password_changed_at" in trail
        assert book.checks.run(integrity=True).findings == ()
    Book.open(office, user="p.tesorero", password="clave-nueva-2").close()
    with Book.open(office, user=ADMIN_LOGIN, password="clave-de-pruebas") as book:
        with pytest.raises(Exception, match="se cambia con su fecha"), book.write(None) as session:
            session.execute(text("UPDATE users SET password_hash = 'x' WHERE login = 'p.tesorero'"))
        with pytest.raises(Exception, match="no se borra"), book.write(None) as session:
            session.execute(text("DELETE FROM users WHERE login = 'p.tesorero'"))


def test_the_automatic_login_is_only_for_a_book_of_one_person(sqlite_book):
    url = sqlite_book.url
    assert Book.open(url).user == ADMIN_LOGIN  # the tests' books are one-person books
    sqlite_book.users.add(PEOPLE[roles.TESORERO])  # a second person: the automatic login goes off
    with pytest.raises(LoginRequired):
        Book.open(url)
    with pytest.raises(BookError) as raised:
        sqlite_book.users.set_automatic_login(True)
    assert describe(raised.value.problem) == (
        "El ingreso automático es solo para un libro con un único usuario activo; este tiene 2.")


def test_an_upgraded_book_without_users_makes_its_first_opener_the_administrator(sqlite_book):
    url = sqlite_book.url
    with sqlite_book.engine.begin() as conn:  # as a book upgraded from before users: none yet
        conn.exec_driver_sql("DROP TRIGGER users_kept_delete")
        conn.exec_driver_sql("DELETE FROM users")
    sqlite_book.close()
    with pytest.raises(BookError) as raised:
        Book.open(url)
    assert "todavía no tiene usuarios: quien la abre ahora será su administrador" in describe(raised.value.problem)
    with Book.open(url, user="Gerente", password="clave-gerente", name="Luis Mamani") as book:
        assert (book.user, book.person.role, book.person.full_name) == ("gerente", "administrador", "Luis Mamani")
    with pytest.raises(LoginFailed):
        Book.open(url, user="otra", password="clave-otra-1")  # the next one must log in
