"""The people the tests work as (docs/security.md, «Personas y roles»).

Every test book is created with ``ADMIN`` as its administrator. Books made by
the core's fixtures open with the automatic login (a one-person cooperative),
so ``Book.open(path)`` acts as ADMIN; the command line logs in as ADMIN through
``$COOPDESK_USER`` and ``$COOPDESK_PASSWORD``, set once in the root conftest.

Passwords are hashed with real argon2id, at a lower cost than the product's in
this process (the root conftest), so hundreds of logins stay quick; a hash
carries its parameters, so the product verifies these too.
"""

from coopdesk.core.users import NewUser

ADMIN_LOGIN, ADMIN_PASSWORD = "admin", "clave-de-pruebas"
ADMIN = NewUser(ADMIN_LOGIN, "Administradora de pruebas", "administrador", ADMIN_PASSWORD)
AS_ADMIN = dict(administrator=ADMIN, automatic_login=True)
LOGIN = dict(user=ADMIN_LOGIN, password=ADMIN_PASSWORD)  # Book.open's: also makes ADMIN an upgraded book's administrator
