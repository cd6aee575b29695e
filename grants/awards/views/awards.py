"""Award pages: create it from an approved application, the organization's list of its awards, an award's page
for the organization and staff, amend it, and suspend, reinstate or close it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants.applications.enums import ApplicationStatus
from grants.applications.models import Application
from grants.awards import forms, selectors, services
from grants.awards.models import Award
from grants.kernel.errors import ServiceError
from grants.kernel.permissions import check
from grants.kernel.timeutils import fiscal_year_label, fiscal_years_between


def award_or_404(pk: int) -> Award:
    """The award with everything its page shows (selectors.award_for_page)."""
    try:
        return selectors.award_for_page(pk=pk)
    except Award.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def award_create(request, pk: int):
    application = get_object_or_404(Application.objects.select_related("call__fund", "organization"), pk=pk)
    check(request.user, "grants.create_award", application)
    existing = Award.objects.filter(application=application).first()
    if existing:
        messages.info(request, _("%(ref)s already has an award.") % {"ref": application.reference})
        return redirect("grants:award_detail", pk=existing.pk)
    if application.status != ApplicationStatus.APPROVED:
        messages.error(
            request,
            _("%(ref)s can receive an award once its approval has been released.")
            % {"ref": application.reference or application.pk},
        )
        return redirect("grants:application_detail", pk=pk)
    requested = selectors.requested_by_year(application=application)
    initial = selectors.award_defaults(application=application)
    years = (
        fiscal_years_between(initial["start_date"], initial["end_date"])
        if initial.get("start_date") and initial.get("end_date")
        else sorted(requested)
    )
    initial.update({f"amount_{y}": requested.get(y) for y in years})
    form = forms.AwardForm(
        request.POST or None, call=application.call, requested=requested, years=years, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            award = services.award_create(application=application, by=request.user, terms=form.terms())
        except services.TermsError as error:
            form.add_refusal(error)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Award created. The organization was asked to accept the agreement."))
            return redirect("grants:award_detail", pk=award.pk)
    return render(
        request,
        "grants/awards/award_form.html",
        {
            "application": application,
            "form": form,
            "envelope": selectors.envelope_of(call=application.call),
            "requested_total": sum(requested.values(), Decimal(0)),
            "creating": True,
        },
    )


@login_required
def my_awards(request):
    """The awards of the person's organizations, each with what is due next and any agreement to accept."""
    check(request.user, "grants.view_own_awards", None)
    today = services.today()
    page = Paginator(selectors.awards_of_member(user=request.user, today=today), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "grants/awards/my_awards.html", {"page": page, "today": today})


@login_required
def award_detail(request, pk: int):
    award = award_or_404(pk)
    check(request.user, "grants.view_award", award)
    today = services.today()
    position = selectors.award_position(award=award, today=today)
    is_staff = request.user.has_perm("grants.release_payment", award)
    return render(
        request,
        "grants/awards/award_detail.html",
        {
            "award": award,
            "application": award.application,
            "position": position,
            "today": today,
            "years": [
                {"label": fiscal_year_label(y.fiscal_year), "amount": y.amount} for y in award.years.all()
            ],
            "is_staff": is_staff,
            "can_accept": position.pending_agreement is not None
            and request.user.has_perm("grants.accept_agreement", award),
            "audit": selectors.award_history(award=award) if is_staff else [],
        },
    )


@login_required
def award_amend(request, pk: int):
    award = award_or_404(pk)
    check(request.user, "grants.amend_award", award)
    if not award.is_open:
        messages.error(request, _("This award is closed; it can no longer be amended."))
        return redirect("grants:award_detail", pk=pk)
    application = award.application
    requested = selectors.requested_by_year(application=application)
    years = {y.fiscal_year: y.amount for y in award.years.all()}
    initial = {
        "start_date": award.start_date,
        "end_date": award.end_date,
        "risk_level": award.risk_level,
        "difference_reason_en": award.difference_reason_en,
        "difference_reason_fr": award.difference_reason_fr,
        "conditions_en": award.conditions_en,
        "conditions_fr": award.conditions_fr,
        "signing_name": award.signing_name,
        "signing_title": award.signing_title,
        "signing_email": award.signing_email,
        **{f"amount_{y}": a for y, a in years.items()},
    }
    form = forms.AmendmentForm(
        request.POST or None, call=application.call, requested=requested, years=sorted(years), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.award_amend(
                award=award, by=request.user, reason=form.cleaned_data["reason"], terms=form.terms()
            )
        except services.TermsError as error:
            form.add_refusal(error)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "Amendment recorded. The organization was asked to accept the new version "
                    "of the agreement."
                ),
            )
            return redirect("grants:award_detail", pk=pk)
    return render(
        request,
        "grants/awards/award_form.html",
        {
            "application": application,
            "award": award,
            "form": form,
            "envelope": selectors.envelope_of(call=application.call),
            "requested_total": sum(requested.values(), Decimal(0)),
            "creating": False,
        },
    )


@dataclass(frozen=True)
class StatusAction:
    """One of the status pages: its permission, service and form, and what the page says (lazy: built once at
    import, shown in each request's language)."""

    perm: str
    service: Callable[..., Award]
    form_class: type[Form]
    title: Promise
    explanation: Promise
    done: Promise
    danger: bool = False


STATUS_ACTIONS = {
    "suspend": StatusAction(
        perm="grants.suspend_award",
        service=services.award_suspend,
        form_class=forms.ReasonForm,
        title=gettext_lazy("Suspend the award"),
        explanation=gettext_lazy(
            "While the award is suspended, no payment can be released. The organization is told why."
        ),
        done=gettext_lazy("The award is suspended; no payment can be released until it is reinstated."),
    ),
    "reinstate": StatusAction(
        perm="grants.suspend_award",
        service=services.award_reinstate,
        form_class=forms.OptionalReasonForm,
        title=gettext_lazy("Reinstate the award"),
        explanation=gettext_lazy("Payments may be released again, following the schedule."),
        done=gettext_lazy("The award is active again."),
    ),
    "close": StatusAction(
        perm="grants.close_award",
        service=services.award_close,
        form_class=forms.ReasonForm,
        title=gettext_lazy("Close the award"),
        explanation=gettext_lazy(
            "Closing ends the award: payments not yet released are cancelled, and each year's approved amount "
            "becomes what was paid in it, so the unpaid balance returns to the call's envelope. The change is "
            "recorded as an amendment."
        ),
        done=gettext_lazy("The award is closed. Payments not released were cancelled."),
        danger=True,
    ),
}


def _status_view(name: str):
    action = STATUS_ACTIONS[name]

    @login_required
    def view(request, pk: int):
        award = get_object_or_404(
            Award.objects.select_related("application__organization", "application__call"), pk=pk
        )
        check(request.user, action.perm, award)
        form = action.form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                action.service(award=award, by=request.user, reason=form.cleaned_data["reason"])
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, action.done)
                return redirect("grants:award_detail", pk=pk)
        return render(request, "grants/awards/award_status.html", {"award": award, "form": form, "action": action})

    view.__name__ = f"award_{name}"
    return view


award_suspend = _status_view("suspend")
award_reinstate = _status_view("reinstate")
award_close = _status_view("close")
