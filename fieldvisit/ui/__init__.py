"""The desktop app (the only package that imports PySide6); start it with `run_app`."""

# Added by the UI-2 helper (pages/dialogs part): PySide6 6.12 on Python 3.11 leaks references to
# None from every model data() override and the interpreter aborts after a few thousand repaints;
# see fieldvisit/ui/compat.py. Done here so the app, the tests and screenshot mode all get it.
from fieldvisit.ui.compat import guard_none_refcount

guard_none_refcount()
