"""``python -m kiosk.cli``: the ``stampcard`` command."""

import sys

from kiosk import cli

sys.exit(cli.main())
