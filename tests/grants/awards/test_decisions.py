"""Decisions: staged by staff one by one or in bulk, invisible to applicants, released together with
e-mails."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.applications import services as grant_services
from grants.applications.models import Application, Call
from grants.awards import services
from grants.awards.models import Decision, DecisionReasonTemplate
from grants.kernel.errors import DeadlineError, ServiceError, TransitionError
from grants.kernel.models import AuditEntry
from scoring.models import Review
from tests.factories import CallFactory, MembershipFactory, UserFactory, submitted_application
from tests.grants.awards.award_factories import close_call, reviewed
from tests.grants.helpers import flash, page_text


@pytest.fixture
def call_with_three(db):
    """A closed call with three submitted applications, from three organizations."""
    call = CallFactory()
    applications = [submitted_application(call=call, title=f"Project {n}") for n in range(3)]
    close_call(call)
    return call, [reviewed(a) for a in applications]


def test_reason_templates_are_seeded_in_both_languages(db):
    templates = DecisionReasonTemplate.objects.all()
    assert {t.outcome for t in templates} == {"approved", "declined"}
    assert all(t.text_en and t.text_fr for t in templates)


def test_a_staged_decision_is_invisible_to_the_applicant_and_tells_nobody(
    organization, program_officer, applicant, login, mailoutbox, worker_after
):
    call = CallFactory()
    application = submitted_application(organization=organization, call=call)
    close_call(call)
    application = reviewed(application)
    mailoutbox.clear()
    with worker_after():
        services.decision_decline(application=application, by=program_officer)
    assert mailoutbox == []
    application.refresh_from_db()
    assert application.status == Application.Status.ELIGIBLE

    text = page_text(login(applicant).get(reverse("grants:application_detail", args=[application.pk])))
    assert "Screened: eligible" in text
    assert "Decline" not in text and "Decision" not in text and "decision" not in text


def test_staff_see_the_staged_decision_on_the_application(call_with_three, program_officer, login):
    call, (application, *_rest) = call_with_three
    services.decision_approve(application=application, by=program_officer)
    text = page_text(login(program_officer).get(reverse("grants:application_detail", args=[application.pk])))
    assert "Staged decision: approve" in text
    assert "the applicant sees nothing" in text


def test_release_decides_every_staged_application_and_writes_each_in_its_members_language(
    call_with_three, program_officer, mailoutbox, worker_after
):
    call, (first, second, third) = call_with_three
    francophone = UserFactory(language="fr")
    MembershipFactory(organization=second.organization, user=francophone, role="editor")
    services.decision_approve(application=first, by=program_officer)
    services.decision_decline(application=second, by=program_officer)

    with worker_after():
        released = services.decisions_release(call=call, by=program_officer)

    assert len(released) == 2
    statuses = dict(Application.objects.filter(call=call).values_list("pk", "status"))
    assert statuses == {first.pk: "approved", second.pk: "declined", third.pk: "eligible"}
    decline = DecisionReasonTemplate.objects.filter(outcome="declined").order_by("position").first()
    by_address = {m.to[0]: m for m in mailoutbox}
    assert "is approved" in by_address[first.organization.memberships.get().user.email].subject
    assert decline.text_en in by_address[second.organization.memberships.get(role="owner").user.email].body
    assert decline.text_fr in by_address[francophone.email].body
    assert decline.text_en not in by_address[francophone.email].body
    assert third.organization.memberships.get().user.email not in by_address
    entries = AuditEntry.objects.filter(action="decision.released").values_list("from_state", "to_state")
    assert sorted(entries) == [("eligible", "approved"), ("eligible", "declined")]
    # One application still undecided: the call is not decided yet.
    assert Call.objects.get(pk=call.pk).status == Call.Status.CLOSED


def test_the_call_is_decided_once_nothing_is_left_to_decide(call_with_three, program_officer):
    call, applications = call_with_three
    for application in applications:
        services.decision_decline(application=application, by=program_officer)
    services.decisions_release(call=call, by=program_officer)
    assert Call.objects.get(pk=call.pk).status == Call.Status.DECIDED


def test_a_staged_decision_can_change_until_released_then_never(call_with_three, program_officer):
    call, (application, *_rest) = call_with_three
    services.decision_approve(application=application, by=program_officer)
    decision = services.decision_decline(
        application=application, by=program_officer, reason_en="Too late.", reason_fr="Trop tard."
    )
    assert (decision.outcome, decision.reason_en, decision.reason_fr) == (
        "declined",
        "Too late.",
        "Trop tard.",
    )
    changed = AuditEntry.objects.filter(action="decision.declined").get()
    assert (changed.from_state, changed.to_state) == ("approved", "declined")

    services.decisions_release(call=call, by=program_officer)
    with pytest.raises(TransitionError, match="was released on .*; it can no longer change"):
        services.decision_approve(application=application, by=program_officer)


def test_decisions_wait_for_the_call_to_close(db, program_officer):
    application = submitted_application()
    with pytest.raises(DeadlineError, match="decisions are recorded after it closes"):
        services.decision_approve(application=application, by=program_officer)
    assert not Decision.objects.exists()


def test_a_withdrawn_application_cannot_be_decided(call_with_three, program_officer):
    call, (application, *_rest) = call_with_three
    grant_services.application_withdraw(application=application, by=application.submitted_by)
    with pytest.raises(
        TransitionError, match="is withdrawn: only a submitted application still in the running"
    ):
        services.decision_approve(application=application, by=program_officer)


def test_a_reason_must_fit_the_decision_and_exist_in_both_languages(call_with_three, program_officer):
    call, (application, *_rest) = call_with_three
    approval_reason = DecisionReasonTemplate.objects.filter(outcome="approved").first()
    with pytest.raises(ServiceError, match="is for the other decision"):
        services.decision_decline(application=application, by=program_officer, template=approval_reason)
    DecisionReasonTemplate.objects.update(is_active=False)
    with pytest.raises(ServiceError, match="in English and in French"):
        services.decision_decline(application=application, by=program_officer, reason_en="Only English.")


def test_release_with_nothing_staged_is_refused(call_with_three, program_officer):
    call, _applications = call_with_three
    with pytest.raises(TransitionError, match="no staged decision"):
        services.decisions_release(call=call, by=program_officer)


def test_an_application_withdrawn_after_staging_is_left_out_of_the_release(call_with_three, program_officer):
    call, (first, second, _third) = call_with_three
    services.decision_approve(application=first, by=program_officer)
    services.decision_approve(application=second, by=program_officer)
    grant_services.application_withdraw(application=second, by=second.submitted_by)
    released = services.decisions_release(call=call, by=program_officer)
    assert [d.application_id for d in released] == [first.pk]
    assert Application.objects.get(pk=second.pk).status == Application.Status.WITHDRAWN


def test_bulk_staging_reports_each_refusal_and_stages_the_rest(call_with_three, program_officer):
    call, (first, second, third) = call_with_three
    grant_services.application_withdraw(application=third, by=third.submitted_by)
    staged, refused = services.decisions_stage(
        applications=[first, second, third], outcome="approved", by=program_officer
    )
    assert [d.application_id for d in staged] == [first.pk, second.pk]
    assert [(a.pk, "withdrawn" in message) for a, message in refused] == [(third.pk, True)]


# --- The decisions page ------------------------------------------------------------------------


def test_approve_selected_as_the_ranking_page_posts_it(call_with_three, program_officer, login):
    """The ranking page (scoring) may post just the ticked ids and the outcome: the first reason is used."""
    call, (first, second, third) = call_with_three
    client = login(program_officer)
    response = client.post(
        reverse("grants:call_decisions", args=[call.slug]),
        {"applications": [first.pk, third.pk], "outcome": "approved"},
    )
    assert response.status_code == 302
    assert "2 decisions staged" in flash(response)[0]
    assert set(Decision.objects.values_list("application_id", "outcome")) == {
        (first.pk, "approved"),
        (third.pk, "approved"),
    }


def test_the_decisions_page_follows_the_rankings_order(call_with_three, program_officer, login):
    call, (first, second, third) = call_with_three
    order = f"{third.pk},{first.pk},{second.pk}"
    text = page_text(
        login(program_officer).get(reverse("grants:call_decisions", args=[call.slug]) + f"?order={order}")
    )
    assert text.index(third.reference) < text.index(first.reference) < text.index(second.reference)
    assert "Listed in the order given by the ranking" in text


def test_a_bulk_decision_without_ticks_is_explained_and_keeps_the_wording(
    call_with_three, program_officer, login
):
    call, _applications = call_with_three
    response = login(program_officer).post(
        reverse("grants:call_decisions", args=[call.slug]),
        {"outcome": "declined", "reason_en": "My words", "reason_fr": "Mes mots"},
    )
    assert response.status_code == 200
    text = page_text(response)
    assert "Tick at least one application." in text
    assert "My words" in response.content.decode() and "Mes mots" in response.content.decode()
    assert not Decision.objects.exists()


def test_one_decision_edited_from_a_template(call_with_three, program_officer, login):
    call, (application, *_rest) = call_with_three
    template = DecisionReasonTemplate.objects.get(code="declined-priorities")
    response = login(program_officer).post(
        reverse("grants:decision_edit", args=[application.pk]),
        {
            "outcome": "declined",
            "template": template.pk,
            "reason_en": "",
            "reason_fr": "Texte modifié.",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get(application=application)
    assert (decision.reason_en, decision.reason_fr) == (template.text_en, "Texte modifié.")


def test_a_mismatched_reason_is_refused_on_the_page(call_with_three, program_officer, login):
    call, (application, *_rest) = call_with_three
    template = DecisionReasonTemplate.objects.get(code="declined-priorities")
    response = login(program_officer).post(
        reverse("grants:decision_edit", args=[application.pk]),
        {
            "outcome": "approved",
            "template": template.pk,
            "reason_en": "Kept",
            "reason_fr": "",
        },
    )
    assert response.status_code == 200
    assert "This reason is for decisions to decline" in page_text(response)
    assert not Decision.objects.exists()


def test_a_released_decision_cannot_be_changed_from_its_page(call_with_three, program_officer, login):
    call, (application, *_rest) = call_with_three
    services.decision_approve(application=application, by=program_officer)
    services.decisions_release(call=call, by=program_officer)
    url = reverse("grants:decision_edit", args=[application.pk])
    response = login(program_officer).post(url, {"outcome": "declined"})
    assert response["Location"] == url
    assert flash(response) == ["This decision was released; it can no longer change."]
    assert Decision.objects.get(application=application).outcome == "approved"


def test_releasing_nothing_from_the_page_is_explained(call_with_three, program_officer, login):
    call, _applications = call_with_three
    response = login(program_officer).post(reverse("grants:decisions_release", args=[call.slug]))
    assert response["Location"] == reverse("grants:call_decisions", args=[call.slug])
    assert flash(response) == ["There is no staged decision to release for this call."]


def test_release_from_the_page(
    call_with_three, program_officer, login, mailoutbox, worker_after
):
    call, (application, *_rest) = call_with_three
    services.decision_approve(application=application, by=program_officer)
    client = login(program_officer)
    confirm = page_text(client.get(reverse("grants:decisions_release", args=[call.slug])))
    assert "1 approval, 0 declines" in confirm
    assert "2 applications have no decision yet" in confirm
    with worker_after():
        response = client.post(reverse("grants:decisions_release", args=[call.slug]))
    assert "1 decision released" in flash(response)[0]
    assert Application.objects.get(pk=application.pk).status == "approved"
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("rows", [3, 60])
def test_the_decisions_page_costs_the_same_whatever_its_length(
    rows, program_officer, login, django_assert_max_num_queries
):
    from tests.grants.awards.award_factories import approved_quickly

    call = close_call(CallFactory())
    applications = approved_quickly(call=call, count=rows)
    Application.objects.filter(pk__in=[a.pk for a in applications]).update(
        status=Application.Status.SUBMITTED
    )
    for application in applications[::2]:
        Decision.objects.create(
            application=application,
            outcome="approved",
            reason_en="Good",
            reason_fr="Bien",
            decided_by=program_officer,
            decided_at=timezone.now() - dt.timedelta(hours=1),
        )
    client = login(program_officer)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("grants:call_decisions", args=[call.slug]))
    assert response.content.count(b"data-decision-row") == min(rows, 50)
    assert client.get(reverse("grants:call_decisions", args=[call.slug]) + "?page=99").status_code == 200


# --- Decision rules (issue 17) ---------------------------------------------------------------------


def test_an_application_without_screening_or_reviews_is_decided_only_with_an_override(db, program_officer, login):
    # The hole: an application with no submitted review was declined and released mid-review.
    call = CallFactory(reviewers_per_application=2)
    unscreened, short = (submitted_application(call=call) for _ in range(2))
    close_call(call)
    short = reviewed(short, reviews=1)
    with pytest.raises(TransitionError, match="has not been screened eligible .* record an override with its reason"):
        services.decision_decline(application=unscreened, by=program_officer)
    with pytest.raises(TransitionError, match="has 1 of the 2 submitted reviews the call requires"):
        services.decision_decline(application=short, by=program_officer)
    assert not Decision.objects.exists()

    decision = services.decision_decline(
        application=short, by=program_officer, override_reason="  The second reviewer withdrew; the panel agreed.  "
    )
    assert decision.override_reason == "The second reviewer withdrew; the panel agreed."
    entry = AuditEntry.objects.get(action="decision.declined")
    assert entry.details["override_reason"] == "The second reviewer withdrew; the panel agreed."
    assert "has 1 of the 2 submitted reviews" in entry.details["override"]
    text = page_text(login(program_officer).get(reverse("grants:call_decisions", args=[call.slug])))
    assert "Override: The second reviewer withdrew; the panel agreed." in text
    assert "1 of 2 Too few: deciding needs an override" in text
    assert "Not screened eligible: deciding needs an override" in text


def test_an_override_is_not_kept_where_the_rules_are_met(call_with_three, program_officer):
    _call, (application, *_rest) = call_with_three
    decision = services.decision_approve(application=application, by=program_officer, override_reason="Just in case.")
    assert decision.override_reason == ""
    assert "override" not in AuditEntry.objects.get(action="decision.approved").details


def test_a_decision_staged_then_short_of_reviews_holds_the_release(call_with_three, program_officer):
    call, (first, second, _third) = call_with_three
    services.decision_approve(application=first, by=program_officer)
    services.decision_approve(application=second, by=program_officer)
    Review.objects.filter(assignment__application=second).update(status=Review.Status.DRAFT)  # reopened
    with pytest.raises(TransitionError, match=f"Nothing was released: {second.reference} has 0 of the 3"):
        services.decisions_release(call=call, by=program_officer)
    assert set(Application.objects.filter(call=call).values_list("status", flat=True)) == {"eligible"}


def test_the_override_is_asked_for_on_the_decision_page_and_what_was_typed_is_kept(db, program_officer, login):
    call = CallFactory()
    application = submitted_application(call=call)
    close_call(call)
    client = login(program_officer)
    url = reverse("grants:decision_edit", args=[application.pk])
    response = client.post(url, {"outcome": "declined", "reason_en": "Mine.", "reason_fr": "Le mien."})
    assert response.status_code == 200
    assert "To decide anyway, record an override with its reason." in page_text(response)
    assert "Mine." in response.content.decode() and "Le mien." in response.content.decode()
    response = client.post(
        url, {"outcome": "declined", "reason_en": "Mine.", "reason_fr": "Le mien.", "override_reason": "Duplicate."}
    )
    assert response.status_code == 302
    assert Decision.objects.get(application=application).override_reason == "Duplicate."


def test_each_decision_row_links_to_its_application_and_its_decision(call_with_three, program_officer, login):
    call, applications = call_with_three
    page = login(program_officer).get(reverse("grants:call_decisions", args=[call.slug])).content.decode()
    for application in applications:
        assert f'href="{reverse("grants:application_detail", args=[application.pk])}"' in page
        assert f'href="{reverse("grants:decision_edit", args=[application.pk])}"' in page
