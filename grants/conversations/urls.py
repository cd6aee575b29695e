"""Conversations, in the portal's `grants` namespace (portal/urls.py). A draft message's files go through the
documents app's views with the owner kind "message" (grants/conversations/documents.py)."""

from django.urls import path

from grants.conversations import views
from grants.documents import views as document_views

OWNER = {"kind": "message"}

urlpatterns = [
    path("conversations/<str:kind>/<int:pk>/", views.thread, name="thread"),
    path("staff/conversations/", views.staff_queue, name="conversation_queue"),
    path("messages/<int:pk>/documents/upload/", document_views.document_upload, OWNER, name="message_document_upload"),
    path("messages/<int:pk>/documents/presign/", document_views.document_presign, OWNER,
         name="message_document_presign"),
    path("messages/<int:pk>/documents/confirm/", document_views.document_confirm, OWNER,
         name="message_document_confirm"),
]
