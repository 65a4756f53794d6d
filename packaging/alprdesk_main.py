"""Entry script of the frozen app: the same command line as the ``alprdesk`` command."""

import sys

from alprdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
