"""An existing database upgrades to the new layout with no row lost.

The database is taken back to the schema every installation had before the models moved out of the grants app
(grants 0005, scoring 0001, reporting 0004), filled with real rows through the models of that schema, then
migrated forward; every row is found again through today's models, with its relations, its documents'
owners and the content types that audit entries point at.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE_THE_MOVE = [
    ("grants", "0005_document_type_used_for"),
    ("scoring", "0001_initial"),
    ("reporting", "0004_report_document_types"),
]
# The apps the models moved to did not exist yet.
NEW_APPS = [("kernel", None), ("documents", None), ("applications", None), ("awards", None)]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def _fill_old_schema(apps) -> dict:
    """One of everything that moved, as an installation holds it: an organization's submitted application with its
    steps, budget, document and audit trail, its review, decision, award, agreement, period, payment and report."""
    now = timezone.now()
    get = apps.get_model
    ContentTypeOld = get("contenttypes", "ContentType")
    user = get("grants", "User").objects.create(email="owner@example.org", password="x", language="fr")
    region = get("grants", "Region").objects.order_by("pk").first()
    organization = get("grants", "Organization").objects.create(
        legal_name="Safe Harbour Youth Services", type="non_profit", registration_number="1234567",
        street_address="1 Main Street", city="Kingston", postal_code="K7L 1A1", region=region,
        phone="613-555-0100", email="info@example.org",
    )
    get("grants", "Membership").objects.create(organization=organization, user=user, role="owner")
    fund = get("grants", "Fund").objects.get(code="CSF")
    call = get("grants", "Call").objects.create(
        fund=fund, slug="csf-2026", title_en="CSF 2026", title_fr="FSC 2026", guidelines_en="g", guidelines_fr="g",
        opens_at=now - dt.timedelta(days=60), closes_at=now - dt.timedelta(days=30), envelope=Decimal("1000000"),
        min_request=Decimal("10000"), max_request=Decimal("300000"), status="in_review", review_phase="reviewing",
    )
    document_type = get("grants", "DocumentType").objects.get(code="budget-workbook")
    call.required_document_types.add(document_type)
    call.pillars.add(get("grants", "Pillar").objects.order_by("pk").first())
    application = get("grants", "Application").objects.create(
        organization=organization, call=call, created_by=user, status="approved", reference="CSF-2026-0001",
        title="Safe Futures", snapshot={"reference": "CSF-2026-0001"}, submitted_at=now, submitted_by=user,
    )
    application.regions.add(region)
    get("grants", "ApplicationStep").objects.create(application=application, step="project", data={"a": ["b"]},
                                                     is_valid=True, version=3, updated_by=user)
    get("grants", "BudgetLine").objects.create(application=application, category="staff", fiscal_year=2026,
                                               amount=Decimal("60000"))
    get("grants", "ReferenceSequence").objects.create(fund=fund, year=2026, last_number=1)
    document = get("grants", "Document").objects.create(
        organization=organization, application=application, document_type=document_type, status="current",
        original_name="budget.xlsx", size=10, content_type="application/vnd.ms-excel", sha256="0" * 64,
        key="documents/old.xlsx", uploaded_by=user, uploaded_at=now,
    )
    application_type = ContentTypeOld.objects.get_or_create(app_label="grants", model="application")[0]
    get("grants", "AuditEntry").objects.create(actor=user, action="application.submitted",
                                               content_type=application_type, object_id=str(application.pk),
                                               object_repr="CSF-2026-0001", from_state="draft", to_state="submitted")
    rubric = get("scoring", "Rubric").objects.create(call=call)
    assignment = get("scoring", "Assignment").objects.create(call=call, application=application, reviewer=user,
                                                             due_at=now)
    # A submitted review: its total (scoring 0003) is computed from its scores, 100 * (2 * 4/5 + 1 * 1/5) / 3.
    review = get("scoring", "Review").objects.create(assignment=assignment, status="submitted", recommendation="fund",
                                                     submitted_at=now)
    for position, (weight, value) in enumerate(((2, 4), (1, 1)), start=1):
        criterion = get("scoring", "Criterion").objects.create(rubric=rubric, position=position, name_en="C",
                                                               name_fr="C", weight=Decimal(weight))
        get("scoring", "Score").objects.create(review=review, criterion=criterion, value=value)
    decision = get("grants", "Decision").objects.create(application=application, outcome="approved",
                                                        reason_en="Strong", reason_fr="Solide", decided_by=user,
                                                        released_at=now, released_by=user)
    award = get("grants", "Award").objects.create(
        application=application, status="active", start_date=dt.date(2026, 4, 1), end_date=dt.date(2027, 3, 31),
        risk_level="low", signing_name="A", signing_title="B", signing_email="a@example.org", created_by=user,
    )
    get("grants", "AwardYear").objects.create(award=award, fiscal_year=2026, amount=Decimal("60000"))
    get("grants", "CallYearEnvelope").objects.create(call=call, fiscal_year=2026, amount=Decimal("500000"))
    get("grants", "Agreement").objects.create(award=award, version=1, terms={"total": "60000"}, created_by=user)
    period = get("grants", "ReportingPeriod").objects.create(
        award=award, number=1, start_date=dt.date(2026, 4, 1), end_date=dt.date(2026, 9, 30),
        due_date=dt.date(2026, 10, 31),
    )
    payment = get("grants", "Payment").objects.create(award=award, number=1, kind="advance", fiscal_year=2026,
                                                      due_date=dt.date(2026, 4, 1), amount=Decimal("30000"))
    report = get("reporting", "ProgressReport").objects.create(award=award, period=period, created_by=user)
    return {
        "application": application.pk, "document": document.pk, "award": award.pk, "decision": decision.pk,
        "payment": payment.pk, "report": report.pk, "rubric": rubric.pk, "assignment": assignment.pk,
        "review": review.pk,
        "application_type": application_type.pk, "call": call.pk,
    }


@pytest.mark.django_db(transaction=True)
def test_an_existing_database_upgrades_with_no_row_lost():
    executor = _migrate(BEFORE_THE_MOVE + NEW_APPS)
    ids = _fill_old_schema(executor.loader.project_state(BEFORE_THE_MOVE).apps)
    tables = connection.introspection.table_names()
    counts = {}
    with connection.cursor() as cursor:
        for table in [t for t in tables if t.startswith(("grants_", "scoring_", "reporting_"))]:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 (introspected)
            counts[table] = cursor.fetchone()[0]

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    from grants.applications.models import Application
    from grants.awards.models import Award, Payment
    from grants.documents.models import Document
    from grants.kernel.models import AuditEntry
    from reporting.models import ProgressReport
    from scoring.models import Assignment, Review

    # Rows that later migrations seed on their own: the type of file messages take (conversations 0001).
    seeded = {"grants_documenttype": 1}
    with connection.cursor() as cursor:
        for table, count in counts.items():
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 (introspected)
            assert cursor.fetchone()[0] == count + seeded.get(table, 0), table

    assert Review.objects.get(pk=ids["review"]).total == pytest.approx(100 * (2 * 4 / 5 + 1 * 1 / 5) / 3)
    application = Application.objects.get(pk=ids["application"])
    assert application.reference == "CSF-2026-0001" and application.organization.legal_name.startswith("Safe")
    assert application.steps.get().version == 3 and application.budget_lines.get().amount == Decimal("60000")
    assert list(application.regions.all()) and list(application.call.pillars.all())
    document = Document.objects.get(pk=ids["document"])
    assert document.owner == application and list(application.documents.all()) == [document]
    # The content type row moved with its model: the audit trail still names the application.
    application_type = ContentType.objects.get_for_model(Application)
    assert application_type.pk == ids["application_type"] and application_type.app_label == "applications"
    entry = AuditEntry.objects.get()
    assert entry.target == application and entry.to_state == "submitted"
    award = Award.objects.get(pk=ids["award"])
    assert award.application == application and award.years.get().amount == Decimal("60000")
    assert Payment.objects.get(pk=ids["payment"]).award == award
    assert ProgressReport.objects.get(pk=ids["report"]).period.award == award
    assert Assignment.objects.get(pk=ids["assignment"]).application == application
