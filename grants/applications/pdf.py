"""PDF of a submitted application, drawn with reportlab from its frozen snapshot."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from grants.applications.models import Application
from grants.applications.wizard import snapshot_budget_rows
from grants.kernel.language import page_language
from grants.kernel.money import format_money
from grants.kernel.pdftext import paragraph_text
from grants.kernel.timeutils import format_local


def _para(text: str, style) -> Paragraph:
    return Paragraph(paragraph_text(text), style)


def application_pdf(*, application: Application) -> bytes:
    snap = application.snapshot or {}
    language = page_language()
    styles = getSampleStyleSheet()
    body, label = styles["BodyText"], styles["Heading5"]
    buffer = BytesIO()
    reference = application.reference or ""

    def decorate(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(0.75 * inch, 0.5 * inch, reference)
        canvas.drawRightString(LETTER[0] - 0.75 * inch, 0.5 * inch, _("Page %(n)s") % {"n": doc.page})
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer, pagesize=LETTER, title=reference, author=application.organization.legal_name,
        leftMargin=0.75 * inch, rightMargin=0.75 * inch, topMargin=0.75 * inch, bottomMargin=0.9 * inch,
    )
    call_title = snap.get("call", {}).get(f"title_{language}") or application.call.title
    story = [
        _para(_("Application %(ref)s") % {"ref": reference}, styles["Title"]),
        _para(call_title, styles["Heading2"]),
        _para(_("Organization: %(name)s") % {"name": snap.get("organization", {}).get("legal_name", "")}, body),
        _para(
            _("Submitted: %(when)s")
            % {"when": format_local(application.submitted_at) if application.submitted_at else ""},
            body,
        ),
        Spacer(1, 12),
    ]
    for section in snap.get("sections", []):
        story.append(_para(section.get(f"title_{language}") or section["title_en"], styles["Heading2"]))
        if section["step"] == "budget":
            rows = [[_("Category"), _("Fiscal year"), _("Amount")]]
            rows += [[line["label"], line["year"], format_money(line["amount"])] for line in snapshot_budget_rows(snap)]
            rows.append([_("Total request"), "", format_money(snap.get("requested_total", 0))])
            table = Table(rows, colWidths=[3.4 * inch, 1.5 * inch, 1.8 * inch], repeatRows=1)
            table.setStyle(TableStyle([
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("FONT", (0, -1), (-1, -1), "Helvetica-Bold"),
                ("ALIGN", (2, 0), (2, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, 0), 1, colors.black),
                ("LINEABOVE", (0, -1), (-1, -1), 1, colors.black),
            ]))
            story += [table, Spacer(1, 8)]
        for field in section.get("fields", []):
            if section["step"] == "budget" and field["name"] != "notes":
                continue
            story.append(_para(field.get(f"label_{language}") or field["label_en"], label))
            story.append(_para(field.get(f"value_{language}") or field["value_en"], body))
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()
