from django.urls import path

from grants import views
from grants.awards.urls import urlpatterns as award_urlpatterns
from grants.documents.urls import urlpatterns as document_urlpatterns

app_name = "grants"

urlpatterns = [
    path("", views.home, name="home"),
    path("calls/", views.call_list, name="call_list"),
    path("calls/<slug:slug>/", views.call_detail, name="call_detail"),
    path("calls/<slug:slug>/apply/", views.application_start, name="application_start"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("organizations/new/", views.organization_register, name="organization_register"),
    path("organizations/switch/", views.organization_switch, name="organization_switch"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization_detail"),
    path("organizations/<int:pk>/edit/", views.organization_edit, name="organization_edit"),
    path("organizations/<int:pk>/invite/", views.organization_invite, name="organization_invite"),
    path(
        "organizations/<int:pk>/members/<int:membership_pk>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", views.ApplicationWizard.as_view(), name="application_wizard"),
    path("applications/<int:pk>/edit/<str:step>/", views.ApplicationWizard.as_view(), name="application_wizard_step"),
    path("applications/<int:pk>/submit/", views.application_submit, name="application_submit"),
    path("applications/<int:pk>/submitted/", views.application_submitted, name="application_submitted"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="application_withdraw"),
    path("applications/<int:pk>/pdf/", views.application_pdf, name="application_pdf"),
    path("staff/applications/<int:pk>/reopen/", views.application_reopen, name="application_reopen"),
    *document_urlpatterns,
    *award_urlpatterns,
]
