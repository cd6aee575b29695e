"""Who may apply to a call: pure functions over plain data, one per rule of the call.

The anonymous check on a call's page (views/eligibility.py) and the wizard's steps (forms.py) both ask these
functions, so a visitor is never told one thing and the wizard another (tests/grants/applications/
test_eligibility.py runs both over the same generated answers). Each function returns the reason a person
reads, or None when the rule is met; a rule about something not answered yet is not decided.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from grants.kernel.money import format_money
from grants.kernel.timeutils import add_years
from grants.organizations.models import OrganizationType


@dataclass(frozen=True)
class CallRules:
    """A call's rules as plain values (read once from the call; nothing else is consulted)."""

    organization_types: tuple[str, ...]  # empty: any type
    requires_indigenous_led: bool
    min_request: Decimal
    max_request: Decimal
    max_term_years: int
    regions: dict[int, str]  # id -> name; empty: anywhere in Ontario

    @classmethod
    def of(cls, call) -> CallRules:
        return cls(
            organization_types=tuple(call.eligible_organization_types or ()),
            requires_indigenous_led=call.fund.requires_indigenous_led,
            min_request=call.min_request,
            max_request=call.max_request,
            max_term_years=call.max_term_years,
            regions={r.pk: r.name for r in call.regions.all()},
        )

    def type_labels(self) -> list[str]:
        labels = dict(OrganizationType.choices)
        return [str(labels[t]) for t in self.organization_types if t in labels]


@dataclass(frozen=True)
class Reason:
    rule: str  # "organization_type", "indigenous_led", "request", "term", "region"
    message: str


def organization_type_problem(rules: CallRules, organization_type: str | None) -> str | None:
    if not organization_type or not rules.organization_types or organization_type in rules.organization_types:
        return None
    return _("This call is open to: %(allowed)s.") % {"allowed": ", ".join(rules.type_labels())}


def indigenous_led_problem(rules: CallRules, indigenous_led: bool | None) -> str | None:
    if indigenous_led is None or not rules.requires_indigenous_led or indigenous_led:
        return None
    return _(
        "The Indigenous-led Initiatives Fund is open only to Indigenous-led organizations; the attestation is "
        "required."
    )


def request_problem(rules: CallRules, total: Decimal | None) -> str | None:
    if total is None or rules.min_request <= total <= rules.max_request:
        return None
    return _("The request totals %(total)s; this call funds between %(min)s and %(max)s.") % {
        "total": format_money(total), "min": format_money(rules.min_request), "max": format_money(rules.max_request)
    }


def term_problem(rules: CallRules, start: dt.date | None, end: dt.date | None) -> str | None:
    if start is None or end is None:
        return None
    if end <= start:
        return _("The end date must be after the start date.")
    limit = add_years(start, rules.max_term_years)
    if end >= limit:
        return _("This call funds projects of at most %(years)s years: end the project before %(limit)s.") % {
            "years": rules.max_term_years, "limit": limit.isoformat()
        }
    return None


def region_problem(rules: CallRules, region_ids: Iterable[int] | None) -> str | None:
    outside = [pk for pk in region_ids or () if rules.regions and pk not in rules.regions]
    if not outside:
        return None
    return _("This call funds projects in: %(regions)s.") % {"regions": ", ".join(sorted(rules.regions.values()))}


def reasons(
    rules: CallRules,
    *,
    organization_type: str | None = None,
    indigenous_led: bool | None = None,
    total: Decimal | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    region_ids: Iterable[int] | None = None,
) -> list[Reason]:
    """Every rule the answers break, in the order a person answers them; empty: they may apply."""
    found = [
        ("organization_type", organization_type_problem(rules, organization_type)),
        ("indigenous_led", indigenous_led_problem(rules, indigenous_led)),
        ("request", request_problem(rules, total)),
        ("term", term_problem(rules, start, end)),
        ("region", region_problem(rules, region_ids)),
    ]
    return [Reason(rule, message) for rule, message in found if message]
