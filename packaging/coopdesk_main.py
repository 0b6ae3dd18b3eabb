"""Entry point of the frozen coopdesk: the CLI, which opens the GUI with no command.

Two things happen here before the CLI is imported:

- ``coopdesk --version`` is answered at once (the version and the schema
  revision, read from file names), without importing SQLAlchemy, Alembic or Qt.
- ``COOPDESK_EXIT_ON_WINDOW=1``: the smoke tests and benchmarks/bench_bundle.py
  start the real app, which prints ``first-window MainWindow`` (or
  ``WelcomeDialog``) on stdout as soon as that window is exposed, then quits
  normally. Without the variable nothing changes.
- ``COOPDESK_FROZEN_CHECK=FOLDER``: the real app shows «Inicio» with its chart,
  prints a statement, previews and prints it, then quits (packaging/frozen_check.py;
  tests/packaging/test_bundle.py).
"""

import multiprocessing
import os
import sys


def _exit_on_first_window() -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv)  # coopdesk.gui.app.run uses QApplication.instance()

    class FirstWindow(QObject):
        done = False

        def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
            if not self.done and event.type() == QEvent.Type.Expose and obj.isWindowType() and obj.isExposed():
                names = [type(w).__name__ for w in app.topLevelWidgets() if w.isVisible()]
                shown = [n for n in names if n in ("MainWindow", "WelcomeDialog")]
                if shown:
                    self.done = True
                    out = sys.stdout or sys.stderr  # a windowed exe without a pipe has neither
                    if out is not None:
                        print(f"first-window {shown[0]}", file=out, flush=True)
                    QTimer.singleShot(0, app.quit)
            return False

    app._first_window = FirstWindow(app)
    app.installEventFilter(app._first_window)


if __name__ == "__main__":
    # printing liquidations uses worker processes ("spawn"): in a frozen bundle
    # a worker starts this same executable, which must become the worker here
    multiprocessing.freeze_support()
    if sys.argv[1:] == ["--version"]:
        from coopdesk import version_text

        print(version_text())
        sys.exit(0)
    if os.environ.get("COOPDESK_EXIT_ON_WINDOW") == "1":
        _exit_on_first_window()
    elif os.environ.get("COOPDESK_FROZEN_CHECK"):
        import frozen_check  # packaging/, beside this script

        frozen_check.install(os.environ["COOPDESK_FROZEN_CHECK"])
    from coopdesk.cli import main

    sys.exit(main())
