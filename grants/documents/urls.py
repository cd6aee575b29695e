from django.urls import path

from grants.documents import views

# Included in grants/urls.py, so the names live in the "grants" namespace.
urlpatterns = [
    path("applications/<int:pk>/documents/upload/", views.document_upload, name="document_upload"),
    path("applications/<int:pk>/documents/presign/", views.document_presign, name="document_presign"),
    path("applications/<int:pk>/documents/confirm/", views.document_confirm, name="document_confirm"),
    path("documents/<int:pk>/remove/", views.document_remove, name="document_remove"),
    path("documents/<int:pk>/download/", views.document_download, name="document_download"),
]
