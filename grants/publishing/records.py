"""The public record of an award and of a funded service: only what may be published, built from plain values
read by the selectors (never from a model instance, so that no free text of an application, a report or an
indicator can reach a public output by accident).

The safety rule lives here: a confidential service location leaves the region and nothing finer (no city, no
postal code, no address), in every output.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from grants.kernel.language import is_french
from grants.organizations.models import OrganizationType, PublicLabel

# A CRA business number (nine digits, never starting with 0), alone or with its program account (RR, RC...).
BUSINESS_NUMBER = re.compile(r"([1-9]\d{8})(?:R[A-Z]\d{4})?")
CHARITY_NUMBER = re.compile(r"[1-9]\d{8}RR\d{4}")


@dataclass(frozen=True)
class Ref:
    """A bilingual name from a reference list (fund, region, pillar, population)."""

    code: str
    en: str
    fr: str

    @property
    def name(self) -> str:
        return (self.fr or self.en) if is_french() else self.en

    @property
    def both(self) -> str:
        """ "English|French" as the Government of Canada layout writes a bilingual value."""
        return self.en if self.fr in ("", self.en) else f"{self.en}|{self.fr}"


@dataclass(frozen=True)
class Recipient:
    organization_id: int
    legal_name: str
    operating_name: str
    type: str
    registration_number: str
    indigenous: bool
    confidential: bool
    city: str  # "" when the location is confidential
    postal_code: str  # "" when the location is confidential
    region: Ref

    @property
    def business_number(self) -> str:
        """The nine-digit CRA business number when the registration number is one, else ""."""
        match = BUSINESS_NUMBER.fullmatch(self.registration_number or "")
        return match.group(1) if match else ""

    @property
    def charity_number(self) -> str:
        return self.registration_number if CHARITY_NUMBER.fullmatch(self.registration_number or "") else ""

    @property
    def is_government(self) -> bool:
        return self.type == OrganizationType.MUNICIPALITY


def recipient_from(row: dict, prefix: str = "") -> Recipient:
    """The recipient as it may be published: a confidential location keeps only its region."""
    confidential = row[f"{prefix}location_confidential"]
    return Recipient(
        organization_id=row[f"{prefix}id"],
        legal_name=row[f"{prefix}legal_name"],
        operating_name=row[f"{prefix}operating_name"],
        type=row[f"{prefix}type"],
        registration_number=row[f"{prefix}registration_number"],
        indigenous=row[f"{prefix}is_indigenous"],
        confidential=confidential,
        city="" if confidential else row[f"{prefix}city"].strip(),
        postal_code="" if confidential else row[f"{prefix}postal_code"],
        region=Ref(row[f"{prefix}region__code"], row[f"{prefix}region__name_en"], row[f"{prefix}region__name_fr"]),
    )


@dataclass(frozen=True)
class Version:
    """The agreement as it stood from one amendment on (number 0: as first signed)."""

    number: int
    date: dt.date
    value: Decimal
    start_date: dt.date
    end_date: dt.date
    terminated_on: dt.date | None = None


@dataclass(frozen=True)
class Fund:
    ref: Ref
    purpose_en: str
    purpose_fr: str


@dataclass(frozen=True)
class PublicGrant:
    award_id: int
    agreement_number: str
    fund: Fund
    recipient: Recipient
    value: Decimal
    requested: Decimal
    disbursed: Decimal
    signed_on: dt.date
    decided_on: dt.date | None
    start_date: dt.date
    end_date: dt.date
    modified: dt.datetime
    withheld: bool  # an Indigenous organization's award without its consent: shown to the organization only
    versions: tuple[Version, ...] = ()
    pillars: tuple[Ref, ...] = ()
    populations: tuple[Ref, ...] = ()
    regions_served: tuple[Ref, ...] = ()

    @property
    def is_individual(self) -> bool:
        """Published grant by grant when the agreement was ever worth more than the threshold (a termination
        that brings it to what was paid keeps it listed); smaller ones only in the suppressed summary."""
        return max([self.value, *(v.value for v in self.versions)]) > settings.OPEN_DATA_INDIVIDUAL_THRESHOLD


def versions_of(
    *,
    value: Decimal,
    start_date: dt.date,
    end_date: dt.date,
    signed_at: dt.datetime,
    signed_on: dt.date,
    amendments: list[dict],
    closed_on: dt.date | None,
) -> tuple[Version, ...]:
    """The agreement as signed (number 0), then after each later amendment, numbered from 1: its whole value
    and term after it, from the amendments' recorded changes. An amendment made before the first signature is
    part of what was signed. A closure before the end of the term is a termination: the amendment the closure
    wrote carries its date, or a row of its own follows when the closure changed no amount."""
    later = [a for a in amendments if a["created_at"] > signed_at]
    first_before: dict[str, str] = {}
    for amendment in later:
        for name in ("start_date", "end_date"):
            if name in amendment["changes"] and name not in first_before:
                first_before[name] = amendment["changes"][name]["before"]
    state = {
        "value": later[0]["previous_total"] if later else value,
        "start_date": dt.date.fromisoformat(first_before["start_date"]) if "start_date" in first_before else start_date,
        "end_date": dt.date.fromisoformat(first_before["end_date"]) if "end_date" in first_before else end_date,
    }
    versions = [Version(0, signed_on, **state)]
    for number, amendment in enumerate(later, start=1):
        state["value"] = amendment["new_total"]
        for name in ("start_date", "end_date"):
            if name in amendment["changes"]:
                state[name] = dt.date.fromisoformat(amendment["changes"][name]["after"])
        versions.append(Version(number, amendment["date"], **state))
    terminated = closed_on is not None and closed_on < versions[-1].end_date
    if terminated and later and later[-1]["at_closure"]:
        last = versions.pop()
        versions.append(Version(last.number, last.date, last.value, last.start_date, last.end_date, closed_on))
    elif terminated:
        last = versions[-1]
        versions.append(
            Version(last.number + 1, closed_on, last.value, last.start_date, last.end_date, closed_on)
        )
    return tuple(versions)


@dataclass
class ServiceEntry:
    """One organization in the public directory, as the organization chose to present it."""

    organization_id: int
    name: str
    description_en: str
    description_fr: str
    phone: str
    email: str
    website: str
    label_choice: str
    label_en: str
    label_fr: str
    city: str  # "" when the location is confidential
    region: Ref
    confidential: bool
    funds: list[Ref] = field(default_factory=list)
    pillars: list[Ref] = field(default_factory=list)
    populations: list[Ref] = field(default_factory=list)
    regions_served: list[Ref] = field(default_factory=list)

    @property
    def description(self) -> str:
        if is_french():
            return self.description_fr or self.description_en
        return self.description_en or self.description_fr

    @property
    def description_lang(self) -> str:
        """The language the description is shown in, when it is not the page's (for the lang attribute)."""
        if is_french():
            return "en" if not self.description_fr and self.description_en else ""
        return "fr" if not self.description_en and self.description_fr else ""

    @property
    def label(self) -> str:
        if self.label_choice == PublicLabel.OWN_WORDS:
            return (self.label_fr or self.label_en) if is_french() else (self.label_en or self.label_fr)
        return str(PublicLabel(self.label_choice).label) if self.label_choice else ""
