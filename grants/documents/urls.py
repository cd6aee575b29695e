from django.urls import path

from grants.documents import views

# Included in grants/urls.py, so the names live in the "grants" namespace. Other owners' apps route the same
# views with their own `kind` (reporting/urls.py).
OWNER = {"kind": "application"}

urlpatterns = [
    path("applications/<int:pk>/documents/upload/", views.document_upload, OWNER, name="document_upload"),
    path("applications/<int:pk>/documents/presign/", views.document_presign, OWNER, name="document_presign"),
    path("applications/<int:pk>/documents/confirm/", views.document_confirm, OWNER, name="document_confirm"),
    path("documents/<int:pk>/remove/", views.document_remove, name="document_remove"),
    path("documents/<int:pk>/download/", views.document_download, name="document_download"),
]
