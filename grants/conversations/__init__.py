"""Conversations on the record: messages between staff and an organization on an application, an award or a
progress report (with attachments through grants.documents), staff-only notes, and clarification requests on
applications whose answers reviewers read (scoring.views.reviewer, masked as the rest under blind review)."""
