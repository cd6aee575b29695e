"""A reviewer's copy of an application as a PDF: the snapshot the reviewer may read (see scoring.blind), then the
answers to clarification questions, with no author or organization in the document's metadata."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

from grants.applications.wizard import snapshot_budget_rows
from grants.kernel.language import bilingual_value
from grants.kernel.money import format_money
from grants.kernel.pdftext import paragraph_text
from scoring.blind import reviewer_clarifications, reviewer_snapshot, title_for_reviewer
from scoring.models import Assignment


def _para(text, style) -> Paragraph:
    return Paragraph(paragraph_text(text), style)


def reviewer_pdf(*, assignment: Assignment, blind: bool) -> bytes:
    application = assignment.application
    snap = reviewer_snapshot(application, blind=blind)
    styles = getSampleStyleSheet()
    buffer = BytesIO()
    reference = application.reference or ""
    doc = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        title=reference,
        author="",
        subject="",
        creator="",
        leftMargin=0.75 * inch,
        rightMargin=0.75 * inch,
        topMargin=0.75 * inch,
        bottomMargin=0.75 * inch,
    )
    story = [
        _para(_("Application %(ref)s") % {"ref": reference}, styles["Title"]),
        _para(title_for_reviewer(application, blind=blind), styles["Heading2"]),
    ]
    if not blind:
        story.append(
            _para(
                _("Organization: %(name)s") % {"name": application.organization.legal_name},
                styles["BodyText"],
            )
        )
    story.append(Spacer(1, 12))
    for section in snap.get("sections", []):
        story.append(_para(bilingual_value(section, "title"), styles["Heading2"]))
        if section["step"] == "budget":
            rows = [[_("Category"), _("Fiscal year"), _("Amount")]]
            lines = snapshot_budget_rows(snap)
            rows += [[line["label"], line["year"], format_money(line["amount"])] for line in lines]
            rows.append([_("Total request"), "", format_money(snap.get("requested_total"))])
            story += [Table(rows, repeatRows=1), Spacer(1, 8)]
        for field in section.get("fields", []):
            if section["step"] == "budget" and field["name"] != "notes":
                continue
            story.append(_para(bilingual_value(field, "label"), styles["Heading5"]))
            story.append(_para(bilingual_value(field, "value"), styles["BodyText"]))
    clarifications = reviewer_clarifications(application, blind=blind)
    if clarifications:
        story.append(_para(_("Clarifications after submission"), styles["Heading2"]))
    for clarification in clarifications:
        story.append(_para(_("Question"), styles["Heading5"]))
        story.append(_para(clarification["question"], styles["BodyText"]))
        story.append(_para(_("Answer"), styles["Heading5"]))
        story.append(_para(clarification["answer"], styles["BodyText"]))
    doc.build(story)
    return buffer.getvalue()
