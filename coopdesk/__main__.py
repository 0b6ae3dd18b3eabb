"""``python -m coopdesk``: the same as the ``coopdesk`` command."""

import sys

from coopdesk.cli import main

sys.exit(main())
