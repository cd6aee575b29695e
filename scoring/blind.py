"""What a reviewer may read of an application. With blind review on, the applicant organization's
name, its people and their contact details are left out or masked everywhere a reviewer can reach."""

from __future__ import annotations

import copy
import re

from django.utils.translation import gettext as _

from grants.applications.models import Application

# Sections of the snapshot that are about who applies rather than what is proposed.
IDENTITY_SECTIONS = {"organization", "declarations"}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(
    r"(\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(\s*(x|ext\.?)\s*\d{1,6})?", re.IGNORECASE
)
URL = re.compile(r"(https?://|www\.)\S+", re.IGNORECASE)
IDENTITY_FIELDS = {
    "legal_name",
    "registration_number",
    "street_address",
    "contact_name",
    "contact_email",
    "contact_phone",
    "signatory_name",
}


def identity_terms(application: Application, *, people: bool = True) -> list[str]:
    """Strings that identify the applicant: names, addresses and numbers, longest first."""
    org = application.organization
    terms = {
        org.legal_name,
        org.operating_name,
        org.street_address,
        org.registration_number,
        org.email,
        org.website,
    }
    for section in (application.snapshot or {}).get("sections", []):
        for field in section.get("fields", []):
            if field.get("name") in IDENTITY_FIELDS:
                terms.add(field.get("value_en", ""))
    if people:
        for membership in org.memberships.select_related("user"):
            terms.update({membership.user.get_full_name(), membership.user.email})
    return sorted((t.strip() for t in terms if t and len(t.strip()) >= 3), key=len, reverse=True)


def redact(text: str, terms: list[str]) -> str:
    if not text:
        return text
    withheld = _("[withheld]")
    if terms:
        text = re.sub("|".join(re.escape(t) for t in terms), withheld, text, flags=re.IGNORECASE)
    for pattern in (EMAIL, URL, PHONE):
        text = pattern.sub(withheld, text)
    return text


def title_for_reviewer(application: Application, *, blind: bool) -> str:
    """The project title; masked of the organization's names when blind (no extra query)."""
    if not blind:
        return application.title
    org = application.organization
    return redact(application.title, [t for t in (org.legal_name, org.operating_name) if t and len(t) >= 3])


def reviewer_snapshot(application: Application, *, blind: bool) -> dict:
    """The frozen snapshot as this reviewer may read it. Documents are listed apart, with their links
    (scoring.documents), so their section is left out."""
    snapshot = copy.deepcopy(application.snapshot or {})
    snapshot["sections"] = [s for s in snapshot.get("sections", []) if s.get("step") != "documents"]
    if not blind:
        return snapshot
    terms = identity_terms(application)
    snapshot.pop("organization", None)
    snapshot.pop("documents", None)
    snapshot["sections"] = [s for s in snapshot.get("sections", []) if s.get("step") not in IDENTITY_SECTIONS]
    for section in snapshot["sections"]:
        for field in section.get("fields", []):
            for key in ("value_en", "value_fr"):
                field[key] = redact(field.get(key, ""), terms)
    return snapshot
