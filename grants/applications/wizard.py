"""The application's steps, read back from their saved answers.

The review page, the submit service and the snapshot all read the steps through here, so the list of
problems a person sees is exactly the list that blocks submission.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from grants.applications.forms import (
    BudgetForm,
    DeclarationsForm,
    DocumentsForm,
    EligibilityForm,
    OrganizationProfileForm,
    ProjectForm,
    StepForm,
)
from grants.applications.models import Application, BudgetCategory
from grants.documents.selectors import document_snapshot
from grants.kernel.language import join_list
from grants.kernel.timeutils import fiscal_year_label

STEPS: dict[str, type[StepForm]] = {
    "eligibility": EligibilityForm,
    "organization": OrganizationProfileForm,
    "project": ProjectForm,
    "budget": BudgetForm,
    "documents": DocumentsForm,
    "declarations": DeclarationsForm,
}
DONE_STEP = "review"


@dataclass(frozen=True)
class Problem:
    step: str
    step_title: str
    field: str | None
    label: str
    message: str


def saved_steps(application: Application) -> dict:
    """The saved answers per step; uses the prefetched `steps` when the caller has them."""
    return {s.step: s for s in application.steps.all()}


def initial_for(application: Application, step: str, user=None) -> dict:
    """What a step shows before anyone has saved it: the organization's record, reused."""
    org = application.organization
    if step == "organization":
        initial = {
            "legal_name": org.legal_name,
            "registration_number": org.registration_number,
            "street_address": org.street_address,
            "city": org.city,
            "postal_code": org.postal_code,
            "region": org.region_id,
            "mandate": org.mandate,
        }
        if user is not None:
            initial.update(contact_name=user.get_full_name(), contact_email=user.email)
        return initial
    if step == "eligibility" and application.call.fund.requires_indigenous_led:
        return {"indigenous_led_attestation": org.indigenous_led}
    return {}


def step_form(application: Application, step: str, data=None, user=None) -> StepForm:
    if isinstance(data, dict) and not isinstance(data, MultiValueDict):
        data = MultiValueDict(data)
    return STEPS[step](
        data=data, prefix=step, application=application, initial=initial_for(application, step, user)
    )


def answers(form: StepForm) -> list[dict]:
    """The answers of a step as a person reads them: cleaned when valid, else as typed."""
    valid = form.is_bound and form.is_valid()
    rows = []
    for name, field in form.fields.items():
        if name.startswith("amount_"):
            continue  # the budget grid is shown as a table of its own
        if valid:
            value = form.display_value(name)
        else:
            raw = form[name].value() if form.is_bound else None
            value = join_list(raw) if isinstance(raw, list) else ("" if raw is None else str(raw))
        if value:
            rows.append({"name": name, "label": field.label, "value": value})
    return rows


def step_forms(*, application: Application, saved: dict) -> dict[str, StepForm]:
    """Each step's form bound to what was saved (unbound where nothing was): built once per page."""
    return {
        step: step_form(application, step, saved[step].data if step in saved else None) for step in STEPS
    }


def application_problems(
    *, application: Application, saved: dict | None = None, forms: dict[str, StepForm] | None = None
) -> list[Problem]:
    """Every missing or invalid answer, in step order. `forms` are step_forms() the caller already built."""
    saved = saved if saved is not None else saved_steps(application)
    forms = forms if forms is not None else step_forms(application=application, saved=saved)
    problems: list[Problem] = []
    for step, form_class in STEPS.items():
        title = str(form_class.title)
        record = saved.get(step)
        form = forms[step]
        if record is None:
            if form.fields:
                problems.append(Problem(step, title, None, title, _("This step has not been completed.")))
            continue
        if form.is_valid():
            continue
        for field, errors in form.errors.items():
            label = title if field == "__all__" else str(form.fields[field].label)
            for message in errors:
                problems.append(Problem(step, title, None if field == "__all__" else field, label, message))
    return problems


def snapshot(*, application: Application) -> dict:
    """What was submitted, labelled in English and French, for reviewers, PDFs and the record."""
    saved = saved_steps(application)
    sections = []
    for step in STEPS:
        record = saved.get(step)
        form = step_form(application, step, record.data if record else None)
        form.is_valid()
        labels, values = {}, {}
        for language in ("en", "fr"):
            with translation.override(language):
                form_lang = step_form(application, step, record.data if record else None)
                form_lang.is_valid()
                labels[language] = {name: str(f.label) for name, f in form_lang.fields.items()}
                values[language] = {name: form_lang.display_value(name) for name in form_lang.fields}
                labels[language]["__title__"] = str(form_lang.title)
        sections.append(
            {
                "step": step,
                "title_en": labels["en"]["__title__"],
                "title_fr": labels["fr"]["__title__"],
                "fields": [
                    {
                        "name": name,
                        "label_en": labels["en"][name],
                        "label_fr": labels["fr"][name],
                        "value_en": values["en"][name],
                        "value_fr": values["fr"][name],
                    }
                    for name in form.fields
                    if values["en"][name] != ""
                ],
            }
        )
    lines = list(application.budget_lines.all())
    return {
        "reference": application.reference,
        "call": {
            "slug": application.call.slug,
            "title_en": application.call.title_en,
            "title_fr": application.call.title_fr,
        },
        "fund": application.call.fund.code,
        "organization": {
            "id": application.organization_id,
            "legal_name": application.organization.legal_name,
            "type": application.organization.type,
        },
        "sections": sections,
        "budget": [
            {"category": line.category, "fiscal_year": line.fiscal_year, "amount": str(line.amount)} for line in lines
        ],
        "requested_total": str(sum((line.amount for line in lines), 0)),
        # The exact versions submitted: what reviewers open and the record keeps.
        "documents": document_snapshot(owner=application),
    }


def snapshot_budget_rows(snap: dict) -> list[dict]:
    """The snapshot's budget lines with their category and fiscal-year labels, in the page's language."""
    labels = dict(BudgetCategory.choices)
    return [
        {"label": labels.get(line["category"], line["category"]), "year": fiscal_year_label(line["fiscal_year"]),
         "amount": line["amount"]}
        for line in (snap or {}).get("budget", [])
    ]
