"""The bundle's entry point (PyInstaller needs a script): the same `main` as `python -m fieldvisit`."""

import sys

from fieldvisit.cli import main

if __name__ == "__main__":
    sys.exit(main())
