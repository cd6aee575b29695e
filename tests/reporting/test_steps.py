"""The report form's steps (reporting/services/steps.py and the step pages) keep what was typed like the
application's: saved valid or not, shown again to any member later, and a save over another member's newer one
is caught with both versions shown. Spending far from its budget must be explained, counts are whole numbers,
and the narrative boxes are one question."""

from __future__ import annotations

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from grants.kernel.errors import StepConflict
from grants.kernel.forms import cleaned_or_none
from reporting import forms, selectors, services
from reporting.models import ProgressReport, ReportStep
from tests.factories import MembershipFactory
from tests.grants.helpers import field_value, page_text, version_on_page
from tests.reporting.factories import start_on_the_page


@pytest.fixture
def report(award, applicant):
    return services.report_start(period=award.reporting_periods.get(number=1), by=applicant)


@pytest.fixture
def colleague(organization):
    return MembershipFactory(organization=organization, role="editor").user


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def step(report, name):
    return reverse("reporting:report_step", args=[report.pk, name])


def test_what_was_typed_with_errors_is_kept_and_shown_to_another_member(report, applicant, colleague):
    indicator = report.award.application.call.fund.indicators.first()
    typed = {f"i{i.pk}": "3" for i in report.award.application.call.fund.indicators.all()}
    typed[f"i{indicator.pk}"] = "about twenty"

    response = signed_in(applicant).post(step(report, "indicators"), {**typed, "step_version": "0"})

    assert response.status_code == 200
    assert "What you typed is saved, errors included" in page_text(response)
    saved = ReportStep.objects.get(report=report, step="indicators")
    assert not saved.is_valid and saved.data[f"i{indicator.pk}"] == "about twenty"
    later = signed_in(colleague).get(step(report, "indicators"))
    assert field_value(later, f"i{indicator.pk}") == "about twenty"
    assert "Enter a whole number." in page_text(later)
    submit = page_text(signed_in(colleague).get(reverse("reporting:report_submit", args=[report.pk])))
    assert "Indicators: Correct the errors on this page." in submit

    typed[f"i{indicator.pk}"] = "20"
    fixed = signed_in(colleague).post(step(report, "indicators"), {**typed, "step_version": str(saved.version)})
    assert fixed.status_code == 302
    assert report.indicator_values.get(indicator=indicator).value == 20
    report.refresh_from_db()
    assert "indicators" in report.steps_done


def test_a_save_over_a_newer_one_shows_both_and_keeps_theirs_until_saved_again(report, applicant, colleague):
    mine, theirs = signed_in(applicant), signed_in(colleague)
    opened = version_on_page(mine.get(step(report, "narrative")))
    assert version_on_page(theirs.get(step(report, "narrative"))) == opened

    first = theirs.post(step(report, "narrative"), {"awareness": "Their text.", "step_version": opened})
    assert first.status_code == 302
    late = mine.post(step(report, "narrative"), {"awareness": "My text.", "step_version": opened})

    assert late.status_code == 200
    text = page_text(late)
    assert "Someone else changed this page" in text
    assert f"Saved by {colleague}" in text and "Their text." in text
    assert field_value(late, "awareness") == "My text."
    report.refresh_from_db()
    assert report.narratives["awareness"] == "Their text."

    again = mine.post(step(report, "narrative"), {"awareness": "My text.", "step_version": version_on_page(late)})
    assert again.status_code == 302
    report.refresh_from_db()
    assert report.narratives["awareness"] == "My text."


def test_a_submitted_report_refuses_a_stale_page(report, applicant):
    client = signed_in(applicant)
    opened = version_on_page(client.get(step(report, "narrative")))
    ProgressReport.objects.filter(pk=report.pk).update(status=ProgressReport.Status.SUBMITTED)

    response = client.post(step(report, "narrative"), {"awareness": "Late.", "step_version": opened})

    assert response.status_code == 403  # no longer editable: the permission says so before the service


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks; SQLite serializes writers")
def test_two_members_saving_one_page_at_once_never_overwrite_each_other(
    transactional_db, django_db_serialized_rollback, award, applicant, colleague
):
    report = services.report_start(period=award.reporting_periods.get(number=1), by=applicant)
    services.report_save_step(
        report=report, step="narrative", data={"awareness": "First."}, cleaned={"awareness": "First."},
        expected_version=0, by=applicant,
    )
    barrier = threading.Barrier(2)
    outcomes = []

    def save(user, text):
        try:
            data = {"awareness": text}
            form = forms.NarrativeForm(data, pillars=selectors.narrative_pillars(report=report), initial_texts={})
            barrier.wait(timeout=30)
            # Both opened the page at version 1. Each save's transaction stays open a moment after its write (a
            # slow commit): the other must wait for it, then find the step changed.
            with transaction.atomic():
                services.report_save_step(
                    report=report, step="narrative", data=data, cleaned=cleaned_or_none(form), expected_version=1,
                    by=user,
                )
                time.sleep(0.5)
            outcomes.append(("saved", text))
        except StepConflict:
            outcomes.append(("conflict", text))
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=args) for args in ((applicant, "Mine."), (colleague, "Theirs."))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(kind for kind, _text in outcomes) == ["conflict", "saved"]
    [(_kind, winner)] = [o for o in outcomes if o[0] == "saved"]
    report.refresh_from_db()
    assert report.narratives["awareness"] == winner
    assert ReportStep.objects.get(report=report, step="narrative").version == 2


def test_the_steps_are_named_in_the_reader_s_language(report, applicant, settings):
    client = signed_in(applicant)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    text = page_text(client.get(step(report, "documents")))

    assert "Pièces jointes" in text and "Activités" in text and "Attachments" not in text


def test_spending_that_varies_by_more_than_ten_percent_must_be_explained(login, award, applicant):
    client = login(applicant)
    report = start_on_the_page(client, award)
    line = report.spending_lines.get()
    over = (line.budget * Decimal("1.2")).quantize(Decimal("0.01"))

    response = client.post(
        step(report, "spending"), {f"spent_{line.category}": str(over), f"why_{line.category}": ""}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "differs from its budget by more than 10%: explain why" in page
    assert f'value="{over}"' in page  # what was typed is kept
    line.refresh_from_db()
    assert line.spent is None

    within = (line.budget * Decimal("1.1")).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    response = client.post(
        step(report, "spending"), {f"spent_{line.category}": str(within), f"why_{line.category}": ""}
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.spent == within

    response = client.post(
        step(report, "spending"),
        {f"spent_{line.category}": str(over), f"why_{line.category}": "A second cohort was trained."},
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.spent, line.explanation) == (over, "A second cohort was trained.")


def test_indicators_take_whole_counts_only(login, award, applicant):
    client = login(applicant)
    report = start_on_the_page(client, award)
    page = client.get(step(report, "indicators")).content.decode()
    assert "Survivors supported" in page and "never enter names" in page
    fields = [i.pk for i in award.application.call.fund.indicators.all()]
    data = {f"i{pk}": "3" for pk in fields}
    data[f"i{fields[0]}"] = "-2"
    data[f"i{fields[1]}"] = "2.5"
    response = client.post(step(report, "indicators"), data)
    assert response.status_code == 200
    assert response.content.decode().count("ontario-error-messaging") == 2
    assert report.indicator_values.count() == 0


def test_the_narrative_boxes_are_one_question_none_marked_optional(login, award, applicant):
    report = services.report_start(period=award.reporting_periods.get(number=1), by=applicant)
    response = login(applicant).get(reverse("reporting:report_step", args=[report.pk, "narrative"]))
    text = page_text(response)
    assert "Describe the period's activities under at least one pillar" in text
    assert "(optional)" not in text
    assert text.count("Do not name or identify any survivor") == 1  # the warning once, for the group
