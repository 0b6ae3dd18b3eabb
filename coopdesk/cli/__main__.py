"""``python -m coopdesk.cli``: the same as ``python -m coopdesk`` and the ``coopdesk`` command."""

import sys

from coopdesk.cli import main

sys.exit(main())
