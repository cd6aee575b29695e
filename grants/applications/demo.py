"""Complete answers for an application's steps, as a person would type them.

Used by the demo data command and by the tests, so both drive the same services as the wizard.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import zipfile
from decimal import Decimal

from django.core.files.base import ContentFile
from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen import canvas

from grants.applications import services
from grants.applications.models import Application, BudgetCategory
from grants.applications.wizard import STEPS, step_form
from grants.documents.selectors import document_slots
from grants.documents.services import document_upload
from grants.kernel.forms import cleaned_or_none
from grants.kernel.timeutils import fiscal_years_between
from grants.organizations.models import Pillar, Population, Region, User


def step_answers(application: Application, step: str, *, title: str = "Safe Futures for Youth",
                 start: dt.date | None = None, years: int = 2, amount: Decimal | None = None,
                 signatory: str = "Alex Martin") -> dict:
    """POST-style data (lists of strings, prefixed by the step) that passes the step's validation. The contact
    and signing authority is `signatory` (the demo's: the organization's own owner)."""
    call, org = application.call, application.organization
    start = start or dt.date(call.closes_at.year + 1, 4, 1)
    end = start.replace(year=start.year + years) - dt.timedelta(days=1)
    values: dict[str, object]
    if step == "eligibility":
        values = {"based_in_ontario": "yes", "not_for_profit_delivery": "yes", "no_duplicate_funding": "yes"}
        if call.fund.requires_indigenous_led:
            values["indigenous_led_attestation"] = "on"
    elif step == "organization":
        values = {
            "legal_name": org.legal_name, "registration_number": org.registration_number,
            "street_address": org.street_address, "city": org.city, "postal_code": org.postal_code,
            "region": str(org.region_id), "mandate": org.mandate or "Community services for children and youth.",
            "contact_name": signatory, "contact_title": "Executive Director",
            "contact_email": org.email, "contact_phone": "416-555-0123",
        }
    elif step == "project":
        offered = lambda model, rel: [  # noqa: E731
            str(pk)
            for pk in (getattr(call, rel).values_list("pk", flat=True) or model.objects.values_list("pk", flat=True))
        ][:2]
        values = {
            "project_title": title,
            "summary": f"{title}: prevention workshops and peer mentoring for young people at risk of trafficking.",
            "description": (
                "Weekly workshops in schools, a peer mentoring program and referral pathways to survivor services."
            ),
            "pillars": offered(Pillar, "pillars"), "populations": offered(Population, "populations"),
            "regions": offered(Region, "regions"), "start_date": start.isoformat(), "end_date": end.isoformat(),
        }
    elif step == "budget":
        total = amount if amount is not None else (call.min_request + call.max_request) / 2
        cells = [
            (c, y) for y in fiscal_years_between(start, end) for c in (BudgetCategory.STAFF, BudgetCategory.PROGRAM)
        ]
        share = (total / len(cells)).quantize(Decimal("0.01"))
        values = {f"amount_{c}_{y}": str(share) for c, y in cells}
        values[f"amount_{cells[-1][0]}_{cells[-1][1]}"] = str(total - share * (len(cells) - 1))
        values["notes"] = "Salaries for two youth workers; workshop materials."
    elif step == "documents":
        values = {}
    elif step == "declarations":
        values = {name: "on" for name in ("accurate", "authority", "no_personal_information", "reporting", "conflicts")}
        values.update(signatory_name=signatory, signatory_title="Executive Director")
    else:
        raise KeyError(step)
    return {f"{step}-{k}": (v if isinstance(v, list) else [v]) for k, v in values.items()}


@functools.lru_cache(maxsize=8)
def sample_pdf(title: str) -> bytes:
    """A one-page PDF, as an organization would upload."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=LETTER, invariant=True)
    page.setTitle(title)
    page.drawString(72, 720, title)
    page.drawString(72, 700, "Sample document generated for the demonstration portal.")
    page.showPage()
    page.save()
    return buffer.getvalue()


@functools.lru_cache(maxsize=1)
def sample_xlsx() -> bytes:
    """The smallest workbook Excel and LibreOffice open: one sheet, two rows."""
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="xl/workbook.xml" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
            '</Relationships>'
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Budget" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
            '</Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>Category</t></is></c>'
            '<c r="B1" t="inlineStr"><is><t>Amount</t></is></c></row>'
            '<row r="2"><c r="A2" t="inlineStr"><is><t>Staff</t></is></c><c r="B2"><v>50000</v></c></row>'
            '</sheetData></worksheet>'
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def attach_documents(application: Application, *, by: User) -> None:
    """A small valid file for each required type that has none yet, through the real upload service."""
    for slot in document_slots(owner=application):
        if slot.documents:
            continue
        if slot.code == "budget-workbook":
            file = ContentFile(sample_xlsx(), name="budget-workbook.xlsx")
        else:
            file = ContentFile(sample_pdf(slot.document_type.name_en), name=f"{slot.code}.pdf")
        document_upload(owner=application, document_type=slot.document_type, file=file, by=by)


def complete_application(application: Application, *, by: User, **options) -> Application:
    """Fill every step in order through the same services the wizard and the documents page use."""
    attach_documents(application, by=by)
    for step in STEPS:
        data = step_answers(application, step, **options)
        form = step_form(application, step, data)
        record = application.steps.filter(step=step).first()
        services.application_save_step(
            application=application, step=step, data=data, cleaned=cleaned_or_none(form),
            expected_version=record.version if record else 0, by=by,
        )
        application.refresh_from_db()
    return application
