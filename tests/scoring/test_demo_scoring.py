"""The review demo leaves the conversation journey ready: one question waiting for applicant@example.org."""

from django.core.management import call_command

from grants.conversations.models import Clarification


def test_the_demo_leaves_one_question_for_the_applicant_to_answer(db):
    call_command("demo_data")
    call_command("demo_scoring")
    call_command("demo_scoring")

    question = Clarification.objects.select_related("application__organization").get()
    assert question.application.organization.legal_name == "City of Riverside"
    assert question.answered_at is None
