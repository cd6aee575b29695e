"""Organization pages, in the portal's `grants` namespace (portal/urls.py)."""

from django.urls import path

from grants.organizations import views

urlpatterns = [
    path("organizations/new/", views.organization_register, name="organization_register"),
    path("organizations/switch/", views.organization_switch, name="organization_switch"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization_detail"),
    path("organizations/<int:pk>/edit/", views.organization_edit, name="organization_edit"),
    path("organizations/<int:pk>/invite/", views.organization_invite, name="organization_invite"),
    path(
        "organizations/<int:pk>/publication/edit/",
        views.organization_publication_edit,
        name="organization_publication_edit",
    ),
    path(
        "organizations/<int:pk>/publication/consent/",
        views.organization_publication_consent,
        name="organization_publication_consent",
    ),
    path(
        "organizations/<int:pk>/publication/revoke/",
        views.organization_publication_revoke,
        name="organization_publication_revoke",
    ),
    path(
        "organizations/<int:pk>/members/<int:membership_pk>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
