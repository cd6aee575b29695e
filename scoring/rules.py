"""Who may do what in the review, as predicates. When (which phase) is the switchboard's business."""

import rules

from grants.applications.documents import submitted_document_ids
from grants.kernel.rules import is_program_officer, is_reviewer
from scoring.enums import AssignmentStatus
from scoring.models import Assignment


@rules.predicate
def is_assigned_reviewer(user, assignment) -> bool:
    """The reviewer of a live assignment, whether or not they have declared yet."""
    return (
        assignment is not None
        and user.is_authenticated
        and assignment.reviewer_id == user.pk
        and assignment.status in AssignmentStatus.ACTIVE
    )


@rules.predicate
def has_declared_no_conflict(user, assignment) -> bool:
    return assignment is not None and assignment.status == AssignmentStatus.ACCEPTED


@rules.predicate
def is_assigned_non_conflicted_reviewer_of_application(user, application) -> bool:
    if application is None or not user.is_authenticated:
        return False
    return Assignment.objects.filter(
        application=application, reviewer=user, status=AssignmentStatus.ACCEPTED
    ).exists()


@rules.predicate
def is_assigned_non_conflicted_reviewer_of_document(user, document) -> bool:
    """A submitted version of an application the reviewer declared no conflict with. Not under blind
    review: there the file goes only through scoring's own view, which gives it a neutral name.
    The documents app asks this of an application's files (ScoringConfig.ready registers it)."""
    application = document.owner
    if application.call.blind_review or document.pk not in submitted_document_ids(application.snapshot):
        return False
    return is_assigned_non_conflicted_reviewer_of_application(user, application)

# Reviewers
rules.add_perm("scoring.review_applications", is_reviewer)  # their dashboard
rules.add_perm("scoring.declare_conflict", is_assigned_reviewer)  # object: assignment
rules.add_perm(
    "scoring.score_application", is_assigned_reviewer & has_declared_no_conflict
)  # object: assignment

# Staff (object: the call, or nothing)
rules.add_perm("scoring.manage_review", is_program_officer)

# Back office: the rubric and its criteria ("scoring" is the admin's module permission)
rules.add_perm("scoring", is_program_officer)
for model in ("rubric", "criterion"):
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"scoring.{action}_{model}", is_program_officer)
