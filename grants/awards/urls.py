"""URLs of decisions, awards, agreements and payments, in the portal's `grants` namespace (portal/urls.py)."""

from django.urls import path

from grants.awards.views import agreements, awards, decisions, payments, tracking

urlpatterns = [
    path("staff/calls/<slug:slug>/decisions/", decisions.call_decisions, name="call_decisions"),
    path("staff/calls/<slug:slug>/decisions/release/", decisions.decisions_release, name="decisions_release"),
    path("staff/applications/<int:pk>/decision/", decisions.decision_edit, name="decision_edit"),
    path("staff/applications/<int:pk>/award/", awards.award_create, name="award_create"),
    path("staff/awards/", tracking.award_list, name="award_list"),
    path("staff/awards/<int:pk>/amend/", awards.award_amend, name="award_amend"),
    path("staff/awards/<int:pk>/suspend/", awards.award_suspend, name="award_suspend"),
    path("staff/awards/<int:pk>/reinstate/", awards.award_reinstate, name="award_reinstate"),
    path("staff/awards/<int:pk>/close/", awards.award_close, name="award_close"),
    path(
        "staff/awards/<int:pk>/payments/<int:number>/release/", payments.payment_release, name="payment_release"
    ),
    path("awards/", awards.my_awards, name="my_awards"),
    path("awards/<int:pk>/", awards.award_detail, name="award_detail"),
    path("awards/<int:pk>/accept/", agreements.agreement_accept, name="agreement_accept"),
    path("awards/<int:pk>/agreement/v<int:version>.pdf", agreements.agreement_pdf, name="agreement_pdf"),
]
