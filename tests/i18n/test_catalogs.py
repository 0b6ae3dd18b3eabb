"""Every message is translated, and the committed catalogs are the current ones."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_catalogs_are_complete_and_compiled():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "i18n.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def catalog_script():
    """scripts/i18n.py, loaded as a module."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("coopdesk_i18n_script", ROOT / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_catalog_written_by_another_babel_release_is_not_stale():
    """A new Babel only changes the header line that names it: the catalogs say the same."""
    script = catalog_script()
    path = ROOT / "translations" / "en" / "LC_MESSAGES" / "coopdesk.po"
    committed = path.read_bytes()
    other_tool = committed.replace(b"Generated-By: Babel ", b"Generated-By: Babel 9.99.0 was ")
    assert other_tool != committed
    assert script.content(path, other_tool) == script.content(path, committed)


def test_a_changed_translation_makes_the_catalog_stale():
    script = catalog_script()
    path = ROOT / "translations" / "en" / "LC_MESSAGES" / "coopdesk.po"
    committed = path.read_bytes()
    changed = committed.replace(b'msgstr "Members"', b'msgstr "Partners"', 1)
    assert changed != committed
    assert script.content(path, changed) != script.content(path, committed)


def test_the_plural_rule_is_the_catalogs_own_not_babels():
    """Babel 2.19's CLDR gives Spanish three plural forms; the catalogs keep the two our messages use."""
    script = catalog_script()
    assert script.extract().plural_forms == "nplurals=2; plural=(n != 1);"
    for lang in ("es", "en"):
        text = script.po_path(lang).read_text(encoding="utf-8")
        assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in text
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in script.TEMPLATE.read_text(encoding="utf-8")
