#!/usr/bin/env python3
"""Extract, update and compile coopdesk's message catalogs (one command).

    python scripts/i18n.py          # extract -> update -> compile
    python scripts/i18n.py --check  # exit 1 if a catalog is incomplete or stale

Spanish is the source language: message ids are the Spanish text, so the
Spanish catalog is the identity and is written complete automatically. The
English catalog (translations/en/LC_MESSAGES/coopdesk.po) is translated by hand;
new strings arrive there empty and ``--check`` fails until they are translated.
Compiled catalogs go to coopdesk/locale/<lang>/LC_MESSAGES/coopdesk.mo, where
the package (and the PyInstaller bundle) finds them.

``--check`` compares catalogs by their content (the messages, their translations,
flags and translator comments, and the plural rule), never by the bytes a given
Babel release writes: a new Babel must not make a catalog "stale". The plural
rule of each language is pinned here (PLURAL_FORMS) and written into every
catalog, so it does not change with Babel's copy of CLDR either (Babel 2.19 gives
Spanish a third form for millions, which our messages do not use).
"""

from __future__ import annotations

import copy
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "translations" / "coopdesk.pot"
LANGUAGES = ("es", "en")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
PLURAL_FORMS = {"es": "nplurals=2; plural=(n != 1);", "en": "nplurals=2; plural=(n != 1);"}


def pin_plurals(catalog: Catalog, lang: str) -> Catalog:
    catalog.mime_headers = [("Plural-Forms", PLURAL_FORMS[lang])]
    return catalog


def po_path(lang: str) -> Path:
    return ROOT / "translations" / lang / "LC_MESSAGES" / "coopdesk.po"


def mo_path(lang: str) -> Path:
    return ROOT / "coopdesk" / "locale" / lang / "LC_MESSAGES" / "coopdesk.mo"


def extract() -> Catalog:
    template = pin_plurals(Catalog(project="coopdesk", locale="es", charset="utf-8", fuzzy=False), "es")
    for filename, lineno, message, comments, context in extract_from_dir(
        ROOT / "coopdesk", method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        template.add(message, None, [(f"coopdesk/{filename}", lineno)], auto_comments=comments, context=context)
    return template


def updated(lang: str, template: Catalog) -> Catalog:
    path = po_path(lang)
    if path.exists():
        with path.open("rb") as f:
            catalog = read_po(f, locale=lang)
    else:
        catalog = Catalog(locale=lang, project="coopdesk", charset="utf-8")
    catalog.update(copy.deepcopy(template), no_fuzzy_matching=True)
    catalog.obsolete.clear()
    pin_plurals(catalog, lang)
    if lang == "es":  # the source language: identity
        for message in catalog:
            if message.id:
                message.string = message.id
    return catalog


def problems(lang: str, catalog: Catalog) -> list[str]:
    found = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings) or message.fuzzy:
            found.append(f"{lang}: untranslated {message.id!r}")
    return found


def po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=False, ignore_obsolete=True)
    return buffer.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


DATE_LINES = (b'"POT-Creation-Date', b'"PO-Revision-Date', b"POT-Creation-Date", b"PO-Revision-Date")


def without_dates(data: bytes) -> bytes:
    """The bytes without the header's time stamps, so a catalog is rewritten
    only when something else in it changed, not when the clock did."""
    return b"\n".join(line for line in data.splitlines() if not line.startswith(DATE_LINES))


def content(path: Path, data: bytes) -> tuple:
    """What a catalog says, whichever Babel wrote it: its plural rule and, for each
    message, its context, id, translation, flags and translator comments (not
    the source lines it was found on, nor the tool's header)."""
    if not data:
        return ()
    if path.suffix == ".mo":
        catalog = read_mo(io.BytesIO(data))
        messages = sorted((repr(m.context), repr(m.id), repr(m.string)) for m in catalog if m.id)
    else:
        catalog = read_po(io.BytesIO(data))
        messages = sorted((repr(m.context), repr(m.id), repr(m.string), repr(sorted(m.flags)),
                           repr(list(m.auto_comments))) for m in catalog if m.id)
    return catalog.plural_forms, tuple(messages)


def main(argv: list[str]) -> int:
    check = "--check" in argv
    template = extract()
    issues = []
    outputs: dict[Path, bytes] = {TEMPLATE: po_bytes(template)}
    for lang in LANGUAGES:
        catalog = updated(lang, template)
        issues += problems(lang, catalog)
        outputs[po_path(lang)] = po_bytes(catalog)
        outputs[mo_path(lang)] = mo_bytes(catalog)
    if check:
        for path, data in outputs.items():
            current = path.read_bytes() if path.exists() else b""
            if content(path, current) != content(path, data):
                issues.append(f"stale: {path.relative_to(ROOT)} (run .venv/bin/python scripts/i18n.py)")
        for issue in issues:
            print(issue)
        return 1 if issues else 0
    for path, data in outputs.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or without_dates(path.read_bytes()) != without_dates(data):
            path.write_bytes(data)
    for issue in issues:
        print(issue)
    print(f"{len(template)} messages; {len(issues)} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
