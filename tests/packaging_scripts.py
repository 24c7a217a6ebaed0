"""The scripts of packaging/, loaded by path for the tests (the folder has no __init__.py: a
package there would shadow the `packaging` library pip and setuptools import)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

PACKAGING = Path(__file__).resolve().parent.parent / "packaging"


def load(name: str) -> ModuleType:
    """Return packaging/NAME.py as a module."""
    spec = importlib.util.spec_from_file_location(f"_fv_{name}", PACKAGING / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def documented_screenshots() -> set[str]:
    """The picture names docs/screenshots.md lists, without ".png" (as the bundle test reads it)."""
    return {name.removesuffix(".png") for name in load("test_bundle").expected_screenshots()}
