from django.urls import path

from grants.documents import views as document_views
from reporting import views

REPORT = {"kind": "report"}  # attachments go through grants' document views

app_name = "reporting"

urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("periods/<int:period_pk>/start/", views.report_start, name="report_start"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/step/<slug:step>/", views.report_step, name="report_step"),
    path("<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("<int:pk>/documents/upload/", document_views.document_upload, REPORT, name="report_document_upload"),
    path("<int:pk>/documents/presign/", document_views.document_presign, REPORT, name="report_document_presign"),
    path("<int:pk>/documents/confirm/", document_views.document_confirm, REPORT, name="report_document_confirm"),
    path("staff/portfolio/", views.portfolio, name="portfolio"),
    path("staff/portfolio/export/<slug:kind>.<slug:fmt>", views.portfolio_export, name="portfolio_export"),
    path(
        "organizations/<int:pk>/archive/", views.organization_archive_page, name="organization_archive_page"
    ),
    path("organizations/<int:pk>/archive.zip", views.organization_archive, name="organization_archive"),
    path("staff/review/", views.review_queue, name="review_queue"),
    path("staff/awards/<int:award_pk>/request/", views.report_request, name="report_request"),
]
