from django.urls import path

from scoring import views

app_name = "scoring"

urlpatterns = [
    # Reviewers
    path("", views.dashboard, name="dashboard"),
    path("assignments/<int:pk>/", views.score, name="score"),
    path("assignments/<int:pk>/declare/", views.declare, name="declare"),
    path("assignments/<int:pk>/pdf/", views.reviewer_pdf, name="pdf"),
    path("assignments/<int:pk>/documents/<int:document_pk>/", views.reviewer_document, name="document"),
    # Staff
    path("calls/", views.call_list, name="call_list"),
    path("calls/<slug:slug>/", views.call_overview, name="call_overview"),
    path("calls/<slug:slug>/phase/", views.phase_change, name="phase_change"),
    path("calls/<slug:slug>/rubric/", views.rubric, name="rubric"),
    path("calls/<slug:slug>/rubric/reopen/", views.rubric_reopen, name="rubric_reopen"),
    path("calls/<slug:slug>/rubric/lock/", views.rubric_relock, name="rubric_relock"),
    path("calls/<slug:slug>/screening/", views.screening_list, name="screening_list"),
    path("calls/<slug:slug>/screening/release/", views.screening_release, name="screening_release"),
    path("calls/<slug:slug>/screening/<int:pk>/", views.screening_decide, name="screening_decide"),
    path("calls/<slug:slug>/reviewers/", views.pool, name="pool"),
    path("calls/<slug:slug>/reviewers/add/", views.pool_add, name="pool_add"),
    path("calls/<slug:slug>/reviewers/<int:user_pk>/remove/", views.pool_remove, name="pool_remove"),
    path("calls/<slug:slug>/assignments/", views.assignments, name="assignments"),
    path("calls/<slug:slug>/assignments/auto/", views.assignments_auto, name="assignments_auto"),
    path(
        "calls/<slug:slug>/assignments/<int:assignment_pk>/remove/",
        views.assignment_remove,
        name="assignment_remove",
    ),
    path("calls/<slug:slug>/applications/<int:pk>/", views.application_reviews, name="application_reviews"),
    path("calls/<slug:slug>/applications/<int:pk>/assign/", views.assignment_add, name="assignment_add"),
    path(
        "calls/<slug:slug>/applications/<int:pk>/consensus/",
        views.moderation_record,
        name="moderation_record",
    ),
    path(
        "calls/<slug:slug>/applications/<int:pk>/consensus/withdraw/",
        views.moderation_clear,
        name="moderation_clear",
    ),
    path("calls/<slug:slug>/reviews/<int:review_pk>/reopen/", views.review_reopen, name="review_reopen"),
    path("calls/<slug:slug>/ranking/", views.ranking, name="ranking"),
    path("calls/<slug:slug>/ranking.csv", views.ranking_csv, name="ranking_csv"),
]
