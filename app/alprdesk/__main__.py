"""Allow ``python -m alprdesk``."""

import sys

from alprdesk.cli import main

sys.exit(main())
