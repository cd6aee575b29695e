"""The review's URLs (namespace "scoring"): a reviewer's pages, then staff's pages of a call."""

from django.urls import path

from scoring.views import (
    exports,
    reviewer,
    staff_applications,
    staff_calls,
    staff_ranking,
    staff_reviewers,
    staff_rubric,
    staff_screening,
)

app_name = "scoring"

urlpatterns = [
    # Reviewers
    path("", reviewer.dashboard, name="dashboard"),
    path("assignments/<int:pk>/", reviewer.score, name="score"),
    path("assignments/<int:pk>/declare/", reviewer.declare, name="declare"),
    path("assignments/<int:pk>/pdf/", reviewer.reviewer_pdf, name="pdf"),
    path("assignments/<int:pk>/documents/<int:document_pk>/", reviewer.reviewer_document, name="document"),
    # Staff
    path("calls/", staff_calls.call_list, name="call_list"),
    path("calls/<slug:slug>/", staff_calls.call_overview, name="call_overview"),
    path("calls/<slug:slug>/phase/", staff_calls.phase_change, name="phase_change"),
    path("calls/<slug:slug>/rubric/", staff_rubric.rubric, name="rubric"),
    path("calls/<slug:slug>/rubric/reopen/", staff_rubric.rubric_reopen, name="rubric_reopen"),
    path("calls/<slug:slug>/rubric/lock/", staff_rubric.rubric_relock, name="rubric_relock"),
    path("calls/<slug:slug>/screening/", staff_screening.screening_list, name="screening_list"),
    path("calls/<slug:slug>/screening/release/", staff_screening.screening_release, name="screening_release"),
    path("calls/<slug:slug>/screening/<int:pk>/", staff_screening.screening_decide, name="screening_decide"),
    path("calls/<slug:slug>/reviewers/", staff_reviewers.pool, name="pool"),
    path("calls/<slug:slug>/reviewers/add/", staff_reviewers.pool_add, name="pool_add"),
    path("calls/<slug:slug>/reviewers/<int:user_pk>/remove/", staff_reviewers.pool_remove, name="pool_remove"),
    path("calls/<slug:slug>/assignments/", staff_reviewers.assignments, name="assignments"),
    path("calls/<slug:slug>/assignments/auto/", staff_reviewers.assignments_auto, name="assignments_auto"),
    path(
        "calls/<slug:slug>/assignments/<int:assignment_pk>/remove/",
        staff_applications.assignment_remove,
        name="assignment_remove",
    ),
    path(
        "calls/<slug:slug>/applications/<int:pk>/",
        staff_applications.application_reviews,
        name="application_reviews",
    ),
    path(
        "calls/<slug:slug>/applications/<int:pk>/assign/",
        staff_applications.assignment_add,
        name="assignment_add",
    ),
    path(
        "calls/<slug:slug>/applications/<int:pk>/consensus/",
        staff_applications.moderation_record,
        name="moderation_record",
    ),
    path(
        "calls/<slug:slug>/applications/<int:pk>/consensus/withdraw/",
        staff_applications.moderation_clear,
        name="moderation_clear",
    ),
    path(
        "calls/<slug:slug>/reviews/<int:review_pk>/reopen/",
        staff_applications.review_reopen,
        name="review_reopen",
    ),
    path("calls/<slug:slug>/ranking/", staff_ranking.ranking, name="ranking"),
    path("calls/<slug:slug>/ranking.csv", exports.ranking_csv, name="ranking_csv"),
]
