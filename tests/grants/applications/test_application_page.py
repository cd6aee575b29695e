"""An application's page (grants/applications/views/applications.py): what was submitted, each file once, and the
decision and award above the page's buttons."""

from __future__ import annotations

import pytest
from django.urls import reverse

from grants.awards import services as award_services
from tests.factories import CallFactory, submitted_application
from tests.grants.awards.award_factories import award_for, close_call, reviewed
from tests.grants.helpers import page_text


@pytest.fixture
def submitted(organization, applicant):
    call = CallFactory(documents=["budget-workbook", "financial-statements"])
    return submitted_application(organization=organization, call=call, by=applicant)


def test_each_submitted_file_is_listed_once_with_its_link(client, applicant, submitted):
    client.force_login(applicant)

    response = client.get(reverse("grants:application_detail", args=[submitted.pk]))
    content = response.content.decode()

    assert len(submitted.snapshot["documents"]) == 2
    for entry in submitted.snapshot["documents"]:
        assert content.count(entry["name"]) == 1
        assert reverse("grants:document_download", args=[entry["id"]]) in content
    assert page_text(response).count("Budget workbook") == 1


def test_members_read_the_released_decision_and_reach_the_award_above_the_buttons(
    client, applicant, submitted, program_officer
):
    close_call(submitted.call)
    reviewed(submitted)
    award_services.decision_approve(
        application=submitted, by=program_officer, reason_en="A strong plan.", reason_fr="Un plan solide."
    )
    client.force_login(applicant)
    before = page_text(client.get(reverse("grants:application_detail", args=[submitted.pk])))
    award_services.decisions_release(call=submitted.call, by=program_officer)
    award = award_for(submitted.__class__.objects.get(pk=submitted.pk), officer=program_officer)

    content = client.get(reverse("grants:application_detail", args=[submitted.pk])).content.decode()

    assert "A strong plan." not in before and "Decision" not in before  # staged: the applicant sees nothing
    assert "Decision and award" in content and "A strong plan." in content
    assert content.index('class="award-panel"') < content.index('class="button-row"')
    assert reverse("grants:award_detail", args=[award.pk]) in content
    french = page_text(client.get(reverse("grants:application_detail", args=[submitted.pk]),
                                  HTTP_ACCEPT_LANGUAGE="fr"))
    assert "Un plan solide." in french
