"""Government of Canada proactive disclosure of grants and contributions: one row per agreement as signed
(amendment 0) and one per amendment, each with the agreement's whole value after it, in the field order of the
data dictionary (open-data/ckanext-canada, ckanext/canada/tables/grants.yaml). A fiscal year's file holds the
rows dated in it: new agreements, amendments and terminations.

Bilingual fields are in both languages, "English|French" where the dictionary asks for it. A confidential
location gives the region as the city and no postal code (the dictionary allows the postal code to be left
blank for privacy).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from grants.kernel.timeutils import fiscal_year_of
from grants.organizations.models import OrganizationType
from grants.publishing import texts
from grants.publishing.records import PublicGrant, Version

FIELDS = (
    "agreement_number", "amendment_number", "amendment_date", "agreement_type", "agreement_title_en",
    "agreement_title_fr", "recipient_type", "recipient_business_number", "recipient_legal_name",
    "recipient_operating_name", "research_organization_name", "recipient_country", "recipient_province",
    "recipient_city", "recipient_postal_code", "federal_riding_name_en", "federal_riding_name_fr",
    "federal_riding_number", "prog_name_en", "prog_name_fr", "prog_purpose_en", "prog_purpose_fr",
    "alternate_agreement_number", "agreement_value", "foreign_currency_type", "foreign_currency_value",
    "agreement_start_date", "agreement_end_date", "agreement_termination_date", "coverage", "description_en",
    "description_fr", "naics_identifier", "expected_results_en", "expected_results_fr",
    "additional_information_en", "additional_information_fr",
)
# Payments wait for accepted reports and a holdback: a conditional transfer, a contribution in the federal
# vocabulary (G grant, C contribution, O other).
AGREEMENT_TYPE = "C"


def recipient_type(grant: PublicGrant) -> str:
    """The dictionary's code list: A Indigenous recipients, N not-for-profit organizations and charities,
    G government, O other."""
    recipient = grant.recipient
    if recipient.indigenous:
        return "A"
    if recipient.type in (OrganizationType.NON_PROFIT, OrganizationType.CHARITY):
        return "N"
    if recipient.is_government:
        return "G"
    return "O"


def row(grant: PublicGrant, version: Version) -> dict[str, object]:
    recipient = grant.recipient
    values = dict.fromkeys(FIELDS, "")
    values.update(
        agreement_number=grant.agreement_number,
        amendment_number=version.number,
        amendment_date=version.date.isoformat() if version.number else "",
        agreement_type=AGREEMENT_TYPE,
        agreement_title_en=texts.in_language("en", texts.title, grant),
        agreement_title_fr=texts.in_language("fr", texts.title, grant),
        recipient_type=recipient_type(grant),
        recipient_business_number=recipient.business_number,
        recipient_legal_name=recipient.legal_name,
        recipient_operating_name=recipient.operating_name,
        recipient_country="CA",
        recipient_province="ON",
        recipient_city=recipient.city or recipient.region.both,
        recipient_postal_code=recipient.postal_code,
        prog_name_en=grant.fund.ref.en,
        prog_name_fr=grant.fund.ref.fr,
        prog_purpose_en=texts.in_language("en", texts.purpose, grant),
        prog_purpose_fr=texts.in_language("fr", texts.purpose, grant),
        agreement_value=version.value,
        agreement_start_date=grant.signed_on.isoformat(),
        agreement_end_date=version.end_date.isoformat(),
        agreement_termination_date=version.terminated_on.isoformat() if version.terminated_on else "",
        coverage="; ".join(ref.both for ref in grant.regions_served),
        description_en=texts.in_language("en", texts.description, grant),
        description_fr=texts.in_language("fr", texts.description, grant),
        expected_results_en=texts.in_language("en", texts.expected_results, grant),
        expected_results_fr=texts.in_language("fr", texts.expected_results, grant),
    )
    return values


def rows(grants: Iterable[PublicGrant], *, fiscal_year: int | None = None) -> Iterator[dict[str, object]]:
    """The rows of the grants published one by one; with a fiscal year, only the rows dated in it."""
    for grant in grants:
        if not grant.is_individual or grant.withheld:
            continue
        for version in grant.versions:
            if fiscal_year is None or fiscal_year_of(version.date) == fiscal_year:
                yield row(grant, version)


def table(grants: Iterable[PublicGrant], *, fiscal_year: int | None = None) -> Iterator[list]:
    """The CSV: the dictionary's field names, then one list per row."""
    yield list(FIELDS)
    for values in rows(grants, fiscal_year=fiscal_year):
        yield [values[name] for name in FIELDS]

