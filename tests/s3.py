"""A real S3-compatible endpoint for the tests: moto's server on 127.0.0.1 at a free port, started once per
test session. The portal reaches it through django-storages and boto3 over HTTP, exactly as it reaches S3;
nothing patches boto3. (moto does not enforce a presigned POST's content-length-range, so tests of the
size limit see the portal's own check.)"""

from __future__ import annotations

import socket

import boto3
import pytest
import requests
from boto3.s3.transfer import TransferConfig
from botocore.config import Config

BUCKET = "portal-documents-test"
REGION = "ca-central-1"
KEYS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def documents_storage(endpoint: str) -> dict:
    """STORAGES["documents"] as portal/settings.py builds it from AWS_* variables, pointed at `endpoint`."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": BUCKET,
            "region_name": REGION,
            "endpoint_url": endpoint,
            "access_key": KEYS["aws_access_key_id"],
            "secret_key": KEYS["aws_secret_access_key"],
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
            "client_config": Config(
                signature_version="s3v4",
                connect_timeout=2,
                read_timeout=10,
                retries={"max_attempts": 1, "mode": "standard"},
            ),
            "transfer_config": TransferConfig(multipart_chunksize=8 * 1024 * 1024, use_threads=False),
        },
    }


class Bucket:
    """The test's own view of the bucket, to check what the portal left in it."""

    def __init__(self, endpoint: str):
        self.endpoint = endpoint
        self.client = boto3.client("s3", endpoint_url=endpoint, region_name=REGION, **KEYS)

    def exists(self, key: str) -> bool:
        return self.client.list_objects_v2(Bucket=BUCKET, Prefix=key).get("KeyCount", 0) > 0

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=BUCKET, Key=key)["Body"].read()

    def put(self, key: str, data: bytes) -> None:
        self.client.put_object(Bucket=BUCKET, Key=key, Body=data)


@pytest.fixture(scope="session")
def moto_endpoint():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    boto3.client("s3", endpoint_url=endpoint, region_name=REGION, **KEYS).create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    yield endpoint
    server.stop()


@pytest.fixture
def s3_documents(settings, moto_endpoint) -> Bucket:
    """Documents in the moto bucket for this test (changing STORAGES resets Django's cached storages)."""
    settings.STORAGES = {**settings.STORAGES, "documents": documents_storage(moto_endpoint)}
    return Bucket(moto_endpoint)


@pytest.fixture
def s3_unreachable(settings) -> str:
    """Documents configured in a bucket whose endpoint does not answer (a port nothing listens on)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    endpoint = f"http://127.0.0.1:{port}"
    settings.STORAGES = {**settings.STORAGES, "documents": documents_storage(endpoint)}
    return endpoint


def send_to_bucket(presigned: dict, name: str, content: bytes) -> requests.Response:
    """What the page's script does: POST the presigned fields and the file straight to the bucket."""
    return requests.post(
        presigned["url"], data=presigned["fields"], files={"file": (name, content)}, timeout=30
    )
