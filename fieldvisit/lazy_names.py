"""A package's names loaded on first use (PEP 562), for the packages whose parts are heavy.

`planning`, `debriefs`, `capture` and `invites` list where each public name lives; importing the
package costs nothing until a name is asked for, so a light path (the CLI's parser, the window's
first paint) does not load SQLAlchemy or a calendar library it never uses.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def name_loader(
    package: str, homes: Mapping[str, str], *, submodules: bool = False
) -> Callable[[str], Any]:
    """Return a module `__getattr__` for `package`: a name in `homes` comes from its module
    (`homes[name]`, relative to the package) and is kept, so it is looked up once; with
    `submodules`, any other name may be one of the package's modules."""
    namespace = sys.modules[package].__dict__

    def load(name: str) -> Any:
        home = homes.get(name)
        if home is not None:
            value = getattr(importlib.import_module(f"{package}.{home}"), name)
            namespace[name] = value
            return value
        if submodules:
            try:
                return importlib.import_module(f"{package}.{name}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{package}.{name}":
                    raise  # the module exists and lacks something itself
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return load
