"""What the grants tests share: reading a page as a person does, and driving the wizard as a browser does."""

from __future__ import annotations

import datetime as dt
import html
import re

from django.contrib.messages import get_messages
from django.urls import reverse

from grants.applications.demo import attach_documents, step_answers
from grants.applications.models import Application, ApplicationStep
from grants.applications.wizard import STEPS


def page_text(response) -> str:
    """The visible text of a page's main content, tags removed and entities decoded, on one line."""
    content = response.content.decode()
    main = re.search(r"<main\b.*?</main>", content, flags=re.S)
    body = main.group(0) if main else content
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"</?(a|strong|em|b|i|span|small|abbr|code)\b[^>]*>", "", body)  # inline: no gap
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body))).strip()


def flash(response) -> list[str]:
    """The messages queued for the next page (after a redirect)."""
    return [str(m) for m in get_messages(response.wsgi_request)]


def step_url(application: Application, step: str) -> str:
    return reverse("grants:application_wizard_step", args=[application.pk, step])


def version_on_page(response) -> int:
    """The step version the page's form will send back, as a browser would."""
    match = re.search(r'name="step_version" value="(\d+)"', response.content.decode())
    assert match, "the step form carries the version it edits"
    return int(match.group(1))


def field_value(response, name: str) -> str | None:
    """The value a text input or textarea named `name` shows."""
    content = response.content.decode()
    tag = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', content)
    if tag:
        value = re.search(r'value="([^"]*)"', tag.group(0))
        return html.unescape(value.group(1)) if value else ""
    area = re.search(rf'<textarea[^>]*name="{re.escape(name)}"[^>]*>(.*?)</textarea>', content, flags=re.S)
    return html.unescape(area.group(1)).strip() if area else None


def post_step(
    client,
    application: Application,
    step: str,
    data: dict,
    *,
    version: int | None = None,
    action: dict | None = None,
):
    """POST a wizard step like the browser form: management field, version, answers and the button pressed.

    Without `version`, the page is opened first and its hidden version is sent back.
    """
    if version is None:
        version = version_on_page(client.get(step_url(application, step)))
    payload = {f"application_{application.pk}-current_step": step, "step_version": str(version), **data}
    payload.update(action or {})
    return client.post(step_url(application, step), payload)


# Fixed, so that the budget's fiscal years (2027–28 and 2028–29) do not move with the day the tests run.
PROJECT_START = dt.date(2027, 4, 1)


def answers_for(application: Application, step: str, **overrides) -> dict:
    """Valid answers for a step (grants.applications.demo): a two-year project from PROJECT_START asking $105,000 on the
    default call, with some fields replaced: {"summary": "..."}."""
    data = step_answers(application, step, start=PROJECT_START)
    for name, value in overrides.items():
        data[f"{step}-{name}"] = value if isinstance(value, list) else [value]
    return data


def saved(application: Application, step: str) -> ApplicationStep:
    return ApplicationStep.objects.get(application=application, step=step)


def fill_all_steps(client, application: Application) -> None:
    """Upload the required documents, then fill every step through the wizard's pages, as one person would."""
    attach_documents(application, by=client.get(reverse("grants:dashboard")).wsgi_request.user)
    for step in STEPS:
        response = post_step(client, application, step, answers_for(application, step))
        assert response.status_code == 302, (step, page_text(response)[:2000])


def fill_through(client, application: Application, last_step: str) -> None:
    """Save valid answers for every step up to and including `last_step`."""
    for step in STEPS:
        assert post_step(client, application, step, answers_for(application, step)).status_code == 302
        if step == last_step:
            return
