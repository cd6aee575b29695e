"""Publishing's pages: public ones first (no sign-in), then staff's and an organization's."""

from django.urls import path, register_converter

from grants.kernel.timeutils import fiscal_year_label
from grants.publishing import views


class FiscalYearConverter:
    """`2026-27` in a URL is the fiscal year starting April 2026; `2026-28` is no fiscal year (404)."""

    regex = r"\d{4}-\d{2}"

    def to_python(self, value: str) -> int:
        start, end = value.split("-")
        if (int(start) + 1) % 100 != int(end):
            raise ValueError(value)
        return int(start)

    def to_url(self, value: int) -> str:
        return fiscal_year_label(value).replace("–", "-")


class FeedFormatConverter:
    """csv: the Government of Canada layout (bilingual); json, fr.json: 360Giving in English, in French."""

    regex = r"fr\.json|json|csv"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FiscalYearConverter, "fiscalyear")
register_converter(FeedFormatConverter, "feedformat")

app_name = "publishing"

urlpatterns = [
    path("services/", views.directory, name="directory"),
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/current/grants.<feedformat:fmt>", views.feed, name="feed_current"),
    path("open-data/<fiscalyear:year>/grants.<feedformat:fmt>", views.feed, name="feed"),
    path("open-data/staff/", views.staff_exports, name="staff_exports"),
    path("open-data/staff/export.<feedformat:fmt>", views.staff_export, name="staff_export"),
    path("organizations/<int:pk>/publication/", views.organization_publication, name="organization_publication"),
]
