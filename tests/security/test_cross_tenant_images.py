"""Issue 7.1: an Oosterdijk editor used a Zeventerpen image in a lesson block, published it,
and so got the file through the content pack and the offline package. Every door refuses."""

import base64

import pytest
from django.urls import reverse

from backend.common.errors import InvalidInput
from backend.organisations.roles import Role
from microlessons.authoring import lesson_draft_create, lesson_version_publish
from microlessons.image_uploads import lesson_image_create
from microlessons.lesson_editing import block_save
from microlessons.models import Block, LessonImage
from tests.admin_pages import change_page_data
from tests.factories import EmployeeFactory
from tests.helpers import admin_client
from tests.microlessons.builders import import_module, png_bytes


@pytest.fixture
def zeventerpen_image(zeventerpen):
    return lesson_image_create(owner=zeventerpen, data=png_bytes(), description="Stadswinkel")


@pytest.fixture
def oosterdijk_editor(oosterdijk):
    return EmployeeFactory(organisation=oosterdijk, roles=[Role.CONTENT_EDITOR])


@pytest.fixture
def oosterdijk_draft(oosterdijk):
    module = import_module(oosterdijk, "oosterdijks", lessons=1, questions=1)
    return lesson_draft_create(lesson=module.lessons.get())


def _image_block_row(page, image_pk):
    """The change page's data with one new image block that points at ``image_pk``."""
    total_key = next(key for key in page if key.endswith("-TOTAL_FORMS"))
    prefix = total_key.removesuffix("-TOTAL_FORMS")
    index = int(page[total_key])
    return {
        **page,
        total_key: str(index + 1),
        f"{prefix}-{index}-position": "99",
        f"{prefix}-{index}-kind": "afbeelding",
        f"{prefix}-{index}-image": str(image_pk),
        f"{prefix}-{index}-alt_text": "Een foto",
    }


def test_the_block_form_does_not_offer_another_organisations_images(
    oosterdijk_editor, oosterdijk_draft, zeventerpen_image
):
    url = reverse("admin:microlessons_lessonversion_change", args=[oosterdijk_draft.pk])
    response = admin_client(oosterdijk_editor).get(url)
    formset = response.context["inline_admin_formsets"][0].formset
    assert zeventerpen_image not in formset.empty_form.fields["image"].queryset
    assert "Stadswinkel" not in response.content.decode()


def test_posting_another_organisations_image_id_is_refused_and_stores_nothing(
    oosterdijk_editor, oosterdijk_draft, zeventerpen_image
):
    client = admin_client(oosterdijk_editor)
    url = reverse("admin:microlessons_lessonversion_change", args=[oosterdijk_draft.pk])
    blocks_before = oosterdijk_draft.blocks.count()
    response = client.post(
        url, _image_block_row(change_page_data(client.get(url)), zeventerpen_image.pk)
    )
    assert response.status_code == 200  # the page again, with the error
    assert oosterdijk_draft.blocks.count() == blocks_before
    assert not Block.objects.filter(image=zeventerpen_image).exists()


def test_the_block_service_refuses_a_foreign_image_whichever_door_calls_it(
    oosterdijk, oosterdijk_draft, zeventerpen_image
):
    block = Block(version=oosterdijk_draft, position=9, kind="afbeelding", image=zeventerpen_image)
    with pytest.raises(InvalidInput) as refused:
        block_save(block=block, organisation=oosterdijk)
    assert refused.value.code == "not_available"
    assert "bestaat" not in str(refused.value.message).lower()  # no hint that it exists
    assert not Block.objects.filter(image=zeventerpen_image).exists()


def test_a_version_that_holds_a_foreign_image_cannot_be_published(
    oosterdijk_draft, zeventerpen_image
):
    """Rows written before the fix (or by hand) are caught by the publication rules too."""
    Block.objects.create(
        version=oosterdijk_draft, position=9, kind="afbeelding", image=zeventerpen_image
    )
    with pytest.raises(InvalidInput) as refused:
        lesson_version_publish(version=oosterdijk_draft)
    codes = {problem.code for problems in refused.value.params.values() for problem in problems}
    assert "not_available" in codes


def test_shared_lessons_may_use_only_shared_images(db, zeventerpen_image):
    shared = import_module(None, "gedeeld", lessons=1, questions=1)
    draft = lesson_draft_create(lesson=shared.lessons.get())
    block = Block(version=draft, position=9, kind="afbeelding", image=zeventerpen_image)
    with pytest.raises(InvalidInput):
        block_save(block=block, organisation=None)


def test_a_pack_import_only_ever_uses_the_importers_own_images(oosterdijk, zeventerpen_image):
    """The same file that Zeventerpen holds becomes Oosterdijk's own copy, never a link."""
    from tests.microlessons.builders import lesson, pack

    image_block = {"soort": "afbeelding", "afbeelding": "foto", "alternatieveTekst": "Foto"}
    content = pack(
        "met-foto",
        lesson_list=[lesson("met-foto-l", extra_blocks=[image_block])],
        images={"foto": {"beschrijving": "Foto", "inhoud": base64.b64encode(png_bytes()).decode()}},
    )
    from microlessons.content_packs import module_import

    module = module_import(pack=content, organisation=oosterdijk)
    used = Block.objects.get(version__lesson__module=module, kind="afbeelding").image
    assert used.owner == oosterdijk and used != zeventerpen_image
    assert LessonImage.objects.filter(owner=oosterdijk).count() == 1


def test_zeventerpen_can_still_delete_its_own_image(zeventerpen_image, zeventerpen):
    editor = EmployeeFactory(organisation=zeventerpen, roles=[Role.CONTENT_EDITOR])
    url = reverse("admin:microlessons_lessonimage_delete", args=[zeventerpen_image.pk])
    response = admin_client(editor).post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not LessonImage.objects.filter(pk=zeventerpen_image.pk).exists()
