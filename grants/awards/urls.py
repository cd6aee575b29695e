"""URLs of decisions, awards, agreements and payments, in the portal's `grants` namespace (portal/urls.py)."""

from django.urls import path

from grants.awards import views

urlpatterns = [
    path("staff/calls/<slug:slug>/decisions/", views.call_decisions, name="call_decisions"),
    path("staff/calls/<slug:slug>/decisions/release/", views.decisions_release, name="decisions_release"),
    path("staff/applications/<int:pk>/decision/", views.decision_edit, name="decision_edit"),
    path("staff/applications/<int:pk>/award/", views.award_create, name="award_create"),
    path("staff/awards/", views.award_list, name="award_list"),
    path("staff/awards/<int:pk>/amend/", views.award_amend, name="award_amend"),
    path("staff/awards/<int:pk>/suspend/", views.award_suspend, name="award_suspend"),
    path("staff/awards/<int:pk>/reinstate/", views.award_reinstate, name="award_reinstate"),
    path("staff/awards/<int:pk>/close/", views.award_close, name="award_close"),
    path(
        "staff/awards/<int:pk>/payments/<int:number>/release/", views.payment_release, name="payment_release"
    ),
    path("awards/<int:pk>/", views.award_detail, name="award_detail"),
    path("awards/<int:pk>/accept/", views.agreement_accept, name="agreement_accept"),
    path("awards/<int:pk>/agreement/v<int:version>.pdf", views.agreement_pdf, name="agreement_pdf"),
]
