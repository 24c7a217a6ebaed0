"""The briefing pack: one printable page per visit, saved as a PDF for the plane.

Each visit's page is HTML (`briefing_page`) laid out by its own QTextDocument on the PDF
writer's own resolution, so 10.5 pt in the HTML is 10.5 pt on paper (laying the page out at the
screen's resolution and scaling it down to the writer's is what printed the old pack at 3 pt).
The pages are painted one after another into a QSaveFile, so the PDF on disk is either the old
one or the complete new one, never half-written. A visit whose page would overflow is laid out
again with less of its history (`Brevity`) until it fits one page.

QTextDocument, QPainter and QPdfWriter are reentrant and need no window, so the app writes the
pack on a worker thread and the command line under the offscreen platform.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QMarginsF, QRectF, QSaveFile, QSizeF
from PySide6.QtGui import (
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from fieldvisit.errors import FieldVisitError
from fieldvisit.paper import Paper, country_from_environment, paper_for_country
from fieldvisit.planning.briefing_facts import Briefing
from fieldvisit.ui.briefing_page import BODY_PT, BREVITIES, briefing_html

RESOLUTION_DPI = 1200  # fine enough that 10.5 pt is a whole number of dots (175)
MARGINS_MM = QMarginsF(18, 15, 18, 15)  # left, top, right, bottom
PAGE_SIZES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}


class BriefingNotSaved(FieldVisitError):
    """The briefing pack's PDF could not be written."""


def default_paper() -> Paper:
    """Return the paper of the user's locale: the locale variables on Linux and BSD (LC_PAPER
    says it best), else the system locale's country."""
    country = None
    if sys.platform not in ("win32", "darwin"):
        country = country_from_environment(os.environ)
    if country is None:
        territory = QLocale.system().territory()
        country = QLocale.territoryToCode(territory) if territory else None
    return paper_for_country(country)


def ensure_gui_application() -> None:
    """Start a QGuiApplication if none runs (the command line): fonts need one, a window not."""
    if QCoreApplication.instance() is None:
        QGuiApplication(["fieldvisit"])


def page_document(brief: Briefing, as_of: date, writer: QPdfWriter) -> QTextDocument:
    """Return a visit's page laid out for `writer`: on one page when any `Brevity` fits it."""
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    doc = QTextDocument()
    for brevity in BREVITIES:
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(writer)
        font = doc.defaultFont()
        font.setPointSizeF(BODY_PT)
        doc.setDefaultFont(font)
        doc.setDocumentMargin(0)
        doc.setHtml(briefing_html(brief, as_of, brevity))
        doc.setPageSize(QSizeF(rect.width(), rect.height()))
        if doc.pageCount() <= 1:
            break
    return doc


def write_briefing_pdf(
    briefs: Sequence[Briefing], as_of: date, path: Path | str, paper: Paper, title: str
) -> int:
    """Write the briefings to `path` as one PDF (atomically), a page per visit; return the
    number of pages."""
    path = Path(path)
    if not briefs:
        raise BriefingNotSaved(f"{path}: there is no visit to brief, so nothing was saved.")
    out = QSaveFile(str(path))
    if not out.open(QSaveFile.OpenModeFlag.WriteOnly):
        raise BriefingNotSaved(f"{path} cannot be written: {out.errorString()}")
    writer = QPdfWriter(out)
    writer.setTitle(title)
    writer.setCreator("Field Visit")
    writer.setResolution(RESOLUTION_DPI)
    writer.setPageSize(QPageSize(PAGE_SIZES[paper]))
    writer.setPageMargins(MARGINS_MM, QPageLayout.Unit.Millimeter)
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    width, height = float(rect.width()), float(rect.height())
    painter = QPainter()
    if not painter.begin(writer):
        out.cancelWriting()
        raise BriefingNotSaved(f"{path} cannot be written: the PDF could not be started.")
    pages = 0
    try:
        for brief in briefs:
            doc = page_document(brief, as_of, writer)
            for page in range(doc.pageCount()):
                if pages:
                    writer.newPage()
                painter.save()
                painter.translate(0, -page * height)
                doc.drawContents(painter, QRectF(0, page * height, width, height))
                painter.restore()
                pages += 1
    finally:
        painter.end()
    del writer  # finishes the PDF before the file is committed
    if not out.commit():
        raise BriefingNotSaved(f"{path} could not be saved: {out.errorString()}")
    return pages


def pack_title(briefs: Sequence[Briefing]) -> str:
    """Return the PDF's title: "Briefing: Globex" or "Briefing pack: 4 visits"."""
    if len(briefs) == 1:
        return f"Briefing: {briefs[0].header.account_name}"
    return f"Briefing pack: {len(briefs)} visits"
