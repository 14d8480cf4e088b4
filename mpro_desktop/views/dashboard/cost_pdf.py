"""The cost overview as a PDF (issue 11, FAQ Q4): Qt's own ``QTextDocument`` printed on
a ``QPdfWriter``, so no extra dependency and every character a name can hold (the
fonts are the system's, embedded as subsets with their text, so the PDF is searchable).
Built and written off the UI thread: both classes are reentrant and paint without a
window."""

from __future__ import annotations

import html
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument

from mpro_desktop.domain.cost_overview import CostOverview
from mpro_desktop.views.dashboard import overview_html as sections


def overview_document_html(
    overview: CostOverview,
    *,
    company: str,
    printed: str,
    as_of: str,
    product_names: Mapping[str, str],
) -> str:
    """The whole overview as one HTML document (every list in full)."""

    def h2(text: str) -> str:
        return f"<h2 style='font-size:13pt; margin-top:14px'>{html.escape(text)}</h2>"

    title = QCoreApplication.translate("CostOverview", "Cost overview")
    head = f"<h1 style='font-size:18pt'>{html.escape(title)}</h1>"
    facts = [company, printed] + ([as_of] if as_of else [])
    head += "<p>" + "<br>".join(html.escape(f) for f in facts if f) + "</p>"
    return (
        "<html><body style='font-size:9.5pt'>"
        + head
        + h2(QCoreApplication.translate("CostOverview", "Costs"))
        + sections.costs_html(overview)
        + h2(QCoreApplication.translate("CostOverview", "Active subscriptions"))
        + sections.subscriptions_html(overview)
        + h2(QCoreApplication.translate("CostOverview", "Pending orders"))
        + sections.pending_orders_html(overview, product_names)
        + h2(QCoreApplication.translate("CostOverview", "Vehicles without a communication module"))
        + sections.names_html(overview.without_module)
        + h2(QCoreApplication.translate("CostOverview", "Vehicles with a module but no product"))
        + sections.names_html(overview.without_product)
        + h2(QCoreApplication.translate("CostOverview", "Products, prices and terms"))
        + sections.products_html(overview.products)
        + "</body></html>"
    ).replace("<table cellspacing='0'>", "<table cellspacing='0' width='100%'>")  # the page


def page_label(page: int, pages: int) -> str:
    """The footer of each page: "Page 2 of 5" ("Sida 2 av 5")."""
    return (
        QCoreApplication.translate("CostOverview", "Page %1 of %2")
        .replace("%1", str(page))
        .replace("%2", str(pages))
    )


def write_pdf(path: str, document_html: str, *, title: str) -> str:
    """Lay ``document_html`` out on A4 pages and write it to ``path``; returns the path.

    Paginated by hand rather than with ``QTextDocument.print_`` so each page carries
    "Page n of N" (``print_`` prints a bare number); a table's ``<thead>`` repeats at
    the top of every page it runs onto (the document is laid out at the page size).
    Raises ``OSError`` when the file can't be written (QPdfWriter only says nothing)."""
    writer = QPdfWriter(path)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(18, 15, 18, 15), QPageLayout.Unit.Millimeter)
    writer.setTitle(title)
    writer.setCreator("MPRO Desktop")
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)  # fonts measured at the PDF's resolution
    doc.setHtml(document_html)
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"{path} can't be written")
    try:
        painter.setFont(doc.defaultFont())
        paint = writer.pageLayout().paintRectPixels(writer.resolution())
        footer = 2.0 * painter.fontMetrics().height()
        body = QSizeF(paint.width(), paint.height() - footer)
        doc.setPageSize(body)
        pages = doc.pageCount()
        for index in range(pages):
            if index:
                writer.newPage()
            top = index * body.height()
            painter.save()
            painter.translate(0, -top)
            doc.drawContents(painter, QRectF(0, top, body.width(), body.height()))
            painter.restore()
            painter.drawText(
                QRectF(0, body.height(), body.width(), footer),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
                page_label(index + 1, pages),
            )
    finally:
        painter.end()
    del writer  # closes the file
    with open(path, "rb") as f:  # an unwritable path left no PDF: say so
        if f.read(5) != b"%PDF-":
            raise OSError(f"{path} is no PDF")
    return path
