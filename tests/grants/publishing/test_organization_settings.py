"""An organization's choices for the public directory and open data, and its view of what is published: in both
languages, before and after consenting."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from grants.kernel.models import AuditEntry
from grants.organizations.models import Membership, Organization
from tests.factories import MembershipFactory
from tests.grants.publishing.conftest import indigenous_organization, signed

pytestmark = pytest.mark.django_db


def test_an_owner_chooses_what_the_public_sees(client, applicant, organization):
    client.force_login(applicant)
    url = reverse("grants:organization_publication_edit", args=[organization.pk])

    response = client.post(url, {
        "location_confidential": "on", "public_description_en": "  Shelter for youth.  ",
        "public_description_fr": "Refuge pour les jeunes.", "public_phone": "416-555-0142",
        "public_email": "help@example.org", "public_website": "example.org",
    })

    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.location_confidential
    assert organization.public_description_en == "Shelter for youth."
    assert organization.public_website == "https://example.org"
    entry = AuditEntry.objects.get(action="organization.publication_updated")
    assert entry.details["fields"] == sorted([
        "location_confidential", "public_description_en", "public_description_fr", "public_email",
        "public_phone", "public_website"])


def test_a_bad_telephone_keeps_everything_typed(client, applicant, organization):
    client.force_login(applicant)

    response = client.post(reverse("grants:organization_publication_edit", args=[organization.pk]),
                           {"public_description_en": "Typed with care.", "public_phone": "call us"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a 10-digit telephone number" in page
    assert "Typed with care." in page and 'value="call us"' in page
    assert Organization.objects.get(pk=organization.pk).public_description_en == ""


def test_only_an_indigenous_organization_chooses_a_label_and_own_words_need_words(client):
    nation = indigenous_organization()
    owner = MembershipFactory(organization=nation, role=Membership.Role.OWNER).user
    client.force_login(owner)
    url = reverse("grants:organization_publication_edit", args=[nation.pk])

    assert "Inuit-led" in client.get(url).content.decode()
    response = client.post(url, {"public_label": "own_words"})
    assert "Write the label in your own words" in response.content.decode()
    client.post(url, {"public_label": "own_words", "public_label_fr": "Dirigé par les Anishinaabe"})
    assert Organization.objects.get(pk=nation.pk).public_label_fr == "Dirigé par les Anishinaabe"


def test_a_non_indigenous_organization_is_not_offered_a_label(client, applicant, organization):
    client.force_login(applicant)

    page = client.get(reverse("grants:organization_publication_edit", args=[organization.pk])).content.decode()

    assert "Inuit-led" not in page


def test_an_organization_sees_its_entry_and_rows_in_both_languages(client, program_officer):
    nation = indigenous_organization(public_description_en="Healing lodge.", public_description_fr="Pavillon.",
                                     public_label="first_nations_led")
    owner = MembershipFactory(organization=nation, role=Membership.Role.OWNER).user
    award = signed(nation, officer=program_officer, fund="ILIF", regions=("north-west",))
    client.force_login(owner)
    url = reverse("publishing:organization_publication", args=[nation.pk])

    before = html.unescape(client.get(url).content.decode())
    client.post(reverse("grants:organization_publication_consent", args=[nation.pk]), {"next": url})
    after = html.unescape(client.get(url).content.decode())

    for page in (before, after):
        assert "Healing lodge." in page and "Pavillon." in page
        assert "First Nations-led" in page
        assert award.reference in page
        assert '"addressRegion": "North West"' in page and '"addressRegion": "Nord-Ouest"' in page
        assert "Fonds pour les initiatives dirigées par des Autochtones" in page
    assert 'data-publication-status="withheld"' in before
    assert 'data-publication-status="published"' in after
    assert "consent given by" in after


def test_the_organization_page_links_to_what_is_published(client, applicant, organization):
    client.force_login(applicant)

    page = client.get(reverse("grants:organization_detail", args=[organization.pk])).content.decode()

    assert reverse("publishing:organization_publication", args=[organization.pk]) in page


def test_the_back_office_shows_the_consent_but_never_changes_it(login, program_officer):
    nation = indigenous_organization()
    client = login(program_officer)
    url = reverse("admin:grants_organization_change", args=[nation.pk])

    page = client.get(url).content.decode()

    assert "consent to publish given at" in page.lower()
    assert 'name="publication_consent_at' not in page
    assert 'name="location_confidential"' not in page


def test_staff_reach_the_open_data_files_from_the_portfolio(client, program_officer):
    client.force_login(program_officer)

    page = client.get(reverse("reporting:portfolio")).content.decode()

    assert reverse("publishing:staff_exports") in page
