"""The open-data files: the Government of Canada layout checked against its data dictionary, the 360Giving
packages against the standard's JSON Schema, amendments and terminations as each format wants them, and the
feeds' stable URLs with Last-Modified."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from grants.awards import services as award_services
from grants.kernel.timeutils import fiscal_year_label, fiscal_year_of, local
from grants.organizations.models import OrganizationType
from tests.factories import CallFactory, MembershipFactory, OrganizationFactory
from tests.grants.awards.award_factories import approved_quickly, award_for, close_call, terms_for
from tests.grants.publishing import gc_dictionary
from tests.grants.publishing.conftest import (
    confidential_organization,
    feed_url,
    get_csv,
    get_json,
    indigenous_organization,
    signed,
)

pytestmark = pytest.mark.django_db
SCHEMAS = Path(__file__).parent / "schemas"
GRANT_SCHEMA = json.loads((SCHEMAS / "360-giving-schema.json").read_text())
PACKAGE_SCHEMA = json.loads((SCHEMAS / "360-giving-package-schema.json").read_text())
GRANT_SCHEMA_URL = PACKAGE_SCHEMA["properties"]["grants"]["items"]["$ref"]


def schema_errors(package: dict) -> list[str]:
    """Every error of the package against the 360Giving package schema, the grant schema resolved offline;
    formats (date-time) checked."""
    registry = Registry().with_resource(GRANT_SCHEMA_URL, Resource.from_contents(GRANT_SCHEMA, DRAFT4))
    validator = Draft4Validator(PACKAGE_SCHEMA, registry=registry, format_checker=Draft4Validator.FORMAT_CHECKER)
    return [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(package)]


@pytest.fixture
def portfolio(officer):
    """A charity with a CRA number, a non-profit with an Ontario corporation number, a municipality, a shelter
    with a confidential location, and a consenting First Nation; one award amended, one closed early."""
    charity = OrganizationFactory(legal_name="Bright Path Charity", type=OrganizationType.CHARITY,
                                  registration_number="123456789RR0001", operating_name="Bright Path")
    nonprofit = OrganizationFactory(legal_name="Northern Lights Youth", registration_number="1234567")
    town = OrganizationFactory(legal_name="Town of Riverside", type=OrganizationType.MUNICIPALITY,
                               registration_number="")
    shelter = confidential_organization()
    nation = indigenous_organization(publication_consent_at=timezone.now())
    awards = {
        "charity": signed(charity, officer=officer, pillars=("awareness", "support"),
                          populations=("children-youth", "newcomers"), regions=("toronto", "central")),
        "nonprofit": signed(nonprofit, officer=officer, amount=Decimal("150000")),
        "town": signed(town, officer=officer, amount=Decimal("60000")),
        "shelter": signed(shelter, officer=officer, regions=("east",)),
        "nation": signed(nation, officer=officer, fund="ILIF", regions=("north-west",)),
    }
    amended = awards["nonprofit"]
    years = {year: amount - Decimal("5000") for year, amount in terms_for(amended.application).years.items()}
    award_services.award_amend(award=amended, by=officer, reason="Less outreach.", terms=terms_for(
        amended.application, years=years, difference_reason_en="The outreach is smaller.",
        difference_reason_fr="La sensibilisation est plus restreinte."))
    award_services.award_close(award=awards["town"], by=officer, reason="The project ended early.")
    return awards


def test_the_government_of_canada_file_follows_its_data_dictionary(client, portfolio):
    header, rows = get_csv(client, feed_url("csv"))

    assert gc_dictionary.problems(header, rows) == []
    by_key = {(row["agreement_number"], row["amendment_number"]): row for row in rows}
    charity = by_key[(portfolio["charity"].reference, "0")]
    assert charity["recipient_type"] == "N"
    assert charity["recipient_business_number"] == "123456789"
    assert charity["recipient_legal_name"] == "Bright Path Charity"
    assert charity["recipient_operating_name"] == "Bright Path"
    assert (charity["recipient_country"], charity["recipient_province"]) == ("CA", "ON")
    assert (charity["recipient_city"], charity["recipient_postal_code"]) == ("Toronto", "M5H 2N2")
    assert charity["prog_name_en"] == "Community Supports Fund"
    assert charity["prog_name_fr"] == "Fonds de soutien communautaire"
    assert charity["agreement_value"] == "100000.00"
    assert charity["agreement_start_date"] == local(timezone.now()).date().isoformat()
    assert charity["coverage"] == "Toronto; Central|Centre"
    assert "Raise awareness; Support survivors" in charity["expected_results_en"]
    assert "Sensibiliser\u00a0; Soutenir les personnes survivantes" in charity["expected_results_fr"]
    assert "Children and youth; Newcomers and migrant workers" in charity["description_en"]
    # An Ontario corporation number is not a CRA business number: the optional field stays empty.
    assert by_key[(portfolio["nonprofit"].reference, "0")]["recipient_business_number"] == ""
    assert by_key[(portfolio["town"].reference, "0")]["recipient_type"] == "G"
    assert by_key[(portfolio["nation"].reference, "0")]["recipient_type"] == "A"
    print("\nGovernment of Canada row:", json.dumps(charity, ensure_ascii=False, indent=1))


def test_an_amendment_is_a_row_with_the_whole_value_after_it(client, portfolio):
    _header, rows = get_csv(client, feed_url("csv"))

    reference = portfolio["nonprofit"].reference
    original, amended = (row for row in rows if row["agreement_number"] == reference)
    assert (original["amendment_number"], original["amendment_date"], original["agreement_value"]) == (
        "0", "", "150000.00")
    today = local(timezone.now()).date().isoformat()
    assert (amended["amendment_number"], amended["amendment_date"], amended["agreement_value"]) == (
        "1", today, "140000.00")


def test_an_award_closed_before_its_end_is_a_termination(client, portfolio):
    _header, rows = get_csv(client, feed_url("csv"))

    reference = portfolio["town"].reference
    original, termination = (row for row in rows if row["agreement_number"] == reference)
    today = local(timezone.now()).date().isoformat()
    assert original["agreement_termination_date"] == ""
    # Nothing was paid: the closure brought the agreement's value to what was paid.
    assert (termination["amendment_number"], termination["agreement_termination_date"],
            termination["agreement_value"]) == ("1", today, "0.00")


def test_the_360giving_packages_validate_against_the_standard(client, portfolio, settings):
    english = get_json(client, feed_url("json"))
    french = get_json(client, feed_url("fr.json"))

    assert schema_errors(english) == []
    assert schema_errors(french) == []
    grants = {grant["id"]: grant for grant in english["grants"]}
    charity = grants[f"360G-ONAHT-{portfolio['charity'].reference}"]
    assert charity["amountAwarded"] == 100000
    assert charity["amountAppliedFor"] == 100000
    assert charity["amountDisbursed"] == 0
    assert charity["currency"] == "CAD"
    assert charity["recipientOrganization"][0]["id"] == "CA-CRA_ACR-123456789"
    assert charity["recipientOrganization"][0]["charityNumber"] == "123456789RR0001"
    assert charity["fundingOrganization"] == [{"id": settings.OPEN_DATA_FUNDER_ID,
                                               "name": settings.OPEN_DATA_FUNDER_NAME}]
    assert charity["grantProgramme"] == [{"code": "CSF", "title": "Community Supports Fund"}]
    assert {c["code"] for c in charity["classifications"]} == {
        "awareness", "support", "children-youth", "newcomers"}
    assert charity["fromOpenCall"] == "Yes"
    # 360Giving updates a grant in place: the amended total, no amendment rows.
    assert grants[f"360G-ONAHT-{portfolio['nonprofit'].reference}"]["amountAwarded"] == 140000
    french_charity = next(g for g in french["grants"] if g["id"] == charity["id"])
    assert french_charity["grantProgramme"][0]["title"] == "Fonds de soutien communautaire"
    assert french_charity["beneficiaryLocation"] == [{"name": "Toronto", "countryCode": "CA"},
                                                     {"name": "Centre", "countryCode": "CA"}]
    print("\n360Giving grant:", json.dumps(charity, ensure_ascii=False, indent=1))


def test_a_grant_id_is_the_number_printed_on_the_agreement(client, portfolio):
    grants = get_json(client, feed_url("json"))["grants"]

    award = portfolio["charity"]
    printed = award.agreements.get().terms["reference"]
    assert f"360G-ONAHT-{printed}" in {grant["id"] for grant in grants}


def test_a_validator_that_accepts_anything_would_prove_nothing(client, portfolio):
    header, rows = get_csv(client, feed_url("csv"))
    broken = dict(rows[0], recipient_postal_code="M5H2N2", agreement_type="X", description_fr="",
                  recipient_business_number="012345678")
    package = get_json(client, feed_url("json"))
    package["grants"][0]["amountAwarded"] = "100000"

    assert len(gc_dictionary.problems(header, [broken])) == 4
    assert len(gc_dictionary.problems(list(reversed(header)), rows[:1])) == 1
    assert schema_errors(package)


def test_the_feeds_have_stable_year_urls_and_answer_if_modified_since(client, portfolio):
    year = fiscal_year_of(local(timezone.now()).date())
    by_year = reverse("publishing:feed", kwargs={"year": year, "fmt": "csv"})
    assert by_year == f"/open-data/{fiscal_year_label(year).replace('–', '-')}/grants.csv"

    first = client.get(by_year)
    again = client.get(by_year, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert first.status_code == 200
    assert first["Cache-Control"] == "no-cache"
    assert again.status_code == 304
    assert client.get(feed_url("json"))["Last-Modified"] == first["Last-Modified"]


def test_a_change_moves_last_modified_forward(client, portfolio, officer):
    url = feed_url("json")
    before = client.get(url)["Last-Modified"]

    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5)):
        award_services.payment_release(payment=portfolio["charity"].payments.get(number=1), by=officer,
                                       early_reason="The organization needs the advance to hire.")
        after = client.get(url, HTTP_IF_MODIFIED_SINCE=before)

    assert after.status_code == 200
    assert after["Last-Modified"] != before
    charity = next(g for g in json.loads(after.content)["grants"] if g["id"].endswith(portfolio["charity"].reference))
    assert charity["amountDisbursed"] > 0


@pytest.mark.parametrize("path", ["/open-data/2026-28/grants.csv", "/open-data/2999-00/grants.json",
                                  "/open-data/2010-11/grants.csv", "/open-data/current/grants.xml"])
def test_a_year_that_is_not_one_or_has_nothing_is_not_found(client, portfolio, path):
    assert client.get(path).status_code == 404


def test_an_empty_year_is_not_found_with_a_reason(client, db):
    response = client.get(feed_url("csv"))

    assert response.status_code == 404


def test_staff_download_a_fund_and_year(client, portfolio, officer):
    client.force_login(officer)
    year = fiscal_year_of(local(timezone.now()).date())

    export = reverse("publishing:staff_export", kwargs={"fmt": "csv"})
    header, rows = get_csv(client, f"{export}?fund=ILIF&year={year}")
    package = get_json(client, reverse("publishing:staff_export", kwargs={"fmt": "fr.json"}) + f"?fund=CSF&year={year}")

    assert gc_dictionary.problems(header, rows) == []
    assert {row["agreement_number"] for row in rows} == {portfolio["nation"].reference}
    assert schema_errors(package) == []
    assert portfolio["nation"].reference not in json.dumps(package)
    assert client.get(reverse("publishing:staff_export", kwargs={"fmt": "csv"}) + "?year=1850").status_code == 404


def test_an_amendment_before_the_signature_is_part_of_what_was_signed(client, officer):
    organization = OrganizationFactory(legal_name="Late Signer")
    owner = MembershipFactory(organization=organization).user
    call = close_call(CallFactory())
    application = approved_quickly(call=call, organization=organization, amount=Decimal("100000"))[0]
    award = award_for(application, officer=officer)
    years = {year: amount - Decimal("10000") for year, amount in terms_for(application).years.items()}
    award_services.award_amend(award=award, by=officer, reason="Smaller.", terms=terms_for(
        application, years=years, difference_reason_en="Smaller outreach.",
        difference_reason_fr="Sensibilisation plus restreinte."))
    award_services.agreement_accept(agreement=award.agreements.get(superseded_at__isnull=True), by=owner,
                                    signer_name="Sam Lee", signer_title="Director")

    _header, rows = get_csv(client, feed_url("csv"))

    [row] = [row for row in rows if row["agreement_number"] == award.reference]
    assert (row["amendment_number"], row["agreement_value"]) == ("0", "80000.00")
