"""Removing and downloading a document, in the portal's `grants` namespace (portal/urls.py). Each owner's app
routes upload, presign and confirm under its own URLs with its `kind` (grants/applications/urls.py,
reporting/urls.py)."""

from django.urls import path

from grants.documents import views

urlpatterns = [
    path("documents/<int:pk>/remove/", views.document_remove, name="document_remove"),
    path("documents/<int:pk>/download/", views.document_download, name="document_download"),
]
