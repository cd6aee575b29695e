from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from grants.applications.urls import urlpatterns as application_urls
from grants.awards.urls import urlpatterns as award_urls
from grants.conversations.urls import urlpatterns as conversation_urls
from grants.documents.urls import urlpatterns as document_urls
from grants.organizations.urls import urlpatterns as organization_urls
from grants.workspace.urls import urlpatterns as workspace_urls

admin.site.site_header = _("Anti-Human Trafficking Grants: back office")
admin.site.site_title = _("Grants back office")
admin.site.index_title = _("Funds, calls and organizations")
# The back office's own login page would take a password alone: it hands over to allauth's, which asks staff for
# their authenticator app's code as well (grants/accounts/mfa.py).
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("review/", include("scoring.urls")),
    path("reports/", include("reporting.urls")),
    path("staff/calls/", include("grants.setup.urls")),
    path("", include("grants.publishing.urls")),
    # The grants package's pages share one namespace, "grants".
    path(
        "",
        include(([
            *application_urls, *organization_urls, *document_urls, *award_urls, *conversation_urls,
            *workspace_urls,
        ], "grants")),
    ),
]


