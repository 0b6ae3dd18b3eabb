"""Root conftest: makes the source tree importable without installing it, keeps
Qt on its offscreen platform so GUI tests never need a screen, and fixes the date
coopdesk takes as today, so that no test depends on the machine's clock (the
commands the tests start inherit it too; see coopdesk/core/clock.py)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
TEST_TODAY = "2026-12-07"  # a Monday in December, the 2026 campaign's year not yet ended
os.environ["COOPDESK_TODAY"] = TEST_TODAY
# the command line logs in as the tests' administrator (tests/people.py), in this process and the commands it starts
os.environ["COOPDESK_USER"] = "admin"
os.environ["COOPDESK_PASSWORD"] = "clave-de-pruebas"


def _cheaper_password_hashing() -> None:
    """Real argon2id, at a test cost (the product's takes about 0.2 s a login, hundreds of times here)."""
    from argon2 import PasswordHasher

    from coopdesk.core import users

    users.HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


_cheaper_password_hashing()

# scripts/test.sh --next-year: the machine's clock moved ahead (time-machine, in this process), so a test or a
# module that reads the machine's date instead of the book's clock fails before the new year comes
if os.environ.get("COOPDESK_MACHINE_DAYS_AHEAD"):
    import datetime

    import time_machine

    _ahead = datetime.timedelta(days=int(os.environ["COOPDESK_MACHINE_DAYS_AHEAD"]))
    time_machine.travel(datetime.datetime.now(datetime.timezone.utc) + _ahead, tick=True).start()
