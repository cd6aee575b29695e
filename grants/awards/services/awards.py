"""Awarding an approved application, and amending the award: both take AwardTerms, check them with
check_terms() and the envelope with the call's row locked, write the plan and a new version of the agreement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.applications.enums import ApplicationStatus
from grants.applications.models import Application, Call
from grants.awards import notifications
from grants.awards.enums import AwardStatus
from grants.awards.models import Amendment, Award
from grants.awards.selectors import requested_by_year
from grants.awards.services.agreements import new_agreement
from grants.awards.services.envelope import check_envelope
from grants.awards.services.plan import set_years, write_plan, years_of
from grants.awards.services.terms import AwardTerms, check_terms
from grants.kernel.audit import audit
from grants.kernel.errors import ServiceError, TransitionError
from grants.organizations.models import User


def _requested_total(application: Application) -> Decimal:
    return sum(requested_by_year(application=application).values(), Decimal(0))


def award_create(
    *, application: Application, by: User, terms: AwardTerms, now: dt.datetime | None = None
) -> Award:
    """Award an approved application within the call's envelope; its first agreement goes to the
    organization."""
    now = now or timezone.now()
    with transaction.atomic():
        # The lock on the call makes concurrent awards in the same call check the envelope one at a time.
        call = Call.objects.select_for_update().get(pk=application.call_id)
        application = Application.objects.select_related("call__fund", "organization").get(pk=application.pk)
        if application.status != ApplicationStatus.APPROVED:
            raise TransitionError(
                _(
                    "Only an application whose approval has been released can receive an award; %(ref)s "
                    "is %(status)s."
                )
                % {
                    "ref": application.reference or application.pk,
                    "status": application.get_status_display().lower(),
                }
            )
        if Award.objects.filter(application=application).exists():
            raise TransitionError(
                _("%(ref)s already has an award; amend it instead.") % {"ref": application.reference}
            )
        check_terms(terms, call=call, requested=_requested_total(application))
        check_envelope(call=call, years=terms.years)
        award = Award.objects.create(application=application, created_by=by, created_at=now, **terms.award_fields())
        set_years(award=award, years=terms.years)
        write_plan(award=award, years=terms.years, now=now)
        agreement = new_agreement(award=award, by=by, now=now)
        audit(
            actor=by,
            obj=award,
            action="award.created",
            to_state=award.status,
            total=str(terms.total),
            years={str(y): str(a) for y, a in terms.years.items()},
        )
        notifications.notify_award_offered(award=award, agreement=agreement)
    return award


def award_amend(
    *, award: Award, by: User, reason: str, terms: AwardTerms, now: dt.datetime | None = None
) -> Amendment:
    """Change an award's money, term, schedule or conditions, re-checking the envelope; the history is kept
    and a new version of the agreement goes to the organization to accept."""
    now = now or timezone.now()
    reason = reason.strip()
    if not reason:
        raise ServiceError(_("Give the reason for the amendment; the organization reads it."))
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=award.application.call_id)
        award = (
            Award.objects.select_for_update(of=("self",))
            .select_related("application__call__fund", "application__organization")
            .get(pk=award.pk)
        )
        if award.status not in AwardStatus.OPEN:
            raise TransitionError(_("This award is closed; it can no longer be amended."))
        check_terms(terms, call=call, requested=_requested_total(award.application))
        before_years = years_of(award=award)
        fields = terms.award_fields()
        changes = {
            name: {"before": str(getattr(award, name)), "after": str(value)}
            for name, value in fields.items()
            if getattr(award, name) != value
        }
        if before_years != terms.years:
            changes["years"] = {
                "before": {str(y): str(a) for y, a in before_years.items()},
                "after": {str(y): str(a) for y, a in terms.years.items()},
            }
        if not changes:
            raise ServiceError(_("Nothing was changed."))
        check_envelope(call=call, years=terms.years, excluding=award)
        for name, value in fields.items():
            setattr(award, name, value)
        award.save(update_fields=list(fields))
        set_years(award=award, years=terms.years)
        write_plan(award=award, years=terms.years, now=now)
        agreement = new_agreement(award=award, by=by, now=now)
        amendment = Amendment.objects.create(
            award=award,
            number=award.amendments.count() + 1,
            reason=reason,
            changes=changes,
            previous_total=sum(before_years.values(), Decimal(0)),
            new_total=terms.total,
            created_by=by,
            created_at=now,
        )
        audit(
            actor=by,
            obj=award,
            action="award.amended",
            from_state=award.status,
            to_state=award.status,
            reason=amendment.reason,
            changes=changes,
            agreement_version=agreement.version,
        )
        notifications.notify_award_amended(award=award, amendment=amendment, agreement=agreement)
    return amendment
