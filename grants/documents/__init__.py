"""Applicants' documents: storage (local disk or a private S3 bucket), verification of what arrives,
versions, and permission-checked downloads. The Document model itself is in grants/models.py."""
