"""Where uploaded files live: ``STORAGES["default"]`` built from the environment.

Without ``S3_BUCKET`` that is the local media folder (``MEDIA_ROOT``), the embedded default and
one machine only. With it, an S3-compatible object store (AWS S3, MinIO, ...) through
django-storages, which every API machine shares. The bucket is private: objects get no ACL of
their own (so the bucket's, private), and every URL the app hands out is signed and works for
``S3_SIGNED_URL_SECONDS`` only. The settings module calls ``default_storage_from_env``; tests
build the same configuration with ``default_storage_config``.
"""

LOCAL_STORAGE = "django.core.files.storage.FileSystemStorage"
S3_STORAGE = "storages.backends.s3.S3Storage"

DEFAULT_SIGNED_URL_SECONDS = 300
MAX_SIGNED_URL_SECONDS = 7 * 24 * 3600  # the longest a SigV4 presigned URL can be valid


class StorageSettingsError(ValueError):
    """The storage variables do not make sense together; the message says why."""


def default_storage_config(
    *,
    bucket: str = "",
    endpoint_url: str = "",
    region: str = "",
    access_key_id: str = "",
    secret_access_key: str = "",
    signed_url_seconds: int = DEFAULT_SIGNED_URL_SECONDS,
    addressing_style: str = "",
) -> dict:
    """The ``STORAGES["default"]`` entry: local without a bucket, S3 with one."""
    if not bucket:
        return {"BACKEND": LOCAL_STORAGE}
    if not 1 <= signed_url_seconds <= MAX_SIGNED_URL_SECONDS:
        raise StorageSettingsError(
            f"S3_SIGNED_URL_SECONDS must be between 1 and {MAX_SIGNED_URL_SECONDS}."
        )
    if bool(access_key_id) != bool(secret_access_key):
        raise StorageSettingsError(
            "Set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither (then boto3 finds "
            "credentials itself: AWS_* variables, an instance or container role)."
        )
    # S3-compatible stores at their own address (MinIO, a loopback test server) mostly know
    # only path-style addresses (http://host/bucket/key); AWS itself prefers virtual hosts.
    style = addressing_style or ("path" if endpoint_url else "auto")
    if style not in {"auto", "path", "virtual"}:
        raise StorageSettingsError("S3_ADDRESSING_STYLE must be 'auto', 'path' or 'virtual'.")
    return {
        "BACKEND": S3_STORAGE,
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "region_name": region or None,
            "access_key": access_key_id or None,
            "secret_key": secret_access_key or None,
            "addressing_style": style,
            "signature_version": "s3v4",
            # Private: no public-read ACL on any object, and no unsigned URL ever handed out.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": signed_url_seconds,
            "custom_domain": None,  # a custom domain would make django-storages skip signing
            # A name never silently replaces another file: a new one gets a suffix.
            "file_overwrite": False,
        },
    }


def default_storage_from_env(env) -> dict:
    """``default_storage_config`` from the S3_* environment variables (django-environ)."""
    return default_storage_config(
        bucket=env.str("S3_BUCKET", default=""),
        endpoint_url=env.str("S3_ENDPOINT_URL", default=""),
        region=env.str("S3_REGION", default=""),
        access_key_id=env.str("S3_ACCESS_KEY_ID", default=""),
        secret_access_key=env.str("S3_SECRET_ACCESS_KEY", default=""),
        signed_url_seconds=env.int("S3_SIGNED_URL_SECONDS", default=DEFAULT_SIGNED_URL_SECONDS),
        addressing_style=env.str("S3_ADDRESSING_STYLE", default=""),
    )


def uses_local_storage(storages: dict) -> bool:
    """Whether uploaded files are in the local media folder (``MEDIA_ROOT``)."""
    return storages["default"]["BACKEND"] == LOCAL_STORAGE
