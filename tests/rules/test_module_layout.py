"""The layout a newcomer can see: pages never import each other (shared widgets live in
`ui/widgets/`, shared words in a words module), and no module in `fieldvisit/` passes 400 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import fieldvisit
from fieldvisit.ui.pages import ACCOUNT, PAGES, SETTINGS, PageSpec

PACKAGE = Path(fieldvisit.__file__).parent
MAX_LINES = 400
PAGE_MODULES = frozenset(spec.module for spec in (*PAGES, SETTINGS, ACCOUNT))


def _module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(tree: ast.AST) -> set[str]:
    """Every module an import statement names (at any depth: imports inside functions count)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def page_imports(root: Path) -> list[str]:
    """Return "importer → page module" for each module under `root` that imports a page module
    other than itself (the registry in `pages/__init__.py` names them as text, never imports)."""
    bad: list[str] = []
    for path in sorted(root.rglob("*.py")):
        name = _module_name(path, root)
        for target in sorted(_imported(ast.parse(path.read_text(encoding="utf-8"))) & PAGE_MODULES):
            if target != name:
                bad.append(f"{name} → {target}")
    return bad


def long_modules(root: Path) -> list[str]:
    """Return "path: N lines" for every module under `root` longer than MAX_LINES."""
    counts = ((p, len(p.read_text(encoding="utf-8").splitlines())) for p in root.rglob("*.py"))
    return sorted(
        f"{p.relative_to(root.parent).as_posix()}: {n} lines" for p, n in counts if n > MAX_LINES
    )


def test_no_page_imports_another_page() -> None:
    assert len(PAGE_MODULES) >= 9
    assert page_imports(PACKAGE) == []


def test_a_page_importing_another_page_is_found(tmp_path: Path) -> None:
    root = tmp_path / "fieldvisit" / "ui" / "pages"
    root.mkdir(parents=True)
    (root / "impact.py").write_text("from fieldvisit.ui.pages.debriefs import card\n")
    (root / "week.py").write_text("def f():\n    from fieldvisit.ui.pages import coverage\n")
    (root / "visits.py").write_text("from fieldvisit.ui.pages.visit_detail import Pane\n")
    assert page_imports(tmp_path / "fieldvisit") == [
        "fieldvisit.ui.pages.impact → fieldvisit.ui.pages.debriefs",
        "fieldvisit.ui.pages.week → fieldvisit.ui.pages.coverage",
    ]


def test_no_module_passes_400_lines() -> None:
    assert long_modules(PACKAGE) == []


def test_a_long_module_is_found(tmp_path: Path) -> None:
    root = tmp_path / "fieldvisit"
    root.mkdir()
    (root / "short.py").write_text("x = 1\n" * MAX_LINES)
    (root / "long.py").write_text("x = 1\n" * (MAX_LINES + 1))
    assert long_modules(root) == ["fieldvisit/long.py: 401 lines"]


@pytest.mark.parametrize("spec", [*PAGES, SETTINGS, ACCOUNT], ids=lambda s: s.key)
def test_every_page_module_is_where_its_spec_says(spec: PageSpec) -> None:
    assert (PACKAGE.parent / (spec.module.replace(".", "/") + ".py")).is_file()
