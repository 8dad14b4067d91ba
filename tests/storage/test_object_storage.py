"""Uploaded files on S3-compatible object storage (django-storages), end to end against moto's
S3 in server mode on a loopback port: lesson images and their variants, campaign logos, signed
short-lived URLs, a private bucket, deletion. Nothing here may reach beyond 127.0.0.1.

What moto checks and what it does not: it refuses an unsigned request for a private object
(403), but it verifies neither a presigned URL's signature nor its expiry (real S3 does both).
So the tests assert that every URL carries a SigV4 signature with our expiry, and that objects
and bucket have no grant beyond their owner's; the signature's validity is the store's work.
"""

import io
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import boto3
import environ
import pytest
from botocore.config import Config
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto.server import ThreadedMotoServer
from PIL import Image

from backend.organisations.roles import Role
from backend.storage_settings import (
    LOCAL_STORAGE,
    S3_STORAGE,
    StorageSettingsError,
    default_storage_config,
    default_storage_from_env,
)
from campaigns.compliments.card_documents import campaign_logo_png
from campaigns.compliments.models import Campaign
from microlessons.image_uploads import lesson_image_file_names
from microlessons.models import LessonImage
from tests.conftest import client_for
from tests.factories import EmployeeFactory
from tests.helpers import admin_client

REGION = "eu-west-1"
ACCESS_KEY = "dienst-dna-test-key"
SECRET_KEY = "dienst-dna-test-secret"
SIGNED_SECONDS = 120  # not the default, so the test sees that the setting is used
LOOPBACK = {"127.0.0.1", "::1", "localhost"}
ROOT = Path(__file__).resolve().parent.parent.parent
ANYONE = {
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
}


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's S3 in this process on a free loopback port, with dummy credentials only."""
    patch = pytest.MonkeyPatch()
    for name, value in {
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_EC2_METADATA_DISABLED": "true",  # never ask 169.254.169.254 for credentials
        "AWS_CONFIG_FILE": "/nonexistent",
        "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
    }.items():
        patch.setenv(name, value)
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
        patch.delenv(name, raising=False)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()
    patch.undo()


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """Any connection this test opens from Python goes to a loopback address, or it fails."""
    connect = socket.socket.connect

    def guarded(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and address[0] not in LOOPBACK:
            raise AssertionError(f"a test tried to reach {address!r}")
        return connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture
def s3(s3_endpoint):
    return boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
    )


@pytest.fixture
def bucket(s3, s3_endpoint, settings):
    """A fresh private bucket, and the settings pointing the default storage at it exactly as
    backend/settings.py builds them from S3_* variables."""
    name = f"dienst-dna-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    settings.STORAGES = {
        **settings.STORAGES,
        "default": default_storage_config(
            bucket=name,
            endpoint_url=s3_endpoint,
            region=REGION,
            access_key_id=ACCESS_KEY,
            secret_access_key=SECRET_KEY,
            signed_url_seconds=SIGNED_SECONDS,
        ),
    }
    return name


def keys(s3, bucket, prefix=""):
    listing = s3.list_objects_v2(Bucket=bucket, Prefix=prefix)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def object_bytes(s3, bucket, key):
    return s3.get_object(Bucket=bucket, Key=key)["Body"].read()


def fetch(url):
    """GET with urllib; the status and the body (also of an error)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def local_files(settings):
    root = settings.MEDIA_ROOT
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def grantees(acl):
    return {grant["Grantee"].get("URI") or grant["Grantee"].get("ID") for grant in acl["Grants"]}


@pytest.fixture
def editor(zeventerpen):
    return EmployeeFactory(organisation=zeventerpen, roles=[Role.CONTENT_EDITOR])


def jpeg(width=2000, height=1200):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (20, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def upload_image(editor):
    response = client_for(editor).post(
        "/api/v1/afbeeldingen",
        {"bestand": SimpleUploadedFile("balie.jpg", jpeg()), "beschrijving": "De balie"},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_an_uploaded_image_and_its_variants_are_in_the_bucket_behind_signed_urls(
    editor, s3, s3_endpoint, bucket, settings
):
    body = upload_image(editor)

    image = LessonImage.objects.get(uuid=body["uuid"])
    folder = image.original.name.rsplit("/", 1)[0]
    expected = sorted([image.original.name, *(v["name"] for v in image.variants)])
    assert len(expected) == 7  # the original, three widths in WebP and in JPEG
    assert keys(s3, bucket) == expected
    assert all(key.startswith(f"{folder}/") for key in expected)
    assert local_files(settings) == []  # nothing went to the local folder
    for variant in image.variants:  # phones get the right type from the store
        head = s3.head_object(Bucket=bucket, Key=variant["name"])
        assert head["ContentType"] == variant["mediaType"]

    endpoint = urlsplit(s3_endpoint)
    for variant in body["varianten"]:
        url = urlsplit(variant["url"])
        query = parse_qs(url.query)
        assert (url.scheme, url.netloc) == (endpoint.scheme, endpoint.netloc)
        assert url.path.startswith(f"/{bucket}/{folder}/")
        assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
        assert query["X-Amz-Expires"] == [str(SIGNED_SECONDS)]
        assert query["X-Amz-Signature"][0]
        assert query["X-Amz-Credential"][0].startswith(f"{ACCESS_KEY}/")

        status, served = fetch(variant["url"])
        assert status == 200
        assert Image.open(io.BytesIO(served)).width == variant["breedte"]

    # The same object without a signature: the private bucket refuses it.
    first = body["varianten"][0]
    stored = object_bytes(s3, bucket, image.variants[0]["name"])
    assert fetch(first["url"])[1] == stored
    unsigned = first["url"].split("?", 1)[0]
    assert fetch(unsigned)[0] == 403
    assert fetch(f"{s3_endpoint}/{bucket}/{image.original.name}")[0] == 403
    # No grant to anyone but the owner, on the bucket and on every object.
    assert not grantees(s3.get_bucket_acl(Bucket=bucket)) & ANYONE
    for key in expected:
        assert not grantees(s3.get_object_acl(Bucket=bucket, Key=key)) & ANYONE

    # /media/ does not serve a local folder while the files are in a bucket.
    assert client_for(editor).get(f"/media/{image.original.name}").status_code == 404


def test_the_same_name_twice_does_not_overwrite(bucket, s3):
    first = default_storage.save("lesson-images/x/original.png", ContentFile(b"one"))
    second = default_storage.save("lesson-images/x/original.png", ContentFile(b"two"))
    assert first != second
    assert object_bytes(s3, bucket, first) == b"one"


def test_deleting_an_image_in_the_admin_removes_its_objects(
    editor, s3, bucket, django_capture_on_commit_callbacks
):
    kept = LessonImage.objects.get(uuid=upload_image(editor)["uuid"])
    kept_keys = keys(s3, bucket)
    body = (
        client_for(editor)
        .post(
            "/api/v1/afbeeldingen",
            {"bestand": SimpleUploadedFile("b.png", jpeg(900, 600)), "beschrijving": "Weg ermee"},
            format="multipart",
        )
        .json()
    )
    doomed = LessonImage.objects.get(uuid=body["uuid"])
    folder = doomed.original.name.rsplit("/", 1)[0]
    assert keys(s3, bucket, f"{folder}/") == sorted(lesson_image_file_names(doomed))

    delete = reverse("admin:microlessons_lessonimage_delete", args=[doomed.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client(editor).post(delete, {"post": "yes"})

    assert response.status_code == 302
    assert not LessonImage.objects.filter(pk=doomed.pk).exists()
    assert keys(s3, bucket, f"{folder}/") == []
    assert keys(s3, bucket) == kept_keys  # the other image keeps its files
    assert LessonImage.objects.filter(pk=kept.pk).exists()


def campaign_form(**changes):
    data = {
        "name": "Valentijn 2031",
        "nomination_starts_on": "2031-02-01",
        "nomination_ends_on": "2031-02-10",
        "delivery_date": "2031-02-14",
        "sender_limit": "5",
        "card_heading": "Een compliment voor",
        "primary_colour": "#C8102E",
        "accent_colour": "#FCE4E8",
        "text_colour": "#1F1F1F",
    }
    for prefix in ("values", "gifts", "volunteers"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return {**data, **changes}


def test_a_campaign_logo_goes_to_the_bucket_and_cards_read_it_from_there(
    zeventerpen, s3, bucket, settings
):
    organiser = EmployeeFactory(organisation=zeventerpen, roles=[Role.CAMPAIGN_ORGANISER])
    buffer = io.BytesIO()
    Image.new("RGB", (300, 300), (200, 16, 46)).save(buffer, "PNG")
    logo = SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")

    response = admin_client(organiser).post(
        reverse("admin:compliments_campaign_add"), campaign_form(logo=logo)
    )

    assert response.status_code == 302
    campaign = Campaign.objects.get(name="Valentijn 2031")
    assert campaign.logo.name.startswith("campagnelogos/")
    assert keys(s3, bucket, "campagnelogos/") == [campaign.logo.name]
    assert local_files(settings) == []
    stored = object_bytes(s3, bucket, campaign.logo.name)
    assert Image.open(io.BytesIO(stored)).format == "PNG"
    assert campaign_logo_png(campaign) == stored  # what the card renderer draws
    assert parse_qs(urlsplit(campaign.logo.url).query)["X-Amz-Expires"] == [str(SIGNED_SECONDS)]


def test_without_a_bucket_the_local_folder_stays_the_default(settings, editor):
    assert settings.STORAGES["default"] == {"BACKEND": LOCAL_STORAGE}
    assert default_storage_config() == {"BACKEND": LOCAL_STORAGE}
    body = upload_image(editor)
    name = LessonImage.objects.get(uuid=body["uuid"]).original.name
    assert (settings.MEDIA_ROOT / name).is_file()


def test_the_storage_is_read_from_the_s3_variables(monkeypatch):
    monkeypatch.setenv("S3_BUCKET", "dienst-dna-media")
    monkeypatch.setenv("S3_ENDPOINT_URL", "http://127.0.0.1:9000")
    monkeypatch.setenv("S3_REGION", "eu-central-1")
    monkeypatch.setenv("S3_ACCESS_KEY_ID", "key")
    monkeypatch.setenv("S3_SECRET_ACCESS_KEY", "secret")

    config = default_storage_from_env(environ.Env())

    assert config["BACKEND"] == S3_STORAGE
    assert config["OPTIONS"] == {
        "bucket_name": "dienst-dna-media",
        "endpoint_url": "http://127.0.0.1:9000",
        "region_name": "eu-central-1",
        "access_key": "key",
        "secret_key": "secret",
        "addressing_style": "path",
        "signature_version": "s3v4",
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 300,
        "custom_domain": None,
        "file_overwrite": False,
    }
    monkeypatch.setenv("S3_SIGNED_URL_SECONDS", "0")
    with pytest.raises(StorageSettingsError, match="S3_SIGNED_URL_SECONDS"):
        default_storage_from_env(environ.Env())
    monkeypatch.delenv("S3_SIGNED_URL_SECONDS")
    monkeypatch.delenv("S3_SECRET_ACCESS_KEY")
    with pytest.raises(StorageSettingsError, match="both"):
        default_storage_from_env(environ.Env())


def manage(*args, env):
    """manage.py in a fresh process with these variables (and no database or AWS ones)."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DIENST_DNA", "FIREBASE", "S3_", "SERVE_MEDIA", "DATABASE_URL"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_the_settings_use_the_bucket_and_refuse_to_serve_media_with_it():
    env = {"S3_BUCKET": "dienst-dna-media", "S3_ENDPOINT_URL": "http://127.0.0.1:9"}
    shown = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; "
        "print(settings.STORAGES['default']['BACKEND'], settings.SERVE_MEDIA)",
        env=env,
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split() == [S3_STORAGE, "False"]

    refused = manage("check", env={**env, "SERVE_MEDIA": "true"})
    assert refused.returncode != 0
    assert "SERVE_MEDIA" in refused.stderr
