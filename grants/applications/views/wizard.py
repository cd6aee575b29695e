"""The application wizard: starting an application from a call's page, its steps and its review page.

Every POST saves what was typed, valid or not (services.application_save_step); the review page lists exactly
the problems that would block submission (grants.applications.wizard).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from formtools.wizard.views import NamedUrlWizardView

from grants.applications import selectors, services
from grants.applications.models import Application, Call
from grants.applications.wizard import (
    DONE_STEP,
    STEPS,
    answers,
    application_problems,
    initial_for,
    step_form,
    step_forms,
)
from grants.kernel.errors import DeadlineError, StepConflict
from grants.kernel.forms import cleaned_or_none
from grants.kernel.permissions import check
from grants.kernel.views import service_errors
from grants.organizations.rules import is_member
from grants.organizations.views import posted_organization


@login_required
@require_POST
@service_errors("grants:call_detail")
def application_start(request, slug: str):
    call = get_object_or_404(Call, slug=slug)
    organization = posted_organization(request)
    check(request.user, "grants.view_organization", organization)
    if not is_member(request.user, organization):  # staff may see an organization but never apply for it
        raise PermissionDenied
    application = services.application_start(organization=organization, call=call, by=request.user)
    return redirect("grants:application_wizard", pk=application.pk)


def _field_names(form) -> set[str]:
    return {form.add_prefix(name) for name in form.fields}


def application_page(request, pk: int, **kwargs) -> str:
    """Where a refused step goes: the application's own page, which says where it stands."""
    return reverse("grants:application_detail", kwargs={"pk": pk})


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
            elif self.application.is_withdrawn:
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

    @method_decorator(service_errors(application_page))
    def post(self, *args, **kwargs):
        step = self.request.POST.get(f"{self.get_prefix(self.request, **kwargs)}-current_step")
        if step not in STEPS:
            return redirect(self.get_step_url(self.steps.current if self.steps.current in STEPS else self.steps.first))
        self.storage.current_step = step
        form = self.get_form(step=step, data=self.request.POST)
        # Only the step's own fields are kept: each has its limit, so what is saved is bounded.
        data = {key: values for key, values in self.request.POST.lists() if key in _field_names(form)}
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
        except StepConflict as conflict:  # the page shows both versions, keeping what this person typed
            theirs = answers(step_form(self.application, step, conflict.current.data))
            return self.render(form, conflict=conflict, theirs=theirs, step_version=conflict.current.version)

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
        """Each step's link, and whether it is saved (started) and valid (complete)."""
        return [
            {"name": name, "title": form.title, "url": self.get_step_url(name),
             "started": name in saved, "complete": name in saved and saved[name].is_valid}
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
                "deadline_passed": not self.application.reference and _deadline_passed(self.application),
            },
        )


def _deadline_passed(application) -> bool:
    """Whether submission would be refused for its timing alone (the service's own check)."""
    try:
        services.check_intake(application=application, now=timezone.now())
    except DeadlineError:
        return True
    return False
