"""Writes for the review of a call. One keyword-only function per state change: it reads the phase it checks
from the call's locked row (scoring.phases.switchboard_for_update), moves states with
grants.kernel.audit.transition (one audit entry each) and enqueues its notification in the same transaction.

- phases.py: the call's review phase
- rubrics.py: copying, reopening and locking again the rubric
- pools.py: the reviewer pool and its settings
- balance.py: the pool's lock and the balancing of assignments the others rebalance through
- assignments.py: automatic assignment; staff adding or removing a reviewer
- conflicts.py: the reviewer's declaration
- reviews.py: saving, submitting and reopening a review
- screening.py: eligibility decisions and their release
- moderation.py: the panel's consensus scores
- reminders.py: reminders of late reviews

Callers write `from scoring import services; services.review_save(...)`: the public names are re-exported here.
"""

from scoring.services.assignments import assignment_add, assignment_remove, assignments_auto
from scoring.services.balance import MINIMUM_REVIEW_TIME, AssignmentResult
from scoring.services.conflicts import conflict_declare
from scoring.services.moderation import moderation_clear, moderation_record
from scoring.services.phases import call_phase_change
from scoring.services.pools import pool_add_reviewer, pool_remove_reviewer, pool_update_settings
from scoring.services.reminders import REMINDER_INTERVAL, reminders_send
from scoring.services.reviews import Problem, ScoreInput, review_problems, review_reopen, review_save
from scoring.services.rubrics import rubric_copy, rubric_relock, rubric_reopen
from scoring.services.screening import screening_decide, screening_release

__all__ = [
    "MINIMUM_REVIEW_TIME",
    "REMINDER_INTERVAL",
    "AssignmentResult",
    "Problem",
    "ScoreInput",
    "assignment_add",
    "assignment_remove",
    "assignments_auto",
    "call_phase_change",
    "conflict_declare",
    "moderation_clear",
    "moderation_record",
    "pool_add_reviewer",
    "pool_remove_reviewer",
    "pool_update_settings",
    "reminders_send",
    "review_problems",
    "review_reopen",
    "review_save",
    "rubric_copy",
    "rubric_relock",
    "rubric_reopen",
    "screening_decide",
    "screening_release",
]
