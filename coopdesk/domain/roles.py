"""People's roles and what each may do: the one permission table (docs/security.md,
«Personas y roles»).

Every change the core writes names one of the actions below, and
``Book.write(action)`` asks ``refusal(role, action)`` before it begins the
transaction: the check lives here and in that one call, never scattered through
the managers. Reading is open to every role.

The administrador may do everything: in a cooperative of one person, that
person is everyone. In an office of several, each person gets the role of their
work, and the administrator's login is kept for managing users and settings.
"""

from __future__ import annotations

from coopdesk.domain.problems import N_, Problem, Text

TESORERO, CONTADOR, ACOPIADOR, CONSEJO, ADMINISTRADOR = "tesorero", "contador", "acopiador", "consejo", "administrador"
ROLES = (TESORERO, CONTADOR, ACOPIADOR, CONSEJO, ADMINISTRADOR)
ROLE_NAMES = {
    TESORERO: N_("tesorero"), CONTADOR: N_("contador"), ACOPIADOR: N_("acopiador"),
    CONSEJO: N_("consejo"), ADMINISTRADOR: N_("administrador"),
}

# -- the actions: what a change is, in words that finish «no puede …» ----------

RECORD_DELIVERY = "entregas.registrar"
VOID_DELIVERY = "entregas.anular"
EDIT_MEMBERS = "socios.editar"  # members, their plots, collection points, zones and campaigns
RECORD_PARTICIPATION = "participacion.registrar"
RECORD_MOVEMENT = "cuentas.registrar"  # advances, repayments, inputs on credit
GRANT_LOAN = "cuentas.prestar"
REVERSE_MOVEMENT = "cuentas.revertir"
ACCRUE_INTEREST = "cuentas.intereses"  # what opening a book posts by itself
RECORD_SALE = "ventas.registrar"  # sales, their collection and voiding
RECORD_EXPENSE = "gastos.registrar"  # expenses, their payment and voiding
POST_ENTRY = "asientos.registrar"  # manual entries, reversals, opening entry, pending postings
EDIT_CHART = "plan.editar"
SEE_CHART_CHANGES = "plan.avisos"  # mark the PCGE renumbering notice as shown (the contador's)
CLOSE_PERIOD = "periodos.cerrar"  # a month or a year
SET_PRICES = "precios.fijar"  # advance prices and quality standards
CREATE_DISTRIBUTION = "distribuciones.calcular"  # store a draft, discard it
APPROVE_DISTRIBUTION = "distribuciones.aprobar"
PUBLISH_DISTRIBUTION = "distribuciones.publicar"
PAY_DISTRIBUTION = "distribuciones.pagar"
ISSUE_STATEMENTS = "documentos.emitir"  # numbered statements
CHANGE_SETTINGS = "ajustes.cambiar"  # debt limit, payment order, backups' second folder
MANAGE_USERS = "usuarios.gestionar"
IMPORT = "importar"
BACKUP = "respaldos.crear"
RESTORE = "respaldos.restaurar"

WHAT = {
    RECORD_DELIVERY: N_("registrar entregas"),
    VOID_DELIVERY: N_("anular entregas"),
    EDIT_MEMBERS: N_("registrar ni cambiar socios, parcelas, zonas, campañas ni centros de acopio"),
    RECORD_PARTICIPATION: N_("registrar la participación de los socios"),
    RECORD_MOVEMENT: N_("registrar movimientos en las cuentas de los socios"),
    GRANT_LOAN: N_("otorgar préstamos"),
    REVERSE_MOVEMENT: N_("revertir movimientos de las cuentas de los socios"),
    ACCRUE_INTEREST: N_("devengar intereses"),
    RECORD_SALE: N_("registrar ventas"),
    RECORD_EXPENSE: N_("registrar gastos"),
    POST_ENTRY: N_("registrar asientos contables"),
    EDIT_CHART: N_("cambiar el plan de cuentas"),
    SEE_CHART_CHANGES: N_("dar por visto el aviso de los cambios del plan de cuentas"),
    CLOSE_PERIOD: N_("cerrar periodos contables"),
    SET_PRICES: N_("fijar precios ni estándares de calidad"),
    CREATE_DISTRIBUTION: N_("calcular ni descartar distribuciones"),
    APPROVE_DISTRIBUTION: N_("aprobar distribuciones"),
    PUBLISH_DISTRIBUTION: N_("publicar distribuciones"),
    PAY_DISTRIBUTION: N_("registrar pagos de distribuciones"),
    ISSUE_STATEMENTS: N_("emitir estados de cuenta numerados"),
    CHANGE_SETTINGS: N_("cambiar los ajustes de la cooperativa"),
    MANAGE_USERS: N_("administrar usuarios"),
    IMPORT: N_("importar datos"),
    BACKUP: N_("hacer respaldos"),
    RESTORE: N_("restaurar respaldos"),
}

_ALL = frozenset(ROLES)
_MONEY = frozenset({TESORERO, ADMINISTRADOR})
_BOOKS = frozenset({CONTADOR, ADMINISTRADOR})

PERMISSIONS: dict[str, frozenset[str]] = {
    RECORD_DELIVERY: frozenset({ACOPIADOR, TESORERO, ADMINISTRADOR}),
    VOID_DELIVERY: _MONEY,  # who weighs does not also undo the weighing
    EDIT_MEMBERS: frozenset({ACOPIADOR, TESORERO, ADMINISTRADOR}),
    RECORD_PARTICIPATION: frozenset({TESORERO, ADMINISTRADOR}),
    RECORD_MOVEMENT: _MONEY,
    GRANT_LOAN: _MONEY,
    REVERSE_MOVEMENT: _MONEY,
    ACCRUE_INTEREST: _ALL,  # posted by the book itself when anyone opens it
    RECORD_SALE: _MONEY,
    RECORD_EXPENSE: frozenset({TESORERO, CONTADOR, ADMINISTRADOR}),
    POST_ENTRY: _BOOKS,
    EDIT_CHART: _BOOKS,
    SEE_CHART_CHANGES: _BOOKS,  # the notice is for whoever keeps the books
    CLOSE_PERIOD: _BOOKS,
    SET_PRICES: _MONEY,
    CREATE_DISTRIBUTION: frozenset({TESORERO, CONTADOR, ADMINISTRADOR}),
    APPROVE_DISTRIBUTION: frozenset({CONSEJO, ADMINISTRADOR}),  # the board's sign-off
    PUBLISH_DISTRIBUTION: _MONEY,
    PAY_DISTRIBUTION: _MONEY,
    ISSUE_STATEMENTS: frozenset({ACOPIADOR, TESORERO, CONTADOR, ADMINISTRADOR}),
    CHANGE_SETTINGS: frozenset({ADMINISTRADOR}),
    MANAGE_USERS: frozenset({ADMINISTRADOR}),
    IMPORT: _MONEY,
    BACKUP: _ALL,  # a copy never hurts
    RESTORE: frozenset({ADMINISTRADOR}),
}
assert set(PERMISSIONS) == set(WHAT), "every action has its words and its roles"


def allowed(role: str, action: str) -> bool:
    return role in PERMISSIONS[action]


def refusal(role: str, action: str) -> Problem | None:
    """Why a person with ``role`` may not do ``action``; None when they may."""
    if allowed(role, action):
        return None
    who = [r for r in ROLES if r in PERMISSIONS[action]]
    return Problem("", N_("Su usuario (%(role)s) no puede %(what)s. Pueden hacerlo: %(roles)s."), {
        "role": Text(ROLE_NAMES.get(role, role)), "what": Text(WHAT[action]),
        "roles": RoleList(who)})


class RoleList(tuple):
    """Roles named in a message, each translated, joined with commas and «y» (``describe``)."""

    __slots__ = ()


# -- the people -----------------------------------------------------------------

LOGIN_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789._-"
MIN_PASSWORD = 8


def normal_login(login: str) -> str:
    return login.strip().lower()


def check_person(login: str, full_name: str, role: str, password: str | None) -> list[Problem]:
    """Every problem with a new person's data, at once (``password`` None: unchanged)."""
    problems = []
    login = normal_login(login)
    if not login:
        problems.append(Problem("login", N_("Escriba el usuario.")))
    elif len(login) > 40 or any(c not in LOGIN_CHARS for c in login):
        problems.append(Problem("login", N_("El usuario «%(login)s» solo puede tener letras sin tilde, números, "
                                            "punto, guion y guion bajo (hasta 40)."), {"login": login}))
    if not full_name.strip():
        problems.append(Problem("full_name", N_("Escriba el nombre completo de la persona.")))
    if role not in ROLES:
        problems.append(Problem("role", N_("El rol «%(role)s» no existe; los roles son: %(roles)s."),
                                {"role": role, "roles": RoleList(ROLES)}))
    if password is not None:
        problems += check_password(password)
    return problems


def check_password(password: str) -> list[Problem]:
    if len(password) < MIN_PASSWORD:
        return [Problem("password", N_("La contraseña debe tener al menos %(n)s caracteres."), {"n": MIN_PASSWORD})]
    return []
