"""What a reviewer may read of an application. With blind review on, the applicant organization's
name, its people and their contact details are left out or masked everywhere a reviewer can reach.

Masking looks for what people actually write, not only the exact strings on file:
- the organization's names in any case, spacing, punctuation or hyphenation ("Safe-Harbour", "SAFE HARBOUR's",
  "SafeHarbour"), any two or more of their words in a row, their initials ("SHYS", "S.H.Y.S."), and each
  distinctive word of them written as a name (capitalized: "Harbour", not "harbour");
- web domains with or without "https://" or "www." (the organization's and any other), e-mail addresses;
- registration and telephone numbers with any separators, any postal code, the street address with its type
  abbreviated or not ("77 Quokka Ln."), and the street named without its number;
- members' and contacts' names, together in any case, and each first or last name written as a name.
Uploaded files are offered under neutral names, but their contents are not rewritten (the call's set-up page
says so where blind review is switched on).
"""

from __future__ import annotations

import copy
import functools
import re
import unicodedata

from django.utils.translation import gettext as _

from grants.applications.models import Application
from grants.conversations.selectors import answered_clarifications

# Sections of the snapshot that are about who applies rather than what is proposed.
IDENTITY_SECTIONS = {"organization", "declarations"}
EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
URL = r"(?:https?://|www\.)\S+"
DOMAIN = r"(?<![\w@.-])(?:[a-z0-9-]+\.)+(?:ca|com|org|net|info|biz|io|co|us|app|online|site)(?![\w-])"
PHONE = r"(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?:\s*(?:x|ext\.?)\s*\d{1,6})?"
POSTAL_CODE = r"(?<![a-z0-9])[a-z]\d[a-z][\s-]?\d[a-z]\d(?![a-z0-9])"
# Between the words of a name as people write it: nothing, spaces, a hyphen, an apostrophe, a dot, "&"...
SEPARATOR = r"[\W_]{0,3}"
IDENTITY_FIELDS = {
    "legal_name",
    "registration_number",
    "street_address",
    "postal_code",
    "contact_name",
    "contact_email",
    "contact_phone",
    "signatory_name",
}
# Words of organization names that say what it is, not who: masked only as part of the name.
GENERIC_WORDS = frozenset(
    """
    the of and for in on at to a an de du des la le les et pour au aux en d l
    inc incorporated ltd limited corp corporation co company society societe association assoc organization
    organisation services service centre center community communities communautaire youth women womens men
    family families children child foundation fondation network reseau coalition collective council conseil
    group groupe agency agence project projet program programme house maison shelter refuge support supports
    help aide friendship first nation nations metis inuit indigenous autochtone autochtones native ontario
    canada canadian toronto city town village region regional county district municipality canton services
    """.split()
)
STREET_TYPES = [
    ("street", "st", "str", "rue"),
    ("avenue", "ave", "av"),
    ("road", "rd", "chemin", "ch"),
    ("lane", "ln"),
    ("boulevard", "blvd", "boul", "bd"),
    ("drive", "dr"),
    ("court", "ct"),
    ("crescent", "cres", "cr"),
    ("place", "pl"),
    ("terrace", "terr", "tce"),
    ("highway", "hwy"),
    ("parkway", "pkwy"),
    ("circle", "cir"),
    ("square", "sq"),
    ("trail", "trl"),
    ("way",),
    ("line",),
    ("concession", "conc"),
    ("sideroad", "sdrd"),
    ("route", "rte"),
    ("promenade", "prom"),
]
STREET_WORDS = {word for forms in STREET_TYPES for word in forms}
LINKING_WORDS = frozenset("the of and for de du des la le les et pour d l".split())  # not in initials
DIRECTIONS = {"north", "n", "south", "s", "east", "e", "west", "w", "nord", "sud", "est", "ouest", "o"}


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


def _letters(word: str) -> str:
    """A word as a pattern that also takes it without its accents ("Montréal" or "Montreal")."""
    out = []
    for char in word:
        base = _fold(char)
        out.append(f"[{re.escape(char)}{re.escape(base)}]" if base and base != char.lower() else re.escape(char))
    return "".join(out)


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text or "")


def _whole(pattern: str) -> str:
    return rf"(?<![^\W_]){pattern}(?![^\W_])"


def _as_name(word: str) -> str:
    """A single word written as a name: Capitalized or in capitals, so that "harbour" in a sentence stays."""
    return _whole(f"(?:{_letters(word[:1].upper() + word[1:].lower())}|{_letters(word.upper())})")


def _name_patterns(name: str) -> tuple[list[str], list[str]]:
    """(case-insensitive, case-sensitive) patterns for an organization's name."""
    words = _words(name)
    runs = [words] if len(words) == 1 and len(words[0]) >= 3 else []
    runs += [
        words[start:end]
        for start in range(len(words))
        for end in range(start + 2, len(words) + 1)
        if not all(_fold(w) in GENERIC_WORDS for w in words[start:end]) and len("".join(words[start:end])) >= 4
    ]
    runs.sort(key=len, reverse=True)  # the whole name before a part of it, where both start
    proper = [_as_name(w) for w in words if len(w) >= 4 and _fold(w) not in GENERIC_WORDS and not w.isdigit()]
    initials = [w[0].upper() for w in words if _fold(w) not in LINKING_WORDS]
    if len(initials) >= 3:
        proper.append(_whole(r"\.?".join(re.escape(i) for i in initials) + r"\.?"))
    return [_whole(SEPARATOR.join(_letters(w) for w in run)) for run in runs], proper


def _number_patterns(number: str) -> list[str]:
    """A registration or telephone number with any separators between its characters."""
    chars = [c for c in number or "" if c.isalnum()]
    patterns = []
    if len(chars) == 11 and chars[0] == "1":  # a telephone number with its country code
        chars = chars[1:]
    if len(chars) >= 6:
        patterns.append(_whole(r"[\W_]*".join(re.escape(c) for c in chars)))
    if len(chars) > 9 and all(c.isdigit() for c in chars[:9]):  # a business number within a charity number
        patterns.append(_whole(r"[\W_]*".join(chars[:9])))
    return patterns


def _street_type(word: str) -> str | None:
    folded = _fold(word)
    for forms in STREET_TYPES:
        if folded in forms:
            return "(?:" + "|".join(sorted(forms, key=len, reverse=True)) + r")\.?"
    return None


def _address_patterns(address: str) -> list[str]:
    """"77 Quokka Lane" as "77 Quokka Ln.", "77, Quokka Lane", "Quokka Lane"; "12, rue Principale" alike."""
    words = _words(address)
    numbers = [w for w in words if any(c.isdigit() for c in w)]
    kinds = [t for t in (_street_type(w) for w in words) if t]
    core = [w for w in words if w not in numbers and _fold(w) not in STREET_WORDS and _fold(w) not in DIRECTIONS]
    if not core:
        return []
    name = SEPARATOR.join(_letters(w) for w in core)
    kind = f"(?:{'|'.join(kinds)})" if kinds else r"[^\W\d_]{1,10}\.?"
    # Without its number, the street is masked with its type only ("Queen Street", not every "Queen").
    patterns = [_whole(rf"(?:{kind}[\W_]{{1,3}}{name}|{name}[\W_]{{1,3}}{kind})")] if kinds else []
    if numbers:
        number = re.escape(numbers[0])
        patterns.insert(0, _whole(rf"{number}[\W_]{{1,3}}(?:{kind}[\W_]{{1,3}})?{name}(?:[\W_]{{1,3}}{kind})?"))
    return patterns


def _domains(addresses) -> set[str]:
    hosts = set()
    for value in addresses:
        value = (value or "").strip().lower()
        host = value.rsplit("@", 1)[-1] if "@" in value else re.sub(r"^[a-z]+://", "", value).split("/")[0]
        host = host.split(":")[0].removeprefix("www.")
        if "." in host:
            hosts.add(host)
    return hosts


class Masker:
    """The patterns of one application's identity, compiled once; `mask` replaces each find with "[withheld]"."""

    def __init__(self, *, names=(), numbers=(), addresses=(), people=(), emails=()):
        insensitive, sensitive = [EMAIL, URL], []
        insensitive += [rf"(?<![\w.-])(?:[a-z0-9-]+\.)*{re.escape(d)}(?![\w-])" for d in _domains(emails)]
        insensitive.append(DOMAIN)
        for address in addresses:
            insensitive += _address_patterns(address)
        for name in names:
            runs, proper = _name_patterns(name)
            insensitive += runs
            sensitive += proper
        for number in numbers:
            insensitive += _number_patterns(number)
        insensitive += [PHONE, POSTAL_CODE]
        for person in people:
            words = [w for w in _words(person) if len(w) >= 2]
            if len(words) >= 2:
                insensitive.append(_whole(SEPARATOR.join(_letters(w) for w in words)))
            sensitive += [_as_name(w) for w in words]
        alternatives = [f"(?i:{p})" for p in insensitive] + [f"(?:{p})" for p in sensitive]
        self.pattern = re.compile("|".join(alternatives))

    def mask(self, text: str) -> str:
        if not text:
            return text
        return self.pattern.sub(_("[withheld]"), text)


def masker_for(application: Application, *, people: bool = True) -> Masker:
    """The masker of everything that identifies the applicant: the organization's record, what the snapshot
    says about it, and (with `people`) its members."""
    org = application.organization
    found = {name: [] for name in IDENTITY_FIELDS}
    for section in (application.snapshot or {}).get("sections", []):
        for field in section.get("fields", []):
            if field.get("name") in found:
                found[field["name"]].append(field.get("value_en", ""))
    persons = [*found["contact_name"], *found["signatory_name"]]
    emails = [org.email, org.website, *found["contact_email"]]
    if people:
        for membership in org.memberships.select_related("user"):
            persons.append(membership.user.get_full_name())
            emails.append(membership.user.email)
    return Masker(
        names=[org.legal_name, org.operating_name, *found["legal_name"]],
        numbers=[org.registration_number, org.phone, *found["registration_number"], *found["contact_phone"]],
        addresses=[org.street_address, *found["street_address"]],
        people=[p for p in persons if p],
        emails=emails,
    )


@functools.lru_cache(maxsize=256)
def _names_masker(legal_name: str, operating_name: str) -> Masker:
    return Masker(names=[legal_name, operating_name])


def title_for_reviewer(application: Application, *, blind: bool) -> str:
    """The project title; masked of the organization's names when blind (no extra query, lists call it per row)."""
    if not blind:
        return application.title
    org = application.organization
    return _names_masker(org.legal_name, org.operating_name).mask(application.title)


def reviewer_snapshot(application: Application, *, blind: bool) -> dict:
    """The frozen snapshot as this reviewer may read it. Documents are listed apart, with their links
    (scoring.documents), so their section is left out."""
    snapshot = copy.deepcopy(application.snapshot or {})
    snapshot["sections"] = [s for s in snapshot.get("sections", []) if s.get("step") != "documents"]
    if not blind:
        return snapshot
    masker = masker_for(application)
    snapshot.pop("organization", None)
    snapshot.pop("documents", None)
    snapshot["sections"] = [s for s in snapshot.get("sections", []) if s.get("step") not in IDENTITY_SECTIONS]
    for section in snapshot["sections"]:
        for field in section.get("fields", []):
            for key in ("value_en", "value_fr"):
                field[key] = masker.mask(field.get(key, ""))
    return snapshot


def reviewer_clarifications(application: Application, *, blind: bool) -> list[dict]:
    """The answered clarification requests, read after the snapshot (which they never change), masked as it is
    under blind review. Only the question and the answer's text: the conversation and its files stay with staff."""
    rows = answered_clarifications(application_id=application.pk)
    masker = masker_for(application) if blind and rows else None
    return [
        {
            "question": masker.mask(c.question) if masker else c.question,
            "answer": masker.mask(c.answer) if masker else c.answer,
            "answered_at": c.answered_at,
        }
        for c in rows
    ]
