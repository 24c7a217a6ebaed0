"""Reading a PDF back as a reader's printer would: its pages, paper, words and text sizes."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader

MM_PER_POINT = 25.4 / 72
PAPER_MM = {"a4": (210, 297), "letter": (215.9, 279.4)}


@dataclass(frozen=True)
class PdfFacts:
    """What a PDF holds: a page's size in mm, each page's text, and the text sizes used."""

    page_sizes_mm: list[tuple[float, float]]
    page_texts: list[str]
    sizes: Counter[float]  # point size (0.1 pt) -> characters printed at that size

    @property
    def pages(self) -> int:
        return len(self.page_texts)

    @property
    def body_pt(self) -> float:
        """The size most of the characters are printed at: the body text's."""
        return self.sizes.most_common(1)[0][0]

    def paper(self) -> str | None:
        """Return "a4" or "letter" when every page is that size (±1 mm)."""
        for name, (w, h) in PAPER_MM.items():
            if all(abs(pw - w) <= 1 and abs(ph - h) <= 1 for pw, ph in self.page_sizes_mm):
                return name
        return None


def _multiply(m: list[float], n: list[float]) -> list[float]:
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
    ]


def pdf_facts(path: Path) -> PdfFacts:
    """Read `path` with pypdf: the size a character is printed at is its font size scaled by
    the text and current transformation matrices; the text with ligatures ("ﬁ") undone."""
    reader = PdfReader(path)
    sizes: Counter[float] = Counter()
    texts: list[str] = []

    def visit(text: str, cm: Any, tm: Any, _font: Any, font_size: float) -> None:
        m = _multiply([float(x) for x in tm[:4]], [float(x) for x in cm[:4]])
        size = font_size * abs(m[0] * m[3] - m[1] * m[2]) ** 0.5
        if text.strip():
            sizes[round(size, 1)] += len(text.strip())

    for page in reader.pages:
        words = unicodedata.normalize("NFKC", page.extract_text(visitor_text=visit))
        texts.append(re.sub(r"[ \t]+", " ", words))  # Qt's PDFs space words with tabs
    page_sizes = [
        (float(p.mediabox.width) * MM_PER_POINT, float(p.mediabox.height) * MM_PER_POINT)
        for p in reader.pages
    ]
    return PdfFacts(page_sizes, texts, sizes)
