"""360Giving JSON (ThreeSixtyGiving/standard, schema/360-giving-schema.json and its package schema): one grant
per award published one by one, with its current values (360Giving updates a grant in place where the
Government of Canada layout adds amendment rows), in one language per file.

Identifiers: a grant is `<360G prefix>-<agreement number>`, the number printed on the signed agreement, public by
nature; the portal never takes it as proof of anything (signing in needs an account, and staff and reviewers an
authenticator app). A recipient with a CRA business number is `CA-CRA_ACR-<number>`; one without is
`<360G prefix>-ORG-<id>`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings

from grants.publishing import texts
from grants.publishing.records import PublicGrant, Ref

PILLAR_VOCABULARY = "Ontario Anti-Human Trafficking Strategy pillar"
POPULATION_VOCABULARY = "Ontario Anti-Human Trafficking population served"


def _amount(value: Decimal) -> float:
    # JSON has no decimal type: amounts in cents survive the conversion exactly (shortest repr of a double).
    return float(value)


def _name(ref: Ref, language: str) -> str:
    return ref.fr if language == "fr" and ref.fr else ref.en


def recipient(grant: PublicGrant, language: str) -> dict:
    org = grant.recipient
    prefix = settings.OPEN_DATA_360G_PREFIX
    found = {
        "id": f"CA-CRA_ACR-{org.business_number}" if org.business_number else f"{prefix}-ORG-{org.organization_id}",
        "name": org.legal_name,
        "addressRegion": _name(org.region, language),
        "addressCountry": "Canada",
    }
    if org.operating_name:
        found["alternateName"] = org.operating_name
    if org.charity_number:
        found["charityNumber"] = org.charity_number
    if org.city:  # a confidential location publishes its region only
        found["addressLocality"] = org.city
    if org.postal_code:
        found["postalCode"] = org.postal_code
    return found


def grant_record(grant: PublicGrant, language: str) -> dict:
    record = {
        "id": f"{settings.OPEN_DATA_360G_PREFIX}-{grant.agreement_number}",
        "title": texts.in_language(language, texts.title, grant),
        "description": texts.in_language(language, texts.description, grant),
        "currency": "CAD",
        "amountAwarded": _amount(grant.value),
        "amountAppliedFor": _amount(grant.requested),
        "amountDisbursed": _amount(grant.disbursed),
        "awardDate": (grant.decided_on or grant.signed_on).isoformat(),
        "plannedDates": [{"startDate": grant.start_date.isoformat(), "endDate": grant.end_date.isoformat()}],
        "recipientOrganization": [recipient(grant, language)],
        "fundingOrganization": [{"id": settings.OPEN_DATA_FUNDER_ID, "name": settings.OPEN_DATA_FUNDER_NAME}],
        "grantProgramme": [{"code": grant.fund.ref.code, "title": _name(grant.fund.ref, language)}],
        "fromOpenCall": "Yes",
        "dateModified": grant.modified.isoformat(),
    }
    if grant.regions_served:
        record["beneficiaryLocation"] = [
            {"name": _name(ref, language), "countryCode": "CA"} for ref in grant.regions_served
        ]
    classifications = [
        {"vocabulary": PILLAR_VOCABULARY, "code": ref.code, "title": _name(ref, language)} for ref in grant.pillars
    ] + [
        {"vocabulary": POPULATION_VOCABULARY, "code": ref.code, "title": _name(ref, language)}
        for ref in grant.populations
    ]
    if classifications:
        record["classifications"] = classifications
    return record


def package(
    grants: Iterable[PublicGrant], *, language: str, title: str, modified: dt.datetime | None, url: str
) -> dict:
    """A 360Giving data package of the grants published one by one."""
    found = {
        "grants": [grant_record(g, language) for g in grants if g.is_individual and not g.withheld],
        "title": title,
        "publisher": {"name": settings.OPEN_DATA_FUNDER_NAME, "identifier": settings.OPEN_DATA_FUNDER_ID},
        "license": settings.OPEN_DATA_LICENCE_URL,
        "downloadURL": url,
    }
    if modified:
        found["modified"] = modified.isoformat()
    return found
