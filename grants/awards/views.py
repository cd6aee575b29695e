"""Thin views for decisions, awards, agreements and payments: check one named permission, call a selector
or a service, render."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from grants.applications.models import Application, Call, Fund
from grants.awards import forms, selectors, services
from grants.awards.models import Agreement, Award, Decision, DecisionReasonTemplate, Outcome, Payment
from grants.kernel.errors import ServiceError
from grants.kernel.permissions import check
from grants.kernel.timeutils import fiscal_year_label, fiscal_years_between
from grants.organizations.models import Region

PAGE_SIZE = 25


def _call(slug: str) -> Call:
    return get_object_or_404(Call.objects.select_related("fund"), slug=slug)


def _reason_templates_json() -> list[dict]:
    return [
        {"id": t.pk, "outcome": t.outcome, "en": t.text_en, "fr": t.text_fr}
        for t in DecisionReasonTemplate.objects.filter(is_active=True)
    ]


# --- Decisions ----------------------------------------------------------------------------------


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
        )
        if staged:
            messages.success(
                request,
                _("%(n)s decision(s) staged. Applicants see nothing until you release the call's decisions.")
                % {"n": len(staged)},
            )
        for application, message in refused:
            messages.error(request, f"{application.reference}: {message}")
        return redirect(_decisions_url(call, order, request.POST.get("page")))
    page = Paginator(applications, 50).get_page(request.GET.get("page"))
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
            "reason_templates": _reason_templates_json(),
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
            "requested_total": sum(services.requested_by_year(application=application).values(), Decimal(0)),
            "reason_templates": _reason_templates_json(),
        },
    )


@login_required
def decisions_release(request, slug: str):
    call = _call(slug)
    check(request.user, "grants.release_decisions", call)
    if request.method == "POST":
        try:
            released = services.decisions_release(call=call, by=request.user)
        except ServiceError as error:
            messages.error(request, error.message)
            return redirect("grants:call_decisions", slug=slug)
        messages.success(
            request,
            _("%(n)s decision(s) released; each organization was told by e-mail in its members' languages.")
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


# --- Awards -------------------------------------------------------------------------------------


def _award_form(form_class, request, *, call: Call, requested: dict, years: list[int], initial: dict):
    return form_class(request.POST or None, call=call, requested=requested, years=years, initial=initial)


@login_required
def award_create(request, pk: int):
    application = get_object_or_404(Application.objects.select_related("call__fund", "organization"), pk=pk)
    check(request.user, "grants.create_award", application)
    existing = Award.objects.filter(application=application).first()
    if existing:
        messages.info(request, _("%(ref)s already has an award.") % {"ref": application.reference})
        return redirect("grants:award_detail", pk=existing.pk)
    if application.status != Application.Status.APPROVED:
        messages.error(
            request,
            _("%(ref)s can receive an award once its approval has been released.")
            % {"ref": application.reference or application.pk},
        )
        return redirect("grants:application_detail", pk=pk)
    requested = services.requested_by_year(application=application)
    initial = selectors.award_defaults(application=application)
    years = (
        fiscal_years_between(initial["start_date"], initial["end_date"])
        if initial.get("start_date") and initial.get("end_date")
        else sorted(requested)
    )
    initial.update({f"amount_{y}": requested.get(y) for y in years})
    form = _award_form(
        forms.AwardForm, request, call=application.call, requested=requested, years=years, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            award = services.award_create(application=application, by=request.user, **form.terms())
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


def _award(pk: int) -> Award:
    try:
        return selectors.award_for_page(pk=pk)
    except Award.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def award_detail(request, pk: int):
    award = _award(pk)
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
            "audit": _award_history(award) if is_staff else [],
        },
    )


def _award_history(award: Award):
    from django.contrib.contenttypes.models import ContentType

    from grants.kernel.models import AuditEntry

    return (
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Award), object_id=str(award.pk)
        )
        .select_related("actor")
        .order_by("-created_at", "-id")[:50]
    )


@login_required
def award_amend(request, pk: int):
    award = _award(pk)
    check(request.user, "grants.amend_award", award)
    if award.status == Award.Status.CLOSED:
        messages.error(request, _("This award is closed; it can no longer be amended."))
        return redirect("grants:award_detail", pk=pk)
    application = award.application
    requested = services.requested_by_year(application=application)
    years = {y.fiscal_year: y.amount for y in award.years.all()}
    initial = {
        "start_date": award.start_date,
        "end_date": award.end_date,
        "risk_level": award.risk_level,
        "difference_reason": award.difference_reason,
        "conditions_en": award.conditions_en,
        "conditions_fr": award.conditions_fr,
        "signing_name": award.signing_name,
        "signing_title": award.signing_title,
        "signing_email": award.signing_email,
        **{f"amount_{y}": a for y, a in years.items()},
    }
    form = _award_form(
        forms.AmendmentForm,
        request,
        call=application.call,
        requested=requested,
        years=sorted(years),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.award_amend(
                award=award, by=request.user, reason=form.cleaned_data["reason"], **form.terms()
            )
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


# Lazy: built once at import, shown in each request's language.
STATUS_ACTIONS = {
    "suspend": (
        "grants.suspend_award",
        services.award_suspend,
        forms.ReasonForm,
        gettext_lazy("Suspend the award"),
        gettext_lazy("The award is suspended; no payment can be released until it is reinstated."),
    ),
    "reinstate": (
        "grants.suspend_award",
        services.award_reinstate,
        forms.OptionalReasonForm,
        gettext_lazy("Reinstate the award"),
        gettext_lazy("The award is active again."),
    ),
    "close": (
        "grants.close_award",
        services.award_close,
        forms.ReasonForm,
        gettext_lazy("Close the award"),
        gettext_lazy("The award is closed. Payments not released were cancelled."),
    ),
}


def _status_view(action: str):
    perm, service, form_class, title, done = STATUS_ACTIONS[action]

    @login_required
    def view(request, pk: int):
        award = get_object_or_404(
            Award.objects.select_related("application__organization", "application__call"), pk=pk
        )
        check(request.user, perm, award)
        form = form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                service(award=award, by=request.user, reason=form.cleaned_data["reason"])
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, done)
                return redirect("grants:award_detail", pk=pk)
        return render(
            request,
            "grants/awards/award_status.html",
            {"award": award, "form": form, "title": title, "action": action},
        )

    view.__name__ = f"award_{action}"
    return view


award_suspend = _status_view("suspend")
award_reinstate = _status_view("reinstate")
award_close = _status_view("close")


@login_required
@require_POST
def payment_release(request, pk: int, number: int):
    award = get_object_or_404(Award.objects.select_related("application__organization"), pk=pk)
    check(request.user, "grants.release_payment", award)
    payment = get_object_or_404(Payment, award=award, number=number)
    try:
        services.payment_release(payment=payment, by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Payment %(n)s released. The organization was told.") % {"n": number})
    return redirect(reverse("grants:award_detail", args=[pk]) + "#payments")


# --- Agreements ---------------------------------------------------------------------------------


@login_required
def agreement_accept(request, pk: int):
    award = _award(pk)
    check(request.user, "grants.view_award", award)
    check(request.user, "grants.accept_agreement", award)
    position = selectors.award_position(award=award, today=services.today())
    pending = position.pending_agreement
    form = forms.AcceptanceForm(
        request.POST or None,
        initial={
            "version": pending.version if pending else None,
            "signer_name": request.user.get_full_name(),
            "signer_title": award.signing_title
            if request.user.email.lower() == award.signing_email.lower()
            else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        agreement = Agreement.objects.filter(award=award, version=form.cleaned_data["version"]).first()
        if agreement is None:
            raise Http404
        try:
            services.agreement_accept(
                agreement=agreement,
                by=request.user,
                signer_name=form.cleaned_data["signer_name"],
                signer_title=form.cleaned_data["signer_title"],
            )
        except ServiceError as error:
            messages.error(request, error.message)
            return redirect("grants:award_detail", pk=pk)
        messages.success(
            request,
            _("Thank you. Version %(v)s of the agreement is accepted; the accepted PDF is kept below.")
            % {"v": agreement.version},
        )
        return redirect("grants:award_detail", pk=pk)
    if pending is None:
        messages.info(request, _("There is no agreement waiting for acceptance."))
        return redirect("grants:award_detail", pk=pk)
    return render(
        request,
        "grants/awards/agreement_accept.html",
        {"award": award, "agreement": pending, "form": form, "position": position},
    )


@login_required
def agreement_pdf(request, pk: int, version: int):
    from grants.awards.pdf import agreement_pdf as draw

    award = get_object_or_404(Award.objects.select_related("application__organization"), pk=pk)
    check(request.user, "grants.view_award", award)
    agreement = get_object_or_404(
        Agreement.objects.select_related("accepted_by"), award=award, version=version
    )
    filename = f"{award.reference}-agreement-v{version}.pdf"
    if agreement.accepted_at:
        # The accepted PDF exactly as it was stored, never drawn again.
        response = FileResponse(
            agreement.pdf.storage.open(agreement.pdf.name, "rb"),
            content_type="application/pdf",
            as_attachment=True,
            filename=filename,
        )
    else:
        response = HttpResponse(draw(terms=agreement.terms), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Tracking -----------------------------------------------------------------------------------


@login_required
def award_list(request):
    check(request.user, "grants.track_awards", None)
    filters = _tracking_filters(request)
    today = services.today()
    awards = selectors.awards_for_tracking(today=today, **filters)
    page = Paginator(awards, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "grants/awards/award_list.html",
        {
            "page": page,
            "today": today,
            "filters": filters,
            "query": query.urlencode(),
            "totals": selectors.tracking_totals(awards=awards, fiscal_year=filters["fiscal_year"]),
            "calls": selectors.calls_for_decisions(fund=filters["fund"], call=filters["call"]),
            "choices": {
                "funds": Fund.objects.order_by("code"),
                "calls": Call.objects.exclude(status__in=[Call.Status.DRAFT, Call.Status.PUBLISHED])
                .select_related("fund")
                .order_by("-closes_at"),
                "regions": Region.objects.all(),
                "years": _year_choices(today),
                "statuses": Award.Status.choices,
            },
        },
    )


def _year_choices(today) -> list[tuple[int, str]]:
    from grants.kernel.timeutils import fiscal_year_of

    current = fiscal_year_of(today)
    return [(y, fiscal_year_label(y)) for y in range(current + 4, current - 6, -1)]


def _tracking_filters(request) -> dict:
    def number(name):
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() and len(value) < 10 else None

    status = request.GET.get("status", "")
    return {
        "fund": request.GET.get("fund", "")[:8],
        "call": number("call"),
        "fiscal_year": number("fiscal_year"),
        "region": request.GET.get("region", "")[:40],
        "status": status if status in Award.Status.values else "",
    }
