"""How a file posted to the portal is received: streamed to a temporary file, never held in memory."""

from __future__ import annotations

from django.core.files.uploadhandler import SkipFile, TemporaryFileUploadHandler


class LimitedTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    """Writes each uploaded file to a temporary file in 64 KB pieces, and drops one as soon as it passes
    the limit (remembering its name, so the page can say why) instead of filling the disk with it."""

    def __init__(self, request=None, *, max_bytes: int):
        super().__init__(request)
        self.max_bytes = max_bytes
        self.oversized: list[str] = []
        self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.max_bytes:
            self.oversized.append(self.file_name)
            self.file.close()
            raise SkipFile
        return super().receive_data_chunk(raw_data, start)
