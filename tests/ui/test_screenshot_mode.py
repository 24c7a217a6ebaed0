"""Screenshot mode through the command line: every page, Settings section and main dialog gets a
picture under a stable name, at the size asked, with something drawn in it, and dark is dark."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from fieldvisit.cli import main as cli_main
from tests.packaging_scripts import documented_screenshots

# The documented names (docs/screenshots.md): dialogs are drawn at their own size.
NAMES = documented_screenshots()
DIALOGS = sorted(n for n in NAMES if n.startswith("dialog-"))
SCREENS = sorted(NAMES - set(DIALOGS))  # pages, details and Settings sections
SIZE = (1024, 768)


def sample(path: Path, step: int = 4) -> tuple[set[bytes], float]:
    """Return the distinct colours on a grid of every `step`-th pixel, and their mean lightness."""
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB32)
    data, per_line = bytes(image.constBits()), image.bytesPerLine()  # type: ignore[call-overload]
    pixels = [
        data[y * per_line + x * 4 : y * per_line + x * 4 + 4]
        for y in range(0, image.height(), step)
        for x in range(0, image.width(), step)
    ]
    light = sum(max(p[0], p[1], p[2]) + min(p[0], p[1], p[2]) for p in pixels) / 2 / len(pixels)
    return set(pixels), light


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Run screenshot mode twice on one small demo, 1024x768, light and dark."""
    from tests.ui.demo_files import small_demo_copy

    folder = tmp_path_factory.mktemp("screenshot-mode")
    demo = small_demo_copy(tmp_path_factory.getbasetemp(), folder / "small.fieldvisit")
    out = {}
    for appearance in ("light", "dark"):
        out[appearance] = folder / appearance
        args = ["--db", str(demo), "--screenshots", str(out[appearance]), "--size", "1024x768"]
        assert cli_main([*args, "--appearance", appearance]) == 0
    return out


def test_every_page_section_and_dialog_has_a_picture_under_its_own_name(
    qapp, shots: dict[str, Path]
) -> None:  # type: ignore[no-untyped-def]
    for appearance in ("light", "dark"):
        written = {p.stem for p in shots[appearance].glob("*.png")}
        assert written == NAMES, appearance


def test_pages_come_at_the_size_asked_and_nothing_is_blank(qapp, shots: dict[str, Path]) -> None:  # type: ignore[no-untyped-def]
    for appearance in ("light", "dark"):
        for name in SCREENS:
            image = QImage(str(shots[appearance] / f"{name}.png"))
            assert (image.width(), image.height()) == SIZE, (appearance, name)
        for name in SCREENS + DIALOGS:
            colours, _light = sample(shots[appearance] / f"{name}.png")
            assert len(colours) > 100, (appearance, name, len(colours))


def test_dark_pictures_are_darker_than_light_ones(qapp, shots: dict[str, Path]) -> None:  # type: ignore[no-untyped-def]
    for name in SCREENS + DIALOGS:
        _colours, light = sample(shots["light"] / f"{name}.png", step=8)
        _colours, dark = sample(shots["dark"] / f"{name}.png", step=8)
        assert dark < light - 60, (name, light, dark)
