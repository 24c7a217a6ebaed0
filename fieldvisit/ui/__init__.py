"""The desktop app (the only package that imports PySide6); start it with `run_app`."""
