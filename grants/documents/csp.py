"""The Content-Security-Policy (django-csp, settings.CONTENT_SECURITY_POLICY): scripts, styles, fonts and images
from the portal itself only, no inline script. Pages also send files straight to the documents bucket (the
upload script's XMLHttpRequest), so the bucket's address is allowed as a connection when documents are in S3;
it is read from the documents storage as it is configured, like the uploads themselves."""

from __future__ import annotations

from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware, PolicyParts
from django.core.files.storage import storages


def bucket_origins() -> list[str]:
    """Where presigned POSTs go: the S3 endpoint, in path style or with the bucket as a subdomain."""
    storage = storages["documents"]
    bucket = getattr(storage, "bucket_name", None)
    if not bucket:
        return []
    endpoint = urlsplit(storage.endpoint_url or f"https://s3.{storage.region_name}.amazonaws.com")
    return [f"{endpoint.scheme}://{endpoint.netloc}", f"{endpoint.scheme}://{bucket}.{endpoint.netloc}"]


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        origins = bucket_origins()
        if origins and not report_only:
            parts.update = {**(parts.update or {}), "connect-src": origins}
        return parts
