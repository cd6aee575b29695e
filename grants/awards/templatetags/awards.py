"""Template helpers for decisions and awards: fiscal-year labels and the award panel of an application
page."""

from django import template
from django.utils import timezone

from grants.applications.enums import ApplicationStatus
from grants.applications.models import Application
from grants.awards.models import Award, Decision
from grants.kernel.timeutils import fiscal_year_label

register = template.Library()


@register.filter
def fiscal_year(value) -> str:
    return fiscal_year_label(int(value)) if value not in (None, "") else ""


@register.inclusion_tag("grants/awards/_application_panel.html", takes_context=True)
def award_panel(context, application: Application) -> dict:
    """What the application page shows about its decision and award: members see the decision and its reason,
    and the award, once the decision is released (before that, nothing at all); staff see the staged decision
    and the next step."""
    user = context["request"].user
    award = Award.objects.filter(application=application).first()
    is_staff = user.has_perm("grants.decide_application", application.call)
    decision = Decision.objects.filter(application=application).first()
    if not is_staff and not (decision and decision.is_released and application.is_decided):
        decision = None
    return {
        "application": application,
        "award": award if award and user.has_perm("grants.view_award", award) else None,
        "is_staff": is_staff,
        "decision": decision,
        "can_decide": is_staff
        and application.status in ApplicationStatus.DECIDABLE
        and application.call.closes_at < timezone.now(),
        "can_award": is_staff and award is None and application.status == ApplicationStatus.APPROVED,
    }
