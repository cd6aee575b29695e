from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Anti-Human Trafficking Grants: back office")
admin.site.site_title = _("Grants back office")
admin.site.index_title = _("Funds, calls and organizations")

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("review/", include("scoring.urls")),
    path("reports/", include("reporting.urls")),
    path("", include("grants.urls")),
]


