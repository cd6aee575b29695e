from django.urls import path

from grants.documents import views as document_views
from reporting.views import archive, portfolio, reports

REPORT = {"kind": "report"}  # attachments go through grants' document views

app_name = "reporting"

urlpatterns = [
    path("", reports.report_list, name="report_list"),
    path("periods/<int:period_pk>/start/", reports.report_start, name="report_start"),
    path("<int:pk>/", reports.report_detail, name="report_detail"),
    path("<int:pk>/step/<slug:step>/", reports.report_step, name="report_step"),
    path("<int:pk>/submit/", reports.report_submit, name="report_submit"),
    path("<int:pk>/documents/upload/", document_views.document_upload, REPORT, name="report_document_upload"),
    path("<int:pk>/documents/presign/", document_views.document_presign, REPORT, name="report_document_presign"),
    path("<int:pk>/documents/confirm/", document_views.document_confirm, REPORT, name="report_document_confirm"),
    path("staff/portfolio/", portfolio.portfolio, name="portfolio"),
    path("staff/portfolio/export/<slug:kind>.<slug:fmt>", portfolio.portfolio_export, name="portfolio_export"),
    path(
        "organizations/<int:pk>/archive/", archive.organization_archive_page, name="organization_archive_page"
    ),
    path("organizations/<int:pk>/archive.zip", archive.organization_archive, name="organization_archive"),
    path("staff/review/", reports.review_queue, name="review_queue"),
    path("staff/awards/<int:award_pk>/request/", reports.report_request, name="report_request"),
]
