"""Entry point of the frozen coopdesk: the CLI, which opens the GUI with no command."""

import sys

from coopdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
