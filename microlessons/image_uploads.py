"""Storing lesson images: validated and processed by backend.common.images, kept in the default
storage with their phone-sized variants (the local media folder or a shared bucket: only the
storage API is used, never a local path), and removed from it with their row."""

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from backend.audit.services import audit_record, snapshot
from backend.common.errors import InvalidInput, NotAllowed
from backend.common.images import ImageRejected, ProcessedImage, process_image
from backend.common.owned_content import may_edit
from backend.common.stored_files import remember_stored_file
from backend.organisations.models import Employee, Organisation
from microlessons.models import LessonImage

REJECTION_MESSAGES = {
    "too_large": _("The image is larger than 10 MB."),
    "too_many_pixels": _("The image has too many pixels."),
    "not_an_image": _("This file is not an image."),
    "unsupported_format": _("Upload a JPEG, PNG, WebP or GIF image."),
    "broken_image": _("The image is damaged or incomplete."),
    "animated_image": _("Animated images are not supported."),
}


def image_rejection(exc: ImageRejected, field: str) -> InvalidInput:
    message = REJECTION_MESSAGES.get(exc.code, str(exc))
    return InvalidInput(str(message), code=exc.code, params={field: [str(message)]})


def lesson_image_create(
    *,
    owner: Organisation | None,
    data: bytes,
    description: str,
    field: str = "bestand",
    by: Employee | None = None,
) -> LessonImage:
    """Process and store an upload; the same file uploaded again by the same owner is reused.
    An editor's upload (``by``) goes into the audit trail."""
    image, created = lesson_image_get_or_create(
        owner=owner, data=data, description=description, field=field
    )
    if created and by is not None:
        audit_record(actor=by, action="afbeelding:geupload", obj=image, after=snapshot(image))
    return image


def lesson_image_process(data: bytes, *, field: str = "bestand") -> ProcessedImage:
    """Check and process an upload, or InvalidInput for ``field``; nothing is stored yet."""
    try:
        return process_image(data)
    except ImageRejected as exc:
        raise image_rejection(exc, field) from exc


def lesson_image_get_or_create(
    *, owner: Organisation | None, data: bytes, description: str, field: str = "bestand"
) -> tuple[LessonImage, bool]:
    """As lesson_image_create, and whether this call stored new files."""
    processed = lesson_image_process(data, field=field)
    return lesson_image_store(owner=owner, processed=processed, description=description)


def lesson_image_store(
    *, owner: Organisation | None, processed: ProcessedImage, description: str
) -> tuple[LessonImage, bool]:
    """Store a processed image for ``owner``; the same file stored before is reused.

    Stored files are remembered (backend.common.stored_files), so the door that runs the whole
    operation removes them again when it fails after this call."""
    existing = LessonImage.objects.filter(owner=owner, sha256=processed.sha256).first()
    if existing is not None:
        return existing, False

    folder = f"lesson-images/{uuid.uuid4()}"
    written = []

    def store(name, payload):
        stored_name = default_storage.save(f"{folder}/{name}", ContentFile(payload))
        written.append(stored_name)
        remember_stored_file(stored_name)
        return stored_name

    try:
        with transaction.atomic():
            image = LessonImage(
                owner=owner,
                width=processed.width,
                height=processed.height,
                sha256=processed.sha256,
                description=description,
            )
            image.original.name = store(
                f"original.{processed.original.extension}", processed.original.data
            )
            image.variants = [
                {
                    "width": variant.width,
                    "height": variant.height,
                    "mediaType": variant.media_type,
                    "name": store(f"{variant.width}.{variant.extension}", variant.data),
                }
                for variant in processed.variants
            ]
            image.full_clean()
            image.save()
    except Exception:
        for name in written:  # no orphan files when the row is not saved
            default_storage.delete(name)
        raise
    return image, True


@transaction.atomic
def lesson_image_update(*, image: LessonImage, description: str, organisation) -> LessonImage:
    if not may_edit(LessonImage.objects.get(pk=image.pk), organisation):
        raise NotAllowed(_("This content is not yours to change."), code="not_yours")
    image.description = description
    image.full_clean()
    image.save(update_fields=["description", "updated_at"])
    return image


def image_variant_urls(image: LessonImage) -> list[dict]:
    return [{**variant, "url": default_storage.url(variant["name"])} for variant in image.variants]


def lesson_image_file_names(image: LessonImage) -> list[str]:
    """The names in storage of an image's files: the original and every variant."""
    names = [image.original.name, *(variant["name"] for variant in image.variants)]
    return [name for name in names if name]


def _delete_stored_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


@receiver(post_delete, sender=LessonImage, dispatch_uid="microlessons.lesson_image_files")
def lesson_image_files_removed(sender, instance: LessonImage, using, **kwargs) -> None:
    """A deleted image takes its files along (the admin's delete page and action, cascades),
    once the deletion is committed: a deletion that rolls back keeps them. Each image has a
    folder of its own, so no other row refers to these files. A storage that fails then is
    logged, not raised: the row is gone either way."""
    names = lesson_image_file_names(instance)
    transaction.on_commit(lambda: _delete_stored_files(names), using=using, robust=True)
