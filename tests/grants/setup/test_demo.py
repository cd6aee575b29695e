"""The demo's calls are what staff could have published in the portal: nothing missing but, for the closed call,
the closing time that has passed."""

from django.core.management import call_command

from grants.applications.models import Call
from grants.setup.selectors import call_problems


def test_every_demo_call_past_its_draft_is_complete(db):
    call_command("demo_data")
    call_command("demo_scoring")

    problems = {call.slug: call_problems(call=call) for call in Call.objects.exclude(status=Call.Status.DRAFT)}

    assert len(problems) == 4
    closed = Call.objects.get(status=Call.Status.IN_REVIEW)
    assert problems.pop(closed.slug) == ["The closing time has passed: choose a closing time in the future."]
    assert problems == {slug: [] for slug in problems}

