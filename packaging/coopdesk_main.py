"""Entry point of the frozen coopdesk: the CLI, which opens the GUI with no command."""

import multiprocessing
import sys

from coopdesk.cli import main

if __name__ == "__main__":
    # printing liquidations uses worker processes ("spawn"): in a frozen bundle
    # a worker starts this same executable, which must become the worker here
    multiprocessing.freeze_support()
    sys.exit(main())
