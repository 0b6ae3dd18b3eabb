"""Every scenario ends with «coopdesk check»: whatever the scenario did, the
book's papers, sub-ledgers, funds and published runs still tell one truth. A
scenario that breaks its book on purpose is marked ``tampered``."""

import pytest


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield  # the scenario itself; if it failed, that failure is reported
    if item.get_closest_marker("tampered") is None:
        for name in ("book", "sqlite_book"):
            book = item.funcargs.get(name)
            if book is not None:
                report = book.checks.run()
                assert report.agrees, "coopdesk check after the scenario:\n" + "\n".join(report.sentences()[1])
    return result
