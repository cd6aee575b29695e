"""Reads for call set-up: the calls staff set up, and what a call still lacks before it can be published."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants.applications.models import Call
from grants.awards.models import AwardYear, CallYearEnvelope
from grants.kernel.timeutils import fiscal_year_label
from scoring.models import Criterion, Rubric

# Each bilingual text of a call and of a criterion, with how the list of problems names it.
CALL_TEXTS = {"title": gettext_lazy("the title"), "guidelines": gettext_lazy("the guidelines")}


def calls_for_setup() -> QuerySet[Call]:
    """Every call, the latest first, with what the list shows of its set-up."""
    return (
        Call.objects.select_related("fund")
        .annotate(
            criterion_count=Count("rubric__criteria", distinct=True),
            document_type_count=Count("required_document_types", distinct=True),
        )
        .order_by("-opens_at", "-pk")
    )


def rubric_criteria(*, call: Call) -> list[Criterion]:
    return list(Criterion.objects.filter(rubric__call=call))


def rubric_of(*, call: Call) -> Rubric | None:
    return Rubric.objects.filter(call=call).first()


def year_envelopes(*, call: Call) -> list[CallYearEnvelope]:
    """The call's fiscal-year limits, each with what awards already commit in that year."""
    committed = committed_by_year(call=call)
    envelopes = list(CallYearEnvelope.objects.filter(call=call).order_by("fiscal_year"))
    for envelope in envelopes:
        envelope.committed = committed.get(envelope.fiscal_year, Decimal(0))
        envelope.label = fiscal_year_label(envelope.fiscal_year)
    return envelopes


def committed_by_year(*, call: Call) -> dict[int, Decimal]:
    """What the call's awards commit, by fiscal year."""
    rows = (
        AwardYear.objects.filter(award__application__call=call)
        .values("fiscal_year")
        .annotate(total=Sum("amount"))
    )
    return {row["fiscal_year"]: row["total"] for row in rows}


def call_problems(*, call: Call, now: dt.datetime | None = None) -> list[str]:
    """What keeps the call from being published, in words; empty when it is complete."""
    now = now or timezone.now()
    problems = []
    for field, name in CALL_TEXTS.items():
        problems += _missing_languages(call, field, name)
    if call.closes_at <= call.opens_at:
        problems.append(_("The call must close after it opens."))
    if call.closes_at <= now:
        problems.append(_("The closing time has passed: choose a closing time in the future."))
    if call.max_request <= 0:
        problems.append(_("Enter a maximum request above zero."))
    if call.envelope <= 0:
        problems.append(_("Enter the call's envelope (its total budget)."))
    if not call.required_document_types.exists():
        problems.append(_("Choose at least one document type applicants must attach."))
    if CallYearEnvelope.objects.filter(call=call, amount__gt=call.envelope).exists():
        problems.append(_("A fiscal-year envelope is larger than the call's envelope."))
    problems += rubric_problems(criteria=rubric_criteria(call=call))
    return problems


def rubric_problems(*, criteria: list[Criterion]) -> list[str]:
    """A rubric reviewers can score against: at least one criterion, each named and described in both
    languages, with a positive weight and one line of guidance per score in each language."""
    if not criteria:
        return [_("Add at least one criterion to the rubric.")]
    problems = []
    for number, criterion in enumerate(criteria, start=1):
        name = _("criterion %(number)s") % {"number": number}
        problems += _missing_languages(criterion, "name", _("the name of %(c)s") % {"c": name})
        if criterion.description_en or criterion.description_fr:
            problems += _missing_languages(
                criterion, "description", _("the description of %(c)s") % {"c": name}
            )
        problems += _missing_languages(criterion, "guidance", _("the guidance of %(c)s") % {"c": name})
        if criterion.weight <= 0:
            problems.append(_("Give %(c)s a weight above zero.") % {"c": name})
        expected = criterion.scale_max - criterion.scale_min + 1
        for field, message in (
            ("guidance_en", _("The English guidance of %(c)s has %(found)s lines; it needs %(expected)s.")),
            ("guidance_fr", _("The French guidance of %(c)s has %(found)s lines; it needs %(expected)s.")),
        ):
            lines = criterion._lines(getattr(criterion, field))
            if lines and len(lines) != expected:
                problems.append(message % {"c": name, "found": len(lines), "expected": expected})
    return problems


def _missing_languages(obj, field: str, name: str) -> list[str]:
    messages = {"en": _("Write %(what)s in English."), "fr": _("Write %(what)s in French.")}
    return [
        message % {"what": name} for suffix, message in messages.items()
        if not (getattr(obj, f"{field}_{suffix}") or "").strip()
    ]
