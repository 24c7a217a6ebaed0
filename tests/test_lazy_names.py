"""Packages whose names load on first use (`fieldvisit.lazy_names`)."""

from __future__ import annotations

import subprocess
import sys

import pytest

CHECK = """
import sys
import fieldvisit.debriefs as debriefs
assert "sqlalchemy" not in sys.modules, "importing the package loaded the store"
assert debriefs.journal.__name__ == "fieldvisit.debriefs.journal"  # a submodule, on demand
assert debriefs.DueVisit is debriefs.data.DueVisit  # a name, from its module
assert "sqlalchemy" not in sys.modules, "the data types loaded the store"
debriefs.count_debriefs  # a name whose module needs the store
assert "sqlalchemy" in sys.modules
print("ok")
"""


def test_a_package_loads_each_part_only_when_it_is_asked_for() -> None:
    done = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]


def test_an_unknown_name_is_an_attribute_error_naming_it() -> None:
    import fieldvisit.debriefs as debriefs
    import fieldvisit.invites as invites

    with pytest.raises(AttributeError, match="'fieldvisit.debriefs' has no attribute 'nothing'"):
        debriefs.nothing  # noqa: B018
    with pytest.raises(AttributeError, match="no attribute 'journal'"):
        invites.journal  # noqa: B018 - only debriefs offers its submodules by name
