"""Thin views: check one named permission, call a selector or a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from formtools.wizard.views import NamedUrlWizardView

from grants.applications import selectors, services
from grants.applications.forms import ReopenForm
from grants.applications.models import Application, Call
from grants.applications.pdf import application_pdf as build_pdf
from grants.applications.wizard import (
    DONE_STEP,
    STEPS,
    answers,
    application_problems,
    initial_for,
    snapshot_budget_rows,
    step_form,
    step_forms,
)
from grants.documents.selectors import document_history
from grants.kernel.errors import ServiceError, StepConflict, TransitionError
from grants.kernel.forms import cleaned_or_none
from grants.kernel.permissions import check
from grants.organizations.models import Membership
from grants.organizations.views import posted_organization


def home(request):
    return render(request, "grants/home.html", {"calls": selectors.calls_public()})


def call_list(request):
    groups = selectors.calls_public()
    closed = Paginator(groups["closed"], 20).get_page(request.GET.get("page"))
    return render(
        request,
        "grants/call_list.html",
        {"open": groups["open"], "upcoming": groups["upcoming"], "closed": closed},
    )


def call_detail(request, slug: str):
    try:
        call = selectors.call_public(slug=slug)
    except Call.DoesNotExist as exc:
        raise Http404 from exc
    existing = []
    if request.user.is_authenticated:
        existing = list(
            Application.objects.filter(call=call, organization__memberships__user=request.user)
            .exclude(status=Application.Status.WITHDRAWN)
            .select_related("organization")
        )
    return render(request, "grants/call_detail.html", {"call": call, "existing": existing, "is_open": call.is_open()})


@login_required
def dashboard(request):
    applications = selectors.applications_for_dashboard(user=request.user)
    page = Paginator(applications, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "grants/dashboard.html",
        {"page": page, "step_count": len(STEPS), "open_calls": selectors.calls_public()["open"], "now": timezone.now()},
    )


# --- Applications -------------------------------------------------------------------------------


@login_required
@require_POST
def application_start(request, slug: str):
    call = get_object_or_404(Call, slug=slug)
    organization = posted_organization(request)
    check(request.user, "grants.view_organization", organization)
    if not Membership.objects.filter(user=request.user, organization=organization).exists():
        raise PermissionDenied
    try:
        application = services.application_start(organization=organization, call=call, by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("grants:call_detail", slug=slug)
    return redirect("grants:application_wizard", pk=application.pk)


class ApplicationWizard(LoginRequiredMixin, NamedUrlWizardView):
    """The multi-step application. Its storage is the application's saved steps in the database, so
    any member resumes it anywhere; every POST saves what was typed, valid or not."""

    form_list = list(STEPS.items())
    storage_name = "grants.applications.storage.ApplicationStepStorage"
    template_name = "grants/wizard/step.html"

    @classmethod
    def as_view(cls, **kwargs):
        return super().as_view(url_name="grants:application_wizard_step", done_step_name=DONE_STEP, **kwargs)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        try:
            self.application = selectors.application_for_wizard(pk=kwargs["pk"])
        except Application.DoesNotExist as exc:
            raise Http404 from exc
        check(request.user, "grants.view_application", self.application)
        if not request.user.has_perm("grants.edit_application", self.application):
            if self.application.is_editable:  # staff read drafts but only the organization writes them
                messages.info(request, _("Only members of the organization can change its application."))
            elif self.application.status == Application.Status.WITHDRAWN:
                messages.info(request, _("This application was withdrawn; it can no longer be changed."))
            else:
                messages.info(request, _("This application has been submitted; here is what was sent."))
            return redirect("grants:application_detail", pk=self.application.pk)
        request.wizard_application = self.application
        return super().dispatch(request, *args, **kwargs)

    def get_prefix(self, request, *args, **kwargs):
        return f"application_{kwargs['pk']}"

    def get_step_url(self, step):
        return reverse("grants:application_wizard_step", kwargs={"pk": self.application.pk, "step": step})

    def get_form_kwargs(self, step=None):
        return {"application": self.application}

    def get_form_initial(self, step):
        return initial_for(self.application, step, self.request.user)

    def get(self, request, *args, **kwargs):
        if kwargs.get("step") == DONE_STEP:
            self.storage.current_step = DONE_STEP
            return self.render_review()
        return super().get(request, *args, **kwargs)

    def post(self, *args, **kwargs):
        step = self.request.POST.get(f"{self.get_prefix(self.request, **kwargs)}-current_step")
        if step not in STEPS:
            return redirect(self.get_step_url(self.steps.current if self.steps.current in STEPS else self.steps.first))
        self.storage.current_step = step
        form = self.get_form(step=step, data=self.request.POST)
        data = {key: values for key, values in self.request.POST.lists() if key.startswith(f"{step}-")}
        try:
            expected = int(self.request.POST.get("step_version", ""))
        except ValueError:
            expected = None
        try:
            record = services.application_save_step(
                application=self.application, step=step, data=data,
                cleaned=cleaned_or_none(form),
                expected_version=expected, by=self.request.user,
            )
        except StepConflict as conflict:
            theirs = answers(step_form(self.application, step, conflict.current.data))
            return self.render(form, conflict=conflict, theirs=theirs, step_version=conflict.current.version)
        except TransitionError as error:
            messages.error(self.request, error.message)
            return redirect("grants:application_detail", pk=self.application.pk)

        goto = self.request.POST.get("wizard_goto_step")
        if "save_exit" in self.request.POST:
            messages.success(
                self.request, _("Your answers are saved. Any member of the organization can continue later.")
            )
            return redirect("grants:dashboard")
        if goto in STEPS or goto == DONE_STEP:
            if not form.is_valid():
                messages.warning(
                    self.request,
                    _(
                        "Your answers on “%(step)s” are saved, "
                        "but some need attention; the review page lists them."
                    )
                    % {"step": form.title},
                )
            self.storage.current_step = goto
            return redirect(self.get_step_url(goto))
        if not form.is_valid():
            return self.render(form, just_saved=record)
        next_step = self.get_next_step(step) or DONE_STEP
        self.storage.current_step = next_step
        return redirect(self.get_step_url(next_step))

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        saved = {s.step: s for s in self.application.steps.all()}
        if kwargs.get("just_saved"):  # newer than the steps loaded with the application: its version is next
            saved[kwargs["just_saved"].step] = kwargs["just_saved"]
        record = saved.get(self.steps.current)
        context.update(
            application=self.application,
            call=self.application.call,
            step_title=form.title,
            step_version=kwargs.get("step_version", record.version if record else 0),
            saved_step=record,
            nav=self.navigation(saved),
            step_template=f"grants/wizard/{self.steps.current}.html",
        )
        return context

    def navigation(self, saved):
        return [
            {"name": name, "title": form.title, "url": self.get_step_url(name),
             "state": (
                 "complete" if name in saved and saved[name].is_valid
                 else ("started" if name in saved else "empty")
             )}
            for name, form in STEPS.items()
        ]

    def render_review(self):
        saved = {s.step: s for s in self.application.steps.all()}
        forms = step_forms(application=self.application, saved=saved)
        problems = application_problems(application=self.application, saved=saved, forms=forms)
        sections = []
        for name in STEPS:
            record = saved.get(name)
            form = forms[name]
            valid = form.is_valid() if record else False
            sections.append({"name": name, "form": form, "valid": valid, "saved": record,
                             "answers": answers(form) if valid else [],
                             "url": self.get_step_url(name),
                             "problems": [p for p in problems if p.step == name]})
        return render(
            self.request,
            "grants/wizard/review.html",
            {
                "application": self.application,
                "call": self.application.call,
                "sections": sections,
                "problems": problems,
                "nav": self.navigation(saved),
                "requested_total": selectors.requested_total(application=self.application),
                # A reopened application keeps its reference and may be resubmitted after the call closes.
                "deadline_passed": not self.application.reference and not self.application.call.is_open(),
            },
        )


@login_required
def application_detail(request, pk: int):
    application = get_object_or_404(Application.objects.select_related("call__fund", "organization"), pk=pk)
    check(request.user, "grants.view_application", application)
    return render(
        request,
        "grants/application_detail.html",
        {
            "application": application,
            "snapshot": application.snapshot,
            "budget_lines": snapshot_budget_rows(application.snapshot),
            "can_edit": request.user.has_perm("grants.edit_application", application),
            "can_withdraw": request.user.has_perm("grants.withdraw_application", application),
            "can_reopen": request.user.has_perm("grants.reopen_application", application)
            and application.status == Application.Status.SUBMITTED,
            "requested_total": selectors.requested_total(application=application),
            "document_history": document_history(owner=application)
            if request.user.has_perm("grants.view_document_history", application) else None,
        },
    )


@login_required
@require_POST
def application_submit(request, pk: int):
    application = get_object_or_404(Application.objects.select_related("call__fund"), pk=pk)
    check(request.user, "grants.view_application", application)
    check(request.user, "grants.submit_application", application)
    try:
        application = services.application_submit(application=application, by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("grants:application_wizard_step", pk=pk, step=DONE_STEP)
    return redirect("grants:application_submitted", pk=pk)


@login_required
def application_submitted(request, pk: int):
    application = get_object_or_404(Application.objects.select_related("call__fund", "organization"), pk=pk)
    check(request.user, "grants.view_application", application)
    if application.status == Application.Status.DRAFT:
        return redirect("grants:application_wizard", pk=pk)
    return render(request, "grants/application_submitted.html", {"application": application})


@login_required
def application_withdraw(request, pk: int):
    application = get_object_or_404(Application.objects.select_related("call", "organization"), pk=pk)
    check(request.user, "grants.view_application", application)
    check(request.user, "grants.withdraw_application", application)
    if request.method == "POST":
        try:
            services.application_withdraw(
                application=application,
                by=request.user,
                reason=request.POST.get("reason", ""),
            )
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The application is withdrawn."))
        return redirect("grants:application_detail", pk=pk)
    return render(request, "grants/application_withdraw.html", {"application": application})


@login_required
def application_pdf(request, pk: int):
    application = get_object_or_404(Application.objects.select_related("call__fund", "organization"), pk=pk)
    check(request.user, "grants.view_application", application)
    if not application.snapshot:
        raise Http404(_("Nothing has been submitted yet."))
    response = HttpResponse(build_pdf(application=application), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{application.reference}.pdf"'
    return response


@login_required
def application_reopen(request, pk: int):
    application = get_object_or_404(Application.objects.select_related("call", "organization"), pk=pk)
    check(request.user, "grants.reopen_application", application)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_reopen(application=application, by=request.user, reason=form.cleaned_data["reason"])
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(ref)s is open for edits again; its members were told why.") % {"ref": application.reference},
            )
            return redirect("grants:application_detail", pk=pk)
    return render(request, "grants/application_reopen.html", {"application": application, "form": form})
