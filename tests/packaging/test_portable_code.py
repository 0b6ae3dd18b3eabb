"""No POSIX-only code path in coopdesk/: what runs on Linux runs on Windows too.

The Windows installer cannot be tested here (docs/packaging.md), so what can be
checked here is: nothing in ``coopdesk/`` reaches for a POSIX-only module,
call, signal or path unless it is *guarded*. The rules, read from the syntax
tree of every module (comments and docstrings are not code and are not read):

1. **Modules.** Importing ``fcntl``, ``pwd``, ``grp``, ``termios``, ``tty``,
   ``pty``, ``resource``, ``posix``, ``syslog``, ``crypt``, ``spwd`` or
   ``posix_ipc``.
2. **Calls and constants.** ``os.fork``, ``os.forkpty``, ``os.getuid``,
   ``os.geteuid``, ``os.getgid``, ``os.getegid``, ``os.setuid``, ``os.setgid``,
   ``os.setsid``, ``os.getpgid``, ``os.setpgid``, ``os.killpg``, ``os.chown``,
   ``os.lchown``, ``os.fchown``, ``os.mkfifo``, ``os.mknod``, ``os.getloadavg``,
   ``os.statvfs``, ``os.fstatvfs``, ``os.pipe2``, ``os.sched_getaffinity``,
   ``os.O_NOFOLLOW``, ``os.O_CLOEXEC``, ``os.WNOHANG`` and the signals
   ``SIGKILL``, ``SIGHUP``, ``SIGQUIT``, ``SIGUSR1``, ``SIGUSR2``, ``SIGALRM``,
   ``SIGCHLD``, ``SIGPIPE``, ``SIGSTOP``, ``SIGCONT``, with ``signal.alarm``,
   ``signal.setitimer``, ``signal.pause`` (Windows' ``signal`` has none of them).
3. **Hard-coded POSIX paths.** A string that is ``/tmp``, ``/var``, ``/home``,
   ``/proc``, ``/etc``, ``/usr``, ``/dev``, ``/run`` or ``/opt`` or starts with
   one of them followed by ``/`` (temporary files go through ``tempfile``, data
   through platformdirs).
4. **Paths joined with "/".** ``x + "/"`` or ``"/" + x`` (a string constant
   that is or starts or ends with ``/`` and is not a URL's ``://``, added to
   something not constant), and
   an f-string with ``{name}/`` where ``name`` is a variable or attribute whose
   name says it holds a path (contains ``path``, ``dir``, ``folder``, ``file``,
   ``home`` or ``out``). ``pathlib`` and ``os.path.join`` are the ways to join.
5. **POSIX programs.** ``subprocess`` calls, ``os.system`` and ``os.popen``
   whose command starts with ``sh``, ``bash``, ``xdg-open``, ``open``, ``lp``,
   ``lpr``, ``kill``, ``pkill``, ``chmod``, ``chown``, ``ln``, ``cp``, ``mv`` or ``rm``.

A use is **guarded**, and allowed, when it sits
  (a) inside an ``if``/``elif``/``else`` or conditional expression whose test
      reads ``os.name``, ``sys.platform``, ``platform.system()`` or
      ``hasattr(os|signal, ...)``;
  (b) after such an ``if`` in the same block whose body ends in ``return`` or
      ``raise`` (an early exit for the other platform);
  (c) for rules 1 and 2, inside a ``try`` that catches ``ImportError``,
      ``ModuleNotFoundError`` or ``AttributeError``;
  (d) or in a function listed in ``REVIEWED`` below, with the reason.

The guarded uses today are pinned in ``GUARDED_TODAY``, so a new one is seen
and reviewed: it is allowed, but this file must name it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "coopdesk"

POSIX_MODULES = {"fcntl", "pwd", "grp", "termios", "tty", "pty", "resource", "posix", "syslog", "crypt", "spwd",
                 "posix_ipc"}
POSIX_OS = {"fork", "forkpty", "getuid", "geteuid", "getgid", "getegid", "setuid", "setgid", "setsid", "getpgid",
            "setpgid", "killpg", "chown", "lchown", "fchown", "mkfifo", "mknod", "getloadavg", "statvfs", "fstatvfs",
            "pipe2", "sched_getaffinity", "O_NOFOLLOW", "O_CLOEXEC", "WNOHANG"}
POSIX_SIGNAL = {"SIGKILL", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM", "SIGCHLD", "SIGPIPE", "SIGSTOP",
                "SIGCONT", "alarm", "setitimer", "pause"}
POSIX_PATH = re.compile(r"^/(tmp|var|home|proc|etc|usr|dev|run|opt)(/|$)")
PATHLIKE_NAME = re.compile(r"path|dir|folder|file|home|out", re.I)
POSIX_PROGRAMS = {"sh", "bash", "xdg-open", "open", "lp", "lpr", "kill", "pkill", "chmod", "chown", "ln", "cp", "mv",
                  "rm"}

# module path :: function -> why a POSIX-only path there is fine
REVIEWED = {
    "coopdesk/db/sqlite_file.py::network_filesystem":
        "parses /proc/mounts lines (POSIX mount points joined with '/'); called only after the win32 branch "
        "of network_share has returned",
    "coopdesk/db/pg_backup.py::find_tool":
        "after PATH (shutil.which), also looks where Debian and Ubuntu put pg_dump "
        "(/usr/lib/postgresql/*/bin); on Windows that glob finds nothing and PATH is what counts",
}
# every guarded use today, as (module, function, what): a new one must be added here, after a look
GUARDED_TODAY = {
    ("coopdesk/db/sqlite_file.py", "network_share", "path '/proc/mounts'"),  # (b): after the win32 return
    ("coopdesk/db/sqlite_file.py", "network_filesystem", "'/' join point.rstrip('/') + '/'"),  # (d)
    ("coopdesk/db/pg_backup.py", "find_tool", "path '/usr/lib/postgresql/*/bin/'"),  # (d)
    ("coopdesk/core/liquidations.py", "_cpu_count", "os.sched_getaffinity"),  # (c): except AttributeError
}


def platform_test(node: ast.AST) -> bool:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute) and (
                (sub.attr == "name" and isinstance(sub.value, ast.Name) and sub.value.id == "os")
                or (sub.attr == "platform" and isinstance(sub.value, ast.Name) and sub.value.id == "sys")
                or (sub.attr == "system" and isinstance(sub.value, ast.Name) and sub.value.id == "platform")):
            return True
        if (isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id == "hasattr"
                and sub.args and isinstance(sub.args[0], ast.Name) and sub.args[0].id in ("os", "signal")):
            return True
    return False


def exits(body: list[ast.stmt]) -> bool:
    return bool(body) and isinstance(body[-1], (ast.Return, ast.Raise))


def catches_missing(handler: ast.ExceptHandler) -> bool:
    names = {n.id for n in ast.walk(handler.type) if isinstance(n, ast.Name)} if handler.type else {"*"}
    return bool(names & {"ImportError", "ModuleNotFoundError", "AttributeError", "*"})


class Finder(ast.NodeVisitor):
    def __init__(self, module: str):
        self.module = module
        self.stack: list[ast.AST] = []
        self.found: list[tuple[str, str, str, int, bool]] = []  # module, function, what, line, guarded

    # -- where we are ---------------------------------------------------------
    def function(self) -> str:
        names = [n.name for n in self.stack if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        return names[-1] if names else "<module>"

    def guarded(self, node: ast.AST, by_try: bool) -> bool:
        chain = [*self.stack, node]
        for parent, child in zip(chain, chain[1:]):
            if isinstance(parent, (ast.If, ast.IfExp)) and platform_test(parent.test) and child is not parent.test:
                return True
            if by_try and isinstance(parent, ast.Try) and child in parent.body and any(
                    catches_missing(h) for h in parent.handlers):
                return True
            for field in ("body", "orelse", "finalbody"):  # an earlier early exit for the other platform
                block = getattr(parent, field, None)
                if isinstance(block, list) and child in block:
                    for before in block[:block.index(child)]:
                        if isinstance(before, ast.If) and platform_test(before.test) and exits(before.body):
                            return True
        return f"{self.module}::{self.function()}" in REVIEWED

    def record(self, node: ast.AST, what: str, by_try: bool) -> None:
        self.found.append((self.module, self.function(), what, node.lineno, self.guarded(node, by_try)))

    def generic_visit(self, node: ast.AST) -> None:
        self.stack.append(node)
        super().generic_visit(node)
        self.stack.pop()

    # -- the rules ------------------------------------------------------------
    def visit_Expr(self, node: ast.Expr) -> None:
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return  # a docstring or bare string: not code
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name.split(".")[0] in POSIX_MODULES:
                self.record(node, f"import {alias.name}", by_try=True)
        self.generic_visit(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.module and node.level == 0:
            if node.module.split(".")[0] in POSIX_MODULES:
                self.record(node, f"from {node.module} import", by_try=True)
            for alias in node.names:
                if (node.module == "os" and alias.name in POSIX_OS) or (
                        node.module == "signal" and alias.name in POSIX_SIGNAL):
                    self.record(node, f"{node.module}.{alias.name}", by_try=True)
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if isinstance(node.value, ast.Name) and (
                (node.value.id == "os" and node.attr in POSIX_OS)
                or (node.value.id == "signal" and node.attr in POSIX_SIGNAL)):
            self.record(node, f"{node.value.id}.{node.attr}", by_try=True)
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and POSIX_PATH.match(node.value):
            self.record(node, f"path {node.value!r}", by_try=False)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        if isinstance(node.op, ast.Add):
            for const, other in ((node.left, node.right), (node.right, node.left)):
                if (isinstance(const, ast.Constant) and isinstance(const.value, str) and const.value
                        and (const.value.startswith("/") or const.value.endswith("/")) and "://" not in const.value
                        and not isinstance(other, ast.Constant)):
                    self.record(node, f"'/' join {ast.unparse(node)}", by_try=False)
                    break
        self.generic_visit(node)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        parts = node.values
        for value, after in zip(parts, parts[1:]):
            if (isinstance(value, ast.FormattedValue) and isinstance(after, ast.Constant)
                    and str(after.value).startswith("/")):
                expr = value.value
                name = expr.id if isinstance(expr, ast.Name) else expr.attr if isinstance(expr, ast.Attribute) else ""
                if PATHLIKE_NAME.search(name):
                    self.record(node, f"'/' join f-string {{{name}}}/", by_try=False)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        runs = isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and (
            (func.value.id == "subprocess" and func.attr in ("run", "call", "check_call", "check_output", "Popen"))
            or (func.value.id == "os" and func.attr in ("system", "popen")))
        if runs and node.args:
            first = node.args[0]
            command = first.elts[0] if isinstance(first, (ast.List, ast.Tuple)) and first.elts else first
            if isinstance(command, ast.Constant) and isinstance(command.value, str):
                program = command.value.split()[0] if command.value.split() else ""
                if program in POSIX_PROGRAMS:
                    self.record(node, f"runs {program}", by_try=False)
        self.generic_visit(node)


def scan(source: str, module: str = "coopdesk/example.py") -> list[tuple[str, str, str, int, bool]]:
    finder = Finder(module)
    finder.visit(ast.parse(source))
    return finder.found


def scan_package() -> list[tuple[str, str, str, int, bool]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        found += scan(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())
    return found


def test_no_unguarded_posix_only_code_in_coopdesk():
    unguarded = [f"{m}:{line} in {f}(): {what}" for m, f, what, line, ok in scan_package() if not ok]
    assert unguarded == []


def test_the_guarded_posix_uses_are_the_reviewed_ones():
    guarded = {(m, f, what) for m, f, what, _line, ok in scan_package() if ok}
    assert guarded == GUARDED_TODAY


def test_every_reviewed_exception_names_a_function_that_exists():
    for key in REVIEWED:
        module, function = key.split("::")
        tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
        assert function in {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}, key


# -- the rules themselves, on small examples ----------------------------------------

@pytest.mark.parametrize("source, what", [
    ("import fcntl", "import fcntl"),
    ("import pwd\npwd.getpwuid(0)", "import pwd"),
    ("from grp import getgrgid", "from grp import"),
    ("import os\nos.fork()", "os.fork"),
    ("import os\nuid = os.getuid()", "os.getuid"),
    ("import os\nos.geteuid()", "os.geteuid"),
    ("from os import getuid", "os.getuid"),
    ("import os, signal\nos.kill(1, signal.SIGKILL)", "signal.SIGKILL"),
    ("import signal\nsignal.signal(signal.SIGHUP, print)", "signal.SIGHUP"),
    ("open('/tmp/coopdesk.log', 'w')", "path '/tmp/coopdesk.log'"),
    ("db = '/home/tesorera/coop.sqlite'", "path '/home/tesorera/coop.sqlite'"),
    ("p = folder + '/' + name", "'/' join folder + '/'"),
    ("p = f'{out_dir}/estado.pdf'", "'/' join f-string {out_dir}/"),
    ("import subprocess\nsubprocess.run(['xdg-open', 'x.pdf'])", "runs xdg-open"),
    ("import os\nos.system('rm -f x')", "runs rm"),
])
def test_each_rule_finds_its_unguarded_use(source, what):
    found = scan(source)
    assert [(w.startswith(what), ok) for _m, _f, w, _l, ok in found][:1] == [(True, False)], found


@pytest.mark.parametrize("source", [
    "import sys\nif sys.platform != 'win32':\n    import fcntl",
    "import os\nif os.name == 'posix':\n    os.fsync(os.open('.', os.O_RDONLY | os.O_NOFOLLOW))",
    "import os\nuid = os.getuid() if hasattr(os, 'getuid') else None",
    "try:\n    import fcntl\nexcept ImportError:\n    fcntl = None",
    "import os\ntry:\n    os.getuid()\nexcept AttributeError:\n    pass",
    "import sys\ndef f():\n    if sys.platform == 'win32':\n        return None\n    return open('/proc/mounts').read()",
    "import platform\nif platform.system() == 'Linux':\n    p = '/proc/self/status'",
])
def test_a_guarded_use_is_allowed(source):
    found = scan(source)
    assert found and all(ok for *_rest, ok in found), found


@pytest.mark.parametrize("source", [
    "'''Files go to /tmp/x in the tests'''",  # a docstring
    "# os.fork() in a comment",
    "label = f'{format_money(price)}/{unit}'",  # a price per unit, not a path
    "when = f'{month:02d}/{year}'",
    "url = 'postgresql://' + host",  # a URL's scheme, not a path
    "import os\nos.replace(part, target)",  # portable
])
def test_text_that_is_not_a_posix_path_is_not_flagged(source):
    assert scan(source) == []


def test_a_try_guards_modules_and_calls_but_not_paths():
    found = scan("try:\n    open('/tmp/x')\nexcept AttributeError:\n    pass")
    assert [(w, ok) for _m, _f, w, _l, ok in found] == [("path '/tmp/x'", False)]
