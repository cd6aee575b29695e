"""Documents of any owner (applications, progress reports): storage (local disk or a private S3 bucket),
verification of what arrives, versions, and permission-checked downloads.

models.py    DocumentType and Document (every version, owned through a generic relation)
enums.py     a version's statuses and their groups
owners.py    what each owner kind answers; owners register from their own app's ready()
checks.py    names and types read from the bytes; store.py: where files live; uploads.py: receiving a POSTed file
services.py  upload (direct or through the portal), confirm, replace, remove, download, discard stale uploads
selectors.py an owner's slots, current files, history and submitted versions
views.py, urls.py, rules.py, admin.py, templatetags/documents.py (the upload controls)
"""
