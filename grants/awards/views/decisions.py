"""Staff pages for decisions: stage them for a call (one by one or ticked together) and release them."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from grants.applications.models import Application, Call
from grants.awards import forms, selectors, services
from grants.awards.enums import Outcome
from grants.awards.models import Decision
from grants.kernel.errors import ServiceError
from grants.kernel.permissions import check
from grants.kernel.views import service_errors, url_format


def _call(slug: str) -> Call:
    return get_object_or_404(Call.objects.select_related("fund"), slug=slug)


def _with_links(applications) -> list[Application]:
    """Each row's links and staged decision (None, not an exception the template would swallow), set once."""
    detail, decide = url_format("grants:application_detail"), url_format("grants:decision_edit")
    rows = list(applications)
    for application in rows:
        application.detail_url, application.decide_url = detail.format(application.pk), decide.format(application.pk)
        application.staged = getattr(application, "decision", None)
    return rows


@login_required
def call_decisions(request, slug: str):
    """Stage decisions for a call, one by one or ticked together, in ranking order when `?order=` gives it."""
    call = _call(slug)
    check(request.user, "grants.decide_application", call)
    order = selectors.parse_order(request.GET.get("order") or request.POST.get("order"))
    applications = selectors.decidable_applications(call=call, order=order)
    form = forms.BulkDecisionForm(request.POST or None, applications=applications)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        staged, refused = services.decisions_stage(
            applications=data["applications"],
            outcome=data["outcome"],
            by=request.user,
            template=data["template"],
            reason_en=data["reason_en"],
            reason_fr=data["reason_fr"],
            override_reason=data["override_reason"],
        )
        if staged:
            messages.success(
                request,
                ngettext(
                    "%(n)s decision staged. Applicants see nothing until you release the call's decisions.",
                    "%(n)s decisions staged. Applicants see nothing until you release the call's decisions.",
                    len(staged),
                )
                % {"n": len(staged)},
            )
        for application, message in refused:
            messages.error(request, _("%(ref)s: %(message)s") % {"ref": application.reference, "message": message})
        return redirect(_decisions_url(call, order, request.POST.get("page")))
    page = Paginator(applications, 50).get_page(request.GET.get("page"))
    page.object_list = _with_links(page.object_list)
    return render(
        request,
        "grants/awards/call_decisions.html",
        {
            "call": call,
            "page": page,
            "form": form,
            "order": ",".join(map(str, order)),
            "counts": selectors.decision_counts(call=call),
            "envelope": selectors.envelope_of(call=call),
            "reason_templates": selectors.reason_templates_for_script(),
            "selected": {str(pk) for pk in request.POST.getlist("applications")},
        },
    )


def _decisions_url(call: Call, order: list[int], page: str | None = None) -> str:
    url = reverse("grants:call_decisions", args=[call.slug])
    query = []
    if order:
        query.append("order=" + ",".join(map(str, order)))
    if page and str(page).isdigit():
        query.append(f"page={page}")
    return url + ("?" + "&".join(query) if query else "")


@login_required
def decision_edit(request, pk: int):
    application = get_object_or_404(Application.objects.select_related("call__fund", "organization"), pk=pk)
    check(request.user, "grants.decide_application", application.call)
    decision = Decision.objects.filter(application=application).select_related("released_by").first()
    if decision and decision.is_released and request.method == "POST":
        messages.error(request, _("This decision was released; it can no longer change."))
        return redirect("grants:decision_edit", pk=pk)
    initial = {}
    if decision:
        initial = {
            "outcome": decision.outcome,
            "template": decision.reason_template_id,
            "reason_en": decision.reason_en,
            "reason_fr": decision.reason_fr,
            "override_reason": decision.override_reason,
        }
    form = forms.DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        stage = (
            services.decision_approve if data["outcome"] == Outcome.APPROVED else services.decision_decline
        )
        try:
            stage(
                application=application,
                by=request.user,
                template=data["template"],
                reason_en=data["reason_en"],
                reason_fr=data["reason_fr"],
                override_reason=data["override_reason"],
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Decision on %(ref)s staged. It is released with the call's other decisions.")
                % {"ref": application.reference},
            )
            return redirect("grants:call_decisions", slug=application.call.slug)
    return render(
        request,
        "grants/awards/decision_form.html",
        {
            "application": application,
            "decision": decision,
            "form": form,
            "requested_total": sum(selectors.requested_by_year(application=application).values(), Decimal(0)),
            "reason_templates": selectors.reason_templates_for_script(),
        },
    )


@login_required
@service_errors("grants:call_decisions")
def decisions_release(request, slug: str):
    call = _call(slug)
    check(request.user, "grants.release_decisions", call)
    if request.method == "POST":
        released = services.decisions_release(call=call, by=request.user)
        messages.success(
            request,
            ngettext(
                "%(n)s decision released; the organization was told by e-mail in its members' languages.",
                "%(n)s decisions released; each organization was told by e-mail in its members' languages.",
                len(released),
            )
            % {"n": len(released)},
        )
        return redirect("grants:call_decisions", slug=slug)
    return render(
        request,
        "grants/awards/decisions_release.html",
        {
            "call": call,
            "counts": selectors.decision_counts(call=call),
            "envelope": selectors.envelope_of(call=call),
        },
    )
