"""Where documents live: Django's storage alias "documents" (portal/settings.py), which is either the local
disk under MEDIA_ROOT or a private S3 bucket, and the few things the upload flow needs beyond the storage
API: presigned POSTs, ranged reads, streamed reads and short-lived download links.

Objects are named `documents/<random>.<extension>`: the random part (256 bits) is the unguessable prefix,
the original name stays in the database. The S3 storage has no `location`, so a name is the object key.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Iterator

from django.core.cache import cache
from django.core.files.storage import storages
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from grants.kernel.errors import ServiceError

KEY_PREFIX = "documents/"
DOWNLOAD_LINK_SECONDS = 300
CHUNK = 1024 * 1024
AVAILABILITY_SECONDS = 30


class StoreUnavailable(ServiceError):
    """The document store does not answer; nothing was changed. The page shows the normal page with this
    message (upload, download, agreement, archive alike), never an error page."""

    def __init__(self, message: str | None = None):
        super().__init__(
            message
            or _(
                "Documents are temporarily unavailable: the document store cannot be reached. Nothing you "
                "entered is lost; try again in a few minutes."
            )
        )


@contextlib.contextmanager
def store_errors():
    """Network failures and server-side errors of S3, or a local disk that cannot be read or written, become
    StoreUnavailable; a missing object stays FileNotFoundError."""
    from botocore.exceptions import BotoCoreError, ClientError  # boto3 loads only once documents are used

    try:
        yield
    except ClientError as error:
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if status == 404:
            raise FileNotFoundError(str(error)) from error
        raise StoreUnavailable() from error
    except BotoCoreError as error:
        raise StoreUnavailable() from error
    except FileNotFoundError:
        raise
    except OSError as error:
        raise StoreUnavailable() from error


class DocumentStore:
    def __init__(self):
        from storages.backends.s3 import S3Storage  # boto3 loads only once documents are used (start-up time)

        self.storage = storages["documents"]
        self.is_s3 = isinstance(self.storage, S3Storage)

    @property
    def direct_uploads(self) -> bool:
        """Browsers upload straight to the bucket; the local disk is only reached through the portal."""
        return self.is_s3

    @property
    def _client(self):
        return self.storage.connection.meta.client

    @staticmethod
    def new_key(*, extension: str) -> str:
        return f"{KEY_PREFIX}{secrets.token_hex(32)}.{extension.lower()}"

    def available(self) -> bool:
        """Whether the store answers, asked at most every 30 seconds per process (the documents page asks)."""
        if not self.is_s3:
            return True
        cache_key = f"documents-store-up:{self.storage.endpoint_url}:{self.storage.bucket_name}"
        answer = cache.get(cache_key)
        if answer is None:
            try:
                with store_errors():
                    self._client.head_bucket(Bucket=self.storage.bucket_name)
                answer = True
            except (StoreUnavailable, FileNotFoundError):
                answer = False
            cache.set(cache_key, answer, AVAILABILITY_SECONDS)
        return answer

    def presigned_post(self, *, key: str, max_bytes: int, expires_in: int) -> dict:
        """A form the browser posts the file to: this key only, 1 byte to max_bytes (enforced by S3 itself;
        the portal checks the size again, since not every S3-compatible service does)."""
        with store_errors():
            return self._client.generate_presigned_post(
                Bucket=self.storage.bucket_name,
                Key=key,
                Conditions=[["content-length-range", 1, max_bytes]],
                ExpiresIn=expires_in,
            )

    def save(self, *, key: str, content) -> None:
        with store_errors():
            saved = self.storage.save(key, content)
        if saved != key:
            raise RuntimeError(f"the storage renamed {key} to {saved}")

    def size(self, key: str) -> int | None:
        """The stored size in bytes (a HEAD on S3), or None when there is no such object."""
        try:
            with store_errors():
                return self.storage.size(key)
        except FileNotFoundError:
            return None

    def read_range(self, key: str, start: int, end: int) -> bytes:
        """Bytes start..end inclusive (a ranged GET on S3)."""
        if self.is_s3:
            with store_errors():
                response = self._client.get_object(
                    Bucket=self.storage.bucket_name, Key=key, Range=f"bytes={start}-{end}"
                )
                return response["Body"].read()
        with store_errors(), self.storage.open(key, "rb") as file:
            file.seek(start)
            return file.read(end - start + 1)

    def iter_chunks(self, key: str) -> Iterator[bytes]:
        """The whole object, streamed in 1 MB pieces."""
        if self.is_s3:
            with store_errors():
                body = self._client.get_object(Bucket=self.storage.bucket_name, Key=key)["Body"]
                try:
                    yield from body.iter_chunks(CHUNK)
                finally:
                    body.close()
            return
        with store_errors(), self.storage.open(key, "rb") as file:
            while chunk := file.read(CHUNK):
                yield chunk

    def open(self, key: str):
        with store_errors():
            return self.storage.open(key, "rb")

    def delete(self, key: str) -> None:
        with store_errors():
            self.storage.delete(key)

    def exists(self, key: str) -> bool:
        with store_errors():
            return self.storage.exists(key)

    def download_url(self, *, key: str, filename: str, content_type: str) -> str:
        """A presigned GET, valid five minutes, that makes the browser save the file under `filename`."""
        with store_errors():
            return self.storage.url(
                key,
                parameters={
                    "ResponseContentDisposition": content_disposition_header(
                        as_attachment=True, filename=filename
                    ),
                    "ResponseContentType": content_type,
                },
                expire=DOWNLOAD_LINK_SECONDS,
            )
