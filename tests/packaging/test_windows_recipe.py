"""The Windows installer recipe, checked here where it cannot run (no Windows).

packaging/windows/coopdesk.iss and .github/workflows/windows.yml only run on
Windows (docs/packaging.md). What can be checked on Linux is checked: every
file they name exists in the repository or is one the spec makes on Windows,
the executables are the windowed app and the console CLI, every message the
installer shows exists in Spanish and English, and nothing removes the user's
data on uninstall.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ISS = ROOT / "packaging" / "windows" / "coopdesk.iss"
WORKFLOW = ROOT / ".github" / "workflows" / "windows.yml"
SPEC = ROOT / "packaging" / "coopdesk.spec"
INNO_BUILTIN_MESSAGES = {"CreateDesktopIcon", "AdditionalIcons"}  # in Default.isl and Spanish.isl


def sections(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        stripped = line.strip()
        if re.fullmatch(r"\[\w+\]", stripped):
            current = stripped[1:-1]
            found.setdefault(current, [])
        elif current and stripped and not stripped.startswith(";"):
            found[current].append(stripped)
    return found


def entries(lines: list[str]) -> list[dict[str, str]]:
    """Inno's "Key: value; Key: value" lines as dicts (quoted values unquoted)."""
    parsed = []
    for line in lines:
        fields = {}
        for key, quoted, bare in re.findall(r'(\w+):\s*(?:"((?:[^"]|"")*)"|([^;]*))', line):
            fields[key] = (quoted.replace('""', '"') if quoted else bare).strip()
        parsed.append(fields)
    return parsed


def windows_executables() -> dict[str, bool]:
    """name -> console, for the executables the spec makes on Windows."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "WINDOWS":
            calls = [n for n in ast.walk(node.body[0]) if isinstance(n, ast.Call)
                     and isinstance(n.func, ast.Name) and n.func.id == "executable"]
            return {c.args[0].value: next(k.value.value for k in c.keywords if k.arg == "console") for c in calls}
    raise AssertionError("the spec has no Windows branch")


ISS_TEXT = ISS.read_text(encoding="utf-8")
SECTIONS = sections(ISS_TEXT)
SETUP = dict(line.split("=", 1) for line in SECTIONS["Setup"])


def test_the_spec_makes_a_windowed_app_and_a_console_cli_on_windows():
    assert windows_executables() == {"coopdesk": False, "coopdesk-cli": True}
    assert "contents_directory" not in SPEC.read_text(encoding="utf-8")  # so the libraries are in _internal\


def test_every_file_the_installer_takes_exists_in_the_repository_or_the_windows_bundle():
    bundle = {f"{name}.exe" for name in windows_executables()} | {"_internal\\*"}
    sources = [e["Source"] for e in entries(SECTIONS["Files"])]
    assert sources, "no [Files]"
    for source in sources:
        if source.startswith("{#BundleDir}\\"):
            assert source.removeprefix("{#BundleDir}\\") in bundle, source
        else:
            assert (ISS.parent / source.replace("\\", "/")).resolve().is_file(), source
    assert {s.removeprefix("{#BundleDir}\\") for s in sources if s.startswith("{#BundleDir}")} == bundle
    assert (ISS.parent / SETUP["SetupIconFile"].replace("\\", "/")).resolve().is_file()
    assert (ISS.parent / SETUP["SetupIconFile"].replace("\\", "/")).resolve() == ROOT / "packaging/icons/coopdesk.ico"


def test_the_start_menu_opens_the_windowed_app_and_a_console_for_the_cli():
    icons = entries(SECTIONS["Icons"])
    installed = {"{app}\\" + e["Source"].rsplit("\\", 1)[-1] for e in entries(SECTIONS["Files"])}
    menu = {e["Name"]: e for e in icons}
    assert menu["{autoprograms}\\coopdesk"]["Filename"] == "{app}\\coopdesk.exe"
    assert menu["{autoprograms}\\{cm:CommandLine}"]["Filename"] == "{cmd}"
    assert '"{app}\\coopdesk-cli.exe"' in menu["{autoprograms}\\{cm:CommandLine}"]["Parameters"]
    for icon in icons:
        assert icon["IconFilename"] in installed
        assert icon["Filename"] in installed | {"{cmd}"}
    assert SETUP["UninstallDisplayIcon"] in installed
    run = entries(SECTIONS["Run"])
    assert [r["Filename"] for r in run] == ["{app}\\coopdesk.exe"]


def test_the_installer_speaks_spanish_first_and_every_message_exists_in_both_languages():
    languages = entries(SECTIONS["Languages"])
    assert [(l["Name"], l["MessagesFile"]) for l in languages] == [
        ("es", "compiler:Languages\\Spanish.isl"), ("en", "compiler:Default.isl")]
    defined: dict[str, set[str]] = {}
    for line in SECTIONS["CustomMessages"]:
        lang, _, rest = line.partition(".")
        defined.setdefault(rest.split("=", 1)[0], set()).add(lang)
    used = set(re.findall(r"\{cm:(\w+)\}", ISS_TEXT)) | set(re.findall(r"CustomMessage\('(\w+)'\)", ISS_TEXT))
    for name in used - INNO_BUILTIN_MESSAGES:
        assert defined.get(name) == {"es", "en"}, name
    assert set(defined) <= used  # none unused


def test_uninstalling_never_deletes_the_users_data_and_upgrades_find_the_installed_app():
    deleted = [e["Name"] for e in entries(SECTIONS.get("UninstallDelete", []))]
    assert all(name.startswith("{app}\\") for name in deleted), deleted
    assert not re.search(r"\{(localappdata|userappdata|commonappdata|userdocs)\}.*(Del|Remove)", ISS_TEXT, re.I)
    assert SETUP["AppId"] == "{{6F2C9A41-3B7D-4E58-9C1A-8D4E2B7F0A63}"  # never change it: upgrades find the app by it
    assert SETUP["UsePreviousAppDir"] == "yes" and SETUP["CloseApplications"] == "yes"
    assert [e["Name"] for e in entries(SECTIONS["InstallDelete"])] == ["{app}\\_internal"]
    assert SETUP["PrivilegesRequired"] == "lowest"  # per user, like the data


def test_the_workflow_names_only_files_that_exist_and_the_names_the_recipe_makes():
    text = WORKFLOW.read_text(encoding="utf-8")
    found = re.findall(r"(?<![\w./\\$-])((?:packaging|scripts|tests|requirements)[\w./\\-]*)", text)
    repo_paths = {p.replace("\\", "/").rstrip("/") for p in found if "*" not in p}
    assert {"requirements-test.lock", "packaging/build.sh", "scripts/smoke_frozen.py", "tests/packaging",
            "packaging/windows/coopdesk.iss"} <= repo_paths
    for path in repo_paths:
        assert (ROOT / path).exists(), path
    for exe in re.findall(r"dist/coopdesk/([\w-]+\.exe)", text) + re.findall(r"\$app\\([\w-]+\.exe)", text):
        assert exe.removesuffix(".exe") in windows_executables() or exe == "unins000.exe", exe
    assert SETUP["OutputBaseFilename"] == "coopdesk-{#AppVersion}-setup"
    assert "coopdesk-$env:VERSION-setup.exe" in text and "/DAppVersion=$version" in text
    assert "choco install innosetup" in text and "Inno Setup 6\\ISCC.exe" in text
    assert "runs-on: windows-" in text
