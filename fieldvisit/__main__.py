"""`python -m fieldvisit` runs the command line (and, without a command, the desktop app)."""

import sys

from fieldvisit.cli import main

sys.exit(main())
