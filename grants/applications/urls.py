"""Calls and applications, in the portal's `grants` namespace (portal/urls.py). An application's
files go through the documents app's views with the owner kind "application" (grants/applications/documents.py)."""

from django.urls import path

from grants.applications import views
from grants.documents import views as document_views

OWNER = {"kind": "application"}

urlpatterns = [
    path("", views.home, name="home"),
    path("calls/", views.call_list, name="call_list"),
    path("calls/<slug:slug>/", views.call_detail, name="call_detail"),
    path("calls/<slug:slug>/eligibility/", views.call_eligibility, name="call_eligibility"),
    path("calls/<slug:slug>/apply/", views.application_start, name="application_start"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", views.ApplicationWizard.as_view(), name="application_wizard"),
    path("applications/<int:pk>/edit/<str:step>/", views.ApplicationWizard.as_view(), name="application_wizard_step"),
    path("applications/<int:pk>/submit/", views.application_submit, name="application_submit"),
    path("applications/<int:pk>/submitted/", views.application_submitted, name="application_submitted"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="application_withdraw"),
    path("applications/<int:pk>/pdf/", views.application_pdf, name="application_pdf"),
    path("staff/applications/<int:pk>/reopen/", views.application_reopen, name="application_reopen"),
    path("staff/applications/<int:pk>/extend/", views.application_extend, name="application_extend"),
    path("applications/<int:pk>/documents/upload/", document_views.document_upload, OWNER, name="document_upload"),
    path("applications/<int:pk>/documents/presign/", document_views.document_presign, OWNER, name="document_presign"),
    path("applications/<int:pk>/documents/confirm/", document_views.document_confirm, OWNER, name="document_confirm"),
]
