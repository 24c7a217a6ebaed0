"""Write the application icon's PNG, .ico and .icns files from its one SVG source.

Source: resources/icons/<APP_ID>.svg (drawn by hand on a 256 px grid). Run from the project
folder after changing it, and commit what it writes:

    .venv/bin/python tools/make_icons.py            # into this checkout
    .venv/bin/python tools/make_icons.py --out DIR  # the same files under DIR (tests compare)

It writes, under the output folder:

- resources/icons/hicolor/<n>x<n>/apps/<APP_ID>.png for every size in SIZES (the freedesktop
  icon theme layout, installed by packaging/linux/install-desktop.sh);
- resources/icons/<APP_ID>.ico (Windows: 16–256 px) and resources/icons/<APP_ID>.icns
  (macOS: 16–1024 px), for the bundle;
- fieldvisit/resources/icons/app/<n>.png: the copies the app reads at run time for its window
  icon (package data stays inside fieldvisit/).

Qt's SVG renderer draws the PNGs offscreen; Pillow (the `packaging` extra) writes .ico and .icns.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

from fieldvisit.app_id import APP_ID

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "resources" / "icons" / f"{APP_ID}.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # Windows reads up to 256
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)  # 1024 is the 512@2x slot


def theme_png(root: Path, size: int) -> Path:
    """Return where the `size` px PNG goes in the freedesktop icon theme layout under `root`."""
    return root / "resources" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def runtime_png(root: Path, size: int) -> Path:
    """Return where the app's own copy of the `size` px PNG goes under `root`."""
    return root / "fieldvisit" / "resources" / "icons" / "app" / f"{size}.png"


def _render(svg: bytes, size: int) -> bytes:
    """Return the SVG drawn at `size` × `size` pixels as PNG bytes (straight alpha)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {SOURCE} is not an SVG Qt can draw")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    out = QByteArray()
    buffer = QBuffer(out)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # PySide6 takes the format as str here, whatever its stubs say.
    image.convertToFormat(QImage.Format.Format_ARGB32).save(buffer, "PNG")  # type: ignore[call-overload]
    buffer.close()
    return bytes(out.data())


def make_icons(out: Path) -> list[Path]:
    """Write every icon file under `out`; return the paths written."""
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    svg = SOURCE.read_bytes()
    pngs = {size: _render(svg, size) for size in sorted({*SIZES, *ICO_SIZES, *ICNS_SIZES})}
    written: list[Path] = []
    for size in SIZES:
        for path in (theme_png(out, size), runtime_png(out, size)):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(pngs[size])
            written.append(path)
    images = {size: Image.open(io.BytesIO(data)).convert("RGBA") for size, data in pngs.items()}
    icons = out / "resources" / "icons"
    ico = icons / f"{APP_ID}.ico"
    images[max(ICO_SIZES)].save(
        ico,
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES],
    )
    icns = icons / f"{APP_ID}.icns"
    images[max(ICNS_SIZES)].save(icns, format="ICNS", append_images=[images[s] for s in ICNS_SIZES])
    written += [ico, icns]
    return written


def main(argv: list[str] | None = None) -> int:
    """Write the icons into the checkout (or `--out`); print each path written."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT, help="folder to write under")
    args = parser.parse_args(argv)
    for path in make_icons(args.out):
        print(path.relative_to(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
