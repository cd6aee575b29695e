"""Active awards with reporting periods, built through the awards services, filled reports and their
attachments, for the reporting tests."""

from __future__ import annotations

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grants.awards.models import Award
from grants.documents import services as documents
from grants.documents.models import Document, DocumentType
from reporting import services
from reporting.models import Indicator, ProgressReport
from tests.factories import CallFactory
from tests.grants.awards.award_factories import active_award, approved_quickly, close_call


def funded_award(
    *, organization, officer, owner, risk: str = "medium", amount: Decimal = Decimal("100000")
) -> Award:
    """An active award on a two-fiscal-year term (April to March), its agreement accepted by `owner`."""
    call = close_call(CallFactory())
    application = approved_quickly(call=call, organization=organization, amount=amount)[0]
    return active_award(application, officer=officer, owner=owner, risk_level=risk)


def filled_report(
    *, award: Award, by, spent_factor: Decimal = Decimal("1"), explanation: str = ""
) -> ProgressReport:
    """The report on the award's first period, every step saved; spent = budget × `spent_factor`."""
    report = services.report_start(period=award.reporting_periods.order_by("number").first(), by=by)
    services.report_save_narrative(
        report=report, narratives={"awareness": "Twelve workshops in schools."}, by=by
    )
    indicators = Indicator.objects.filter(fund=award.application.call.fund)
    services.report_save_indicators(report=report, values={i.pk: 7 for i in indicators}, by=by)
    services.report_save_spending(
        report=report,
        lines={
            line.category: ((line.budget * spent_factor).quantize(Decimal("0.01")), explanation)
            for line in report.spending_lines.all()
        },
        by=by,
    )
    return ProgressReport.objects.get(pk=report.pk)


def given_attachment(report: ProgressReport, code: str, name: str, content: bytes, *, by) -> Document:
    """A file attached to the report through the documents services, as an upload would."""
    return documents.document_upload(
        owner=report, document_type=DocumentType.objects.get(code=code), file=SimpleUploadedFile(name, content), by=by
    )


def start_on_the_page(client, award: Award) -> ProgressReport:
    """The first period's report, started with the button on "Reports due", which opens its first step."""
    period = award.reporting_periods.get(number=1)
    response = client.post(reverse("reporting:report_start", args=[period.pk]))
    report = ProgressReport.objects.get(period=period)
    assert response.url == reverse("reporting:report_step", args=[report.pk, "narrative"])
    return report
