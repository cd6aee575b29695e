"""The workspace's pages, in the portal's `grants` namespace (portal/urls.py). The home keeps the name sign-in and
every "back to my applications" link already use: grants:dashboard."""

from django.urls import path

from grants.workspace import views

urlpatterns = [
    path("dashboard/", views.home, name="dashboard"),
    path("staff/search/", views.search, name="staff_search"),
    path("staff/applications/", views.application_list, name="staff_applications"),
    path("staff/organizations/", views.organization_list, name="staff_organizations"),
    path("staff/organizations/<int:pk>/", views.organization_detail, name="staff_organization"),
]
