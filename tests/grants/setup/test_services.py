"""Call set-up's services: publication only once complete, each missing item named; edits a published call no
longer allows are refused; every change is audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from grants.applications.models import Call, Fund
from grants.awards.models import AwardYear, CallYearEnvelope
from grants.documents.models import DocumentType
from grants.kernel.auditlog import describe
from grants.kernel.errors import IncompleteError, ServiceError, TransitionError
from grants.kernel.models import AuditEntry
from grants.setup import services
from scoring.models import Criterion
from tests.factories import CallFactory, MembershipFactory, submitted_application
from tests.grants.awards.award_factories import award_for, close_call, decided
from tests.grants.setup.factories import complete_criterion


def publish_problems(call, **kwargs) -> list[str]:
    with pytest.raises(IncompleteError) as refused:
        services.call_publish(call_id=call.pk, **kwargs)
    call.refresh_from_db()
    assert call.status == Call.Status.DRAFT
    return refused.value.problems


def test_a_complete_draft_is_published_with_its_audit_entry(draft_call, program_officer):
    services.call_publish(call_id=draft_call.pk, by=program_officer)

    draft_call.refresh_from_db()
    assert draft_call.status == Call.Status.PUBLISHED
    entry = AuditEntry.objects.get(action="call.published")
    assert entry.actor == program_officer
    assert describe(entry) == "Call published: Draft → Published"


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"title_fr": ""}, "Write the title in French."),
        ({"guidelines_en": " "}, "Write the guidelines in English."),
        ({"closes_at": timezone.now() - dt.timedelta(hours=1), "opens_at": timezone.now() - dt.timedelta(days=9)},
         "The closing time has passed: choose a closing time in the future."),
    ],
)
def test_publication_is_refused_naming_what_the_call_lacks(draft_call, program_officer, change, problem):
    Call.objects.filter(pk=draft_call.pk).update(**change)

    assert publish_problems(draft_call, by=program_officer) == [problem]


def test_publication_needs_money(draft_call, program_officer):
    Call.objects.filter(pk=draft_call.pk).update(envelope=0, max_request=0, min_request=0)

    assert publish_problems(draft_call, by=program_officer) == [
        "Enter a maximum request above zero.", "Enter the call's envelope (its total budget)."
    ]


def test_publication_needs_required_documents(draft_call, program_officer):
    draft_call.required_document_types.clear()

    assert publish_problems(draft_call, by=program_officer) == [
        "Choose at least one document type applicants must attach."
    ]


def test_publication_needs_a_rubric(draft_call, program_officer):
    Criterion.objects.filter(rubric__call=draft_call).delete()

    assert publish_problems(draft_call, by=program_officer) == ["Add at least one criterion to the rubric."]


def test_publication_needs_each_criterion_in_both_languages_with_its_guidance(draft_call, program_officer):
    complete_criterion(draft_call.rubric, name_fr="", description_en="Why", guidance_fr="Un\nDeux")

    assert publish_problems(draft_call, by=program_officer) == [
        "Write the name of criterion 2 in French.",
        "Write the description of criterion 2 in French.",
        "The French guidance of criterion 2 has 2 lines; it needs 6.",
    ]


def test_publication_refuses_a_year_envelope_above_the_call_envelope(draft_call, program_officer):
    CallYearEnvelope.objects.create(call=draft_call, fiscal_year=2027, amount=draft_call.envelope + 1)

    assert publish_problems(draft_call, by=program_officer) == [
        "A fiscal-year envelope is larger than the call's envelope."
    ]


def test_a_published_call_cannot_be_published_again(draft_call, program_officer):
    services.call_publish(call_id=draft_call.pk, by=program_officer)

    with pytest.raises(TransitionError):
        services.call_publish(call_id=draft_call.pk, by=program_officer)


def test_create_makes_an_audited_draft(db, program_officer):
    now = timezone.now()
    call = services.call_create(by=program_officer, data={
        "fund": Fund.objects.get(code="CSF"),
        "slug": "spring", "title_en": "Spring", "title_fr": "", "guidelines_en": "G", "guidelines_fr": "",
        "opens_at": now, "closes_at": now + dt.timedelta(days=5), "envelope": Decimal(1000),
        "min_request": Decimal(10), "max_request": Decimal(100), "max_term_years": 1,
        "eligible_organization_types": [], "reviewers_per_application": 2, "blind_review": False,
        "allows_multiple_applications": False,
        "required_document_types": list(DocumentType.objects.filter(code="insurance")),
    })

    assert call.status == Call.Status.DRAFT
    assert [t.code for t in call.required_document_types.all()] == ["insurance"]
    assert AuditEntry.objects.get(action="call.created").object_id == str(call.pk)


def test_a_draft_changes_freely_and_the_change_is_audited(draft_call, program_officer):
    services.call_update(call_id=draft_call.pk, by=program_officer, data={
        "max_request": Decimal(150000), "title_en": draft_call.title_en,
        "required_document_types": list(DocumentType.objects.filter(code="insurance")),
    })

    draft_call.refresh_from_db()
    assert draft_call.max_request == 150000
    entry = AuditEntry.objects.get(action="call.changed")
    assert entry.details == {"fields": ["max_request", "required_document_types"]}
    assert describe(entry) == "Call changed"


def test_a_published_call_keeps_what_applicants_rely_on(draft_call, program_officer):
    services.call_publish(call_id=draft_call.pk, by=program_officer)

    with pytest.raises(TransitionError, match="maximum request"):
        services.call_update(call_id=draft_call.pk, by=program_officer, data={"max_request": Decimal(1)})
    with pytest.raises(TransitionError, match="can only move later"):
        services.call_update(
            call_id=draft_call.pk, by=program_officer, data={"closes_at": draft_call.closes_at - dt.timedelta(days=1)}
        )
    with pytest.raises(ServiceError, match="smaller than the maximum request"):
        services.call_update(call_id=draft_call.pk, by=program_officer, data={"envelope": Decimal(1000)})
    later = draft_call.closes_at + dt.timedelta(days=7)
    services.call_update(call_id=draft_call.pk, by=program_officer, data={"closes_at": later, "title_fr": "Nouveau"})
    draft_call.refresh_from_db()
    assert (draft_call.closes_at, draft_call.title_fr, draft_call.max_request) == (later, "Nouveau", 200000)


def test_the_envelope_never_drops_below_what_awards_commit(db, program_officer):
    call = CallFactory()
    application = submitted_application(organization=MembershipFactory().organization, call=call)
    close_call(call)
    [awarded] = decided([application], officer=program_officer)
    award_for(awarded, officer=program_officer)
    committed = sum(AwardYear.objects.filter(award__application__call=call).values_list("amount", flat=True))
    year = AwardYear.objects.filter(award__application__call=call).first().fiscal_year
    Call.objects.filter(pk=call.pk).update(min_request=0, max_request=1000)  # so that only the awards bind

    with pytest.raises(ServiceError, match="Awards already commit"):
        services.call_update(call_id=call.pk, by=program_officer, data={"envelope": committed - 1})
    with pytest.raises(ServiceError, match="Awards already commit"):
        services.year_envelope_set(call_id=call.pk, by=program_officer, fiscal_year=year, amount=Decimal(0))


def test_rubric_criteria_are_added_changed_and_removed_with_audit(draft_call, program_officer):
    data = {"name_en": "Reach", "name_fr": "Portée", "guidance_en": "a\nb\nc", "guidance_fr": "",
            "scale_min": 1, "scale_max": 3, "weight": Decimal(1)}
    criterion = services.criterion_save(call_id=draft_call.pk, by=program_officer, data=data)
    services.criterion_save(call_id=draft_call.pk, by=program_officer, data={"weight": Decimal(3)},
                            criterion_id=criterion.pk)
    services.criterion_remove(call_id=draft_call.pk, by=program_officer, criterion_id=criterion.pk)

    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "rubric.criterion_added", "rubric.criterion_changed", "rubric.criterion_removed"
    ]
    assert not Criterion.objects.filter(pk=criterion.pk).exists()


def test_a_locked_rubric_refuses_changes(draft_call, program_officer):
    draft_call.rubric.status = draft_call.rubric.Status.LOCKED
    draft_call.rubric.save()

    with pytest.raises(TransitionError, match="locked"):
        services.criterion_save(call_id=draft_call.pk, by=program_officer, data={"name_en": "New"})


def test_year_envelopes_are_set_within_the_call_envelope_and_removed(draft_call, program_officer):
    with pytest.raises(ServiceError, match="more than the call's envelope"):
        services.year_envelope_set(call_id=draft_call.pk, by=program_officer, fiscal_year=2027,
                                   amount=draft_call.envelope + 1)
    services.year_envelope_set(call_id=draft_call.pk, by=program_officer, fiscal_year=2027, amount=Decimal(500))
    services.year_envelope_set(call_id=draft_call.pk, by=program_officer, fiscal_year=2027, amount=Decimal(600))
    assert CallYearEnvelope.objects.get(call=draft_call).amount == 600
    services.year_envelope_remove(call_id=draft_call.pk, by=program_officer, fiscal_year=2027)

    assert not CallYearEnvelope.objects.filter(call=draft_call).exists()
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "call.year_envelope_set", "call.year_envelope_set", "call.year_envelope_removed"
    ]
