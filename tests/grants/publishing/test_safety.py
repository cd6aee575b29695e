"""Nothing is public before it may be: an Indigenous organization's awards wait for its consent (and leave every
output when it is withdrawn), a confidential location is never given finer than its region, no free text of
applications, reports or indicators is published, and small grants are counted under the small-count rule."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from grants.awards import services as award_services
from grants.kernel.models import AuditEntry
from grants.kernel.timeutils import fiscal_year_of, local
from grants.organizations.models import Membership, Organization
from reporting import services as report_services
from tests.factories import MembershipFactory, OrganizationFactory
from tests.grants.awards.award_factories import on_day
from tests.grants.publishing.conftest import (
    confidential_organization,
    feed_url,
    get_csv,
    get_json,
    indigenous_organization,
    signed,
)
from tests.reporting.factories import filled_report

pytestmark = pytest.mark.django_db


def public_outputs(client) -> str:
    """Everything anyone can read without signing in: the directory, the open-data page and every feed."""
    pages = [client.get(reverse("publishing:directory")), client.get(reverse("publishing:open_data"))]
    text = "".join(page.content.decode() for page in pages)
    for fmt in ("csv", "json", "fr.json"):
        response = client.get(feed_url(fmt))
        if response.status_code == 200:
            text += b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    return text


def staff_outputs(client, officer) -> str:
    client.force_login(officer)
    year = fiscal_year_of(local(timezone.now()).date())
    text = ""
    for fmt in ("csv", "json", "fr.json"):
        response = client.get(reverse("publishing:staff_export", kwargs={"fmt": fmt}) + f"?year={year}")
        text += b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    client.logout()
    return text


@pytest.fixture
def nation(officer):
    organization = indigenous_organization(public_description_en="Healing lodge for Anishinaabe youth.",
                                           public_label="own_words", public_label_en="Anishinaabe-led",
                                           public_phone="807-555-0199")
    owner = MembershipFactory(organization=organization, role=Membership.Role.OWNER).user
    award = signed(organization, officer=officer, fund="ILIF", regions=("north-west",))
    return {"organization": organization, "owner": owner, "award": award}


def test_an_indigenous_organization_is_published_only_with_its_consent(client, nation, officer, worker_after):
    organization, owner, award = nation["organization"], nation["owner"], nation["award"]
    # A non-Indigenous organization in the same year, so that the files exist.
    signed(OrganizationFactory(legal_name="Bright Path"), officer=officer)

    before = public_outputs(client)
    before_staff = staff_outputs(client, officer)

    assert "Bright Path" in before
    assert "Waabanong" not in before and award.reference not in before
    assert "Waabanong" not in before_staff and award.reference not in before_staff

    client.force_login(owner)
    preview = client.get(reverse("publishing:organization_publication", args=[organization.pk]))
    assert preview.status_code == 200
    assert 'data-publication-status="withheld"' in preview.content.decode()
    # What would be published, before consenting: the entry in both languages, the rows and the JSON.
    assert "Anishinaabe-led" in preview.content.decode()
    assert "Fonds pour les initiatives dirigées par des Autochtones" in preview.content.decode()
    assert preview.content.decode().count("data-gc-row") == 1
    with worker_after():
        response = client.post(reverse("grants:organization_publication_consent", args=[organization.pk]),
                               {"next": reverse("publishing:organization_publication", args=[organization.pk])})
    assert response.status_code == 302
    organization.refresh_from_db()
    assert (organization.publication_consent_by, organization.publication_consent_at is not None) == (owner, True)
    assert AuditEntry.objects.filter(action="organization.publication_consented", actor=owner).count() == 1
    assert {m.to[0] for m in mail.outbox} == {owner.email}
    client.logout()

    after = public_outputs(client)
    assert "Waabanong" in after and award.reference in after
    assert "Anishinaabe-led" in after
    assert award.reference in staff_outputs(client, officer)

    client.force_login(owner)
    client.post(reverse("grants:organization_publication_revoke", args=[organization.pk]))
    client.logout()
    organization.refresh_from_db()
    assert organization.publication_consent_at is None
    revoked = AuditEntry.objects.get(action="organization.publication_consent_revoked")
    assert (revoked.actor, revoked.from_state, revoked.to_state) == (owner, "consented", "withheld")
    again = public_outputs(client)
    assert "Waabanong" not in again and award.reference not in again


def test_only_an_owner_consents(client, nation):
    editor = MembershipFactory(organization=nation["organization"], role=Membership.Role.EDITOR).user
    client.force_login(editor)

    response = client.post(reverse("grants:organization_publication_consent", args=[nation["organization"].pk]))

    assert response.status_code == 403
    assert Organization.objects.get(pk=nation["organization"].pk).publication_consent_at is None


def test_consenting_twice_or_revoking_nothing_is_refused_with_a_message(client, nation):
    organization, owner = nation["organization"], nation["owner"]
    client.force_login(owner)
    url = reverse("grants:organization_publication_revoke", args=[organization.pk])

    response = client.post(url, follow=True)

    assert "There is no consent to withdraw" in response.content.decode()
    client.post(reverse("grants:organization_publication_consent", args=[organization.pk]))
    response = client.post(reverse("grants:organization_publication_consent", args=[organization.pk]), follow=True)
    assert "Consent to publish was already given" in response.content.decode()


def test_a_withdrawn_consent_moves_last_modified_forward(client, nation, officer):
    organization, owner = nation["organization"], nation["owner"]
    client.force_login(owner)
    client.post(reverse("grants:organization_publication_consent", args=[organization.pk]))
    client.logout()
    first = client.get(feed_url("csv"))

    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
        client.force_login(owner)
        client.post(reverse("grants:organization_publication_revoke", args=[organization.pk]))
        client.logout()
        response = client.get(feed_url("csv"), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    # The only grant of the year is gone: the file is no longer there, not "not modified".
    assert response.status_code == 404


def test_a_confidential_location_is_never_finer_than_its_region(client, officer):
    shelter = confidential_organization(public_description_en="Emergency shelter for women.",
                                        public_phone="613-555-0142")
    MembershipFactory(organization=shelter)
    signed(shelter, officer=officer, regions=("east",))

    outputs = public_outputs(client) + staff_outputs(client, officer)

    assert "Harbour Safe House" in outputs and "613-555-0142" in outputs
    for secret in ("Quietville", "K7L 3N6", "K7L", "12 Hidden Lane"):
        assert secret not in outputs
    header, rows = get_csv(client, feed_url("csv"))
    assert (rows[0]["recipient_city"], rows[0]["recipient_postal_code"]) == ("East|Est", "")
    recipient = get_json(client, feed_url("json"))["grants"][0]["recipientOrganization"][0]
    assert recipient["addressRegion"] == "East"
    assert {"addressLocality", "postalCode", "streetAddress"} & set(recipient) == set()
    directory = client.get(reverse("publishing:directory")).content.decode()
    assert "East region" in directory


def test_no_free_text_of_applications_reports_or_indicators_is_published(client, officer):
    organization = OrganizationFactory(legal_name="Bright Path", mandate="PRIVATE-MANDATE")
    owner = MembershipFactory(organization=organization).user
    award = signed(organization, officer=officer)
    application = award.application
    application.title, application.summary = "PRIVATE-TITLE", "PRIVATE-SUMMARY"
    application.save(update_fields=["title", "summary"])
    award_services.award_suspend(award=award, by=officer, reason="PRIVATE-SUSPENSION")
    award_services.award_reinstate(award=award, by=officer, reason="PRIVATE-REINSTATED")
    report = filled_report(award=award, by=owner)
    with on_day(report.period.start_date):  # a report is submitted once its period has started
        report_services.report_submit(report=report, by=owner)

    outputs = public_outputs(client) + staff_outputs(client, officer)
    client.force_login(owner)
    outputs += client.get(reverse("publishing:organization_publication", args=[organization.pk])).content.decode()

    assert award.reference in outputs
    for private in ("PRIVATE-", "Twelve workshops in schools", "Alex Martin", "alex@example.org",
                    organization.email, organization.phone, "100 Queen Street West"):
        assert private not in outputs


def test_small_grants_are_counted_under_the_small_count_rule(client, officer, settings):
    settings.OPEN_DATA_INDIVIDUAL_THRESHOLD = Decimal("25000")
    for _ in range(6):
        signed(OrganizationFactory(), officer=officer, amount=Decimal("20000"))
    for _ in range(2):
        signed(OrganizationFactory(), officer=officer, amount=Decimal("15000"), fund="ILIF")
    signed(OrganizationFactory(legal_name="Large Grant Org"), officer=officer, amount=Decimal("90000"))

    page = client.get(reverse("publishing:open_data")).content.decode()
    header, rows = get_csv(client, feed_url("csv"))
    package = get_json(client, feed_url("json"))

    assert [row["recipient_legal_name"] for row in rows] == ["Large Grant Org"]
    assert [g["recipientOrganization"][0]["name"] for g in package["grants"]] == ["Large Grant Org"]
    summary = page[page.index("data-summary"):]
    # Toronto: the 2 ILIF grants show "<5" without their amount; the 6 CSF grants would give the 2 away from
    # the total of 8, so they are hidden too ("x"), amount and all: the portfolio exports' rule.
    assert '<td class="num">&lt;5</td>' in summary
    assert '<td class="num">x</td>' in summary
    assert '<td class="num">8<br>$150,000.00</td>' in summary
    assert "$120,000.00" not in summary and "$30,000.00" not in summary


def test_the_directory_lists_organizations_with_an_active_award_only(client, officer):
    active = signed(OrganizationFactory(legal_name="Active Org"), officer=officer)
    closed = signed(OrganizationFactory(legal_name="Closed Org"), officer=officer)
    award_services.award_close(award=closed, by=officer, reason="Ended.")
    page = client.get(reverse("publishing:directory")).content.decode()

    assert "Active Org" in page and "Closed Org" not in page
    assert active.reference not in page  # the directory lists services, not agreements


def test_a_json_file_never_holds_a_withheld_grant_even_with_the_consent_of_another(client, nation, officer):
    other = indigenous_organization(legal_name="Consenting Nation", publication_consent_at=timezone.now())
    signed(other, officer=officer, fund="ILIF")

    grants = get_json(client, feed_url("json"))["grants"]

    assert [g["recipientOrganization"][0]["name"] for g in grants] == ["Consenting Nation"]
    assert "Waabanong" not in json.dumps(grants)
