import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from backend.organisations.roles import Role
from microlessons.models import Lesson, LessonImage, LessonVersion, Module, Question
from tests.admin_pages import change_page_data
from tests.factories import EmployeeFactory
from tests.helpers import admin_client
from tests.microlessons.builders import import_module, pack, png_bytes


@pytest.fixture
def shared_module(db):
    return import_module(None, "gedeeld", lessons=1, questions=1)


@pytest.fixture
def foreign_module(oosterdijk):
    return import_module(oosterdijk, "oosterdijks", lessons=1, questions=1)


def test_editor_sees_own_and_shared_content_only(editor, module, shared_module, foreign_module):
    response = admin_client(editor).get(reverse("admin:microlessons_module_changelist"))
    assert set(response.context["cl"].queryset) == {module, shared_module}


def test_editor_cannot_open_another_organisations_lesson(editor, foreign_module):
    lesson = foreign_module.lessons.get()
    for name in ("lesson", "lessonversion"):
        obj = lesson if name == "lesson" else lesson.published_version
        url = reverse(f"admin:microlessons_{name}_change", args=[obj.pk])
        assert admin_client(editor).get(url).status_code == 404


def test_editor_cannot_change_the_shared_original(editor, shared_module):
    lesson = shared_module.lessons.get()
    client = admin_client(editor)
    url = reverse("admin:microlessons_lesson_change", args=[lesson.pk])
    response = client.post(url, {"module": shared_module.pk, "key": "gekaapt", "position": 0})
    assert response.status_code == 403
    lesson.refresh_from_db()
    assert lesson.key != "gekaapt"


def test_published_versions_are_read_only(editor, module):
    version = module.lessons.first().published_version
    url = reverse("admin:microlessons_lessonversion_change", args=[version.pk])
    response = admin_client(editor).post(url, {"title": "Overschreven"})
    assert response.status_code == 403
    version.refresh_from_db()
    assert version.title != "Overschreven"


def test_editor_drafts_edits_previews_and_publishes(editor, module):
    client = admin_client(editor)
    lesson = module.lessons.order_by("position").first()
    client.post(
        reverse("admin:microlessons_lesson_changelist"),
        {"action": "create_draft", "_selected_action": [lesson.pk]},
    )
    draft = lesson.versions.get(status=LessonVersion.Status.DRAFT)
    question = draft.questions.first()
    url = reverse("admin:microlessons_question_change", args=[question.pk])
    data = {
        **change_page_data(client.get(url)),
        "prompt": "Herschreven vraag?",
        "explanation": "Nieuwe uitleg.",
    }
    response = client.post(url, data)
    assert response.status_code == 302, (
        response.context and response.context["adminform"].form.errors
    )

    preview = client.get(reverse("admin:microlessons_lessonversion_preview", args=[draft.pk]))
    assert preview.status_code == 200 and "Herschreven vraag?" in preview.content.decode()

    client.post(
        reverse("admin:microlessons_lessonversion_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    lesson.refresh_from_db()
    assert lesson.published_version == draft
    assert lesson.published_version.questions.get(key=question.key).prompt == "Herschreven vraag?"


def test_adding_a_question_creates_its_block(editor, module):
    from microlessons.authoring import lesson_draft_create

    draft = lesson_draft_create(lesson=module.lessons.first())
    data = {
        "version": draft.pk,
        "position": 40,
        "key": "nieuw",
        "kind": "enkele_keuze",
        "prompt": "Nieuwe vraag?",
        "explanation": "",
        "options-TOTAL_FORMS": "2",
        "options-INITIAL_FORMS": "0",
        "options-0-position": 0,
        "options-0-text": "Ja",
        "options-0-is_correct": "on",
        "options-0-feedback": "Goed zo, want ...",
        "options-1-position": 1,
        "options-1-text": "Nee",
        "options-1-feedback": "Niet zo, want ...",
    }
    response = admin_client(editor).post(reverse("admin:microlessons_question_add"), data)
    assert response.status_code == 302
    question = Question.objects.get(version=draft, key="nieuw")
    assert question.block.kind == "vraag" and question.block.position == 40


def test_editor_adapts_a_shared_lesson_from_the_admin(editor, zeventerpen, shared_module):
    original = shared_module.lessons.get()
    admin_client(editor).post(
        reverse("admin:microlessons_lesson_changelist"),
        {"action": "adapt", "_selected_action": [original.pk]},
    )
    copy = Lesson.objects.get(adapted_from=original)
    assert copy.owner == zeventerpen


def test_image_upload_in_the_admin_is_processed(editor, settings):
    client = admin_client(editor)
    response = client.post(
        reverse("admin:microlessons_lessonimage_add"),
        {
            "upload": SimpleUploadedFile("balie.png", png_bytes(1200, 800)),
            "description": "De balie",
        },
    )
    assert response.status_code == 302
    image = LessonImage.objects.get()
    assert image.owner == editor.organisation
    assert {(v["width"], v["mediaType"]) for v in image.variants} == {
        (w, t) for w in (480, 960, 1200) for t in ("image/webp", "image/jpeg")
    }


def test_broken_image_upload_in_the_admin_is_a_form_error(editor):
    response = admin_client(editor).post(
        reverse("admin:microlessons_lessonimage_add"),
        {"upload": SimpleUploadedFile("kapot.png", b"kapot"), "description": "x"},
    )
    assert response.status_code == 200
    assert "upload" in response.context["adminform"].form.errors
    assert not LessonImage.objects.exists()


def test_content_pack_import_and_export_in_the_admin(editor, zeventerpen):
    client = admin_client(editor)
    broken = pack("kapot")
    broken["module"]["lessen"][0]["geschatteDuurSeconden"] = 1
    upload = SimpleUploadedFile("p.json", json.dumps(broken).encode())
    response = client.post(reverse("admin:microlessons_module_import"), {"pack": upload})
    assert "module.lessen.0.geschatteDuurSeconden" in response.context["problems"]
    assert not Module.objects.exists()

    deep = SimpleUploadedFile("diep.json", b"[" * 50_000 + b"]" * 50_000)
    response = client.post(reverse("admin:microlessons_module_import"), {"pack": deep})
    assert response.status_code == 200 and "pack" in response.context["form"].errors

    upload = SimpleUploadedFile("p.json", json.dumps(pack("heel")).encode())
    response = client.post(reverse("admin:microlessons_module_import"), {"pack": upload})
    module = Module.objects.get(key="heel")
    assert response.status_code == 302 and module.owner == zeventerpen
    exported = client.post(
        reverse("admin:microlessons_module_changelist"),
        {"action": "export_pack", "_selected_action": [module.pk]},
    )
    assert json.loads(exported.content)["module"]["sleutel"] == "heel"


def test_learners_without_editor_role_have_no_content_admin(zeventerpen, module):
    organiser = EmployeeFactory(organisation=zeventerpen, roles=[Role.CAMPAIGN_ORGANISER])
    response = admin_client(organiser).get(reverse("admin:microlessons_module_changelist"))
    assert response.status_code == 403


def test_two_editors_on_one_draft_cannot_overwrite_each_other(editor, zeventerpen, module):
    """Both open the same draft; the first save lands, the second is refused, whole."""
    from microlessons.authoring import lesson_draft_create

    draft = lesson_draft_create(lesson=module.lessons.first())
    colleague = EmployeeFactory(organisation=zeventerpen, roles=[Role.CONTENT_EDITOR])
    url = reverse("admin:microlessons_lessonversion_change", args=[draft.pk])
    first, second = admin_client(editor), admin_client(colleague)
    first_page, second_page = change_page_data(first.get(url)), change_page_data(second.get(url))
    text_block = next(key for key, value in second_page.items() if key.endswith("-text") and value)

    saved = first.post(url, {**first_page, "title": "Titel van de eerste"})
    assert saved.status_code == 302
    refused = second.post(url, {**second_page, "title": "Titel van de tweede", text_block: "Weg"})

    assert refused.status_code == 200
    errors = refused.context["adminform"].form.non_field_errors().as_data()
    assert [error.code for error in errors] == ["changed_meanwhile"]
    draft.refresh_from_db()
    assert draft.title == "Titel van de eerste"
    assert not draft.blocks.filter(text="Weg").exists()

    reopened = change_page_data(second.get(url))
    assert second.post(url, {**reopened, "title": "Titel van de tweede"}).status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Titel van de tweede"


# --- the lesson list shows each lesson's state (issue 8.11) ------------------------------------


def test_the_lesson_list_shows_and_filters_each_lessons_state(editor, module, zeventerpen):
    from microlessons.authoring import lesson_draft_create
    from microlessons.lesson_editing import lesson_save

    published, with_draft = module.lessons.order_by("position")[:2]
    lesson_draft_create(lesson=with_draft)
    never = lesson_save(
        lesson=Lesson(module=module, key="nog-niet", position=9), organisation=zeventerpen
    )
    lesson_draft_create(lesson=never)
    client = admin_client(editor)
    url = reverse("admin:microlessons_lesson_changelist")
    page = client.get(url).content.decode()
    for label in ("Concept, nog nooit gepubliceerd", "Gepubliceerd, met een nieuwer concept"):
        assert label in page

    def shown(state):
        return set(client.get(url, {"staat": state}).context["cl"].queryset)

    assert shown("draft") == {never}
    assert with_draft in shown("newer_draft") and published not in shown("newer_draft")
    assert published in shown("published") and with_draft not in shown("published")


# --- one set of content rules for both doors (issue 8.7) --------------------------------------


def test_publishing_and_pack_import_apply_the_same_rules(zeventerpen):
    """Options that differ only in spaces and case are the same option, whichever door."""
    from backend.common.errors import InvalidInput
    from microlessons.authoring import lesson_draft_create, lesson_version_publish
    from microlessons.content_packs import validate_pack
    from tests.microlessons.builders import lesson, question

    twins = question("tweeling")
    twins["opties"][0]["tekst"], twins["opties"][1]["tekst"] = " Ja", "ja "
    broken = pack("regels", lesson_list=[lesson("regels-l")])
    broken["module"]["lessen"][0]["blokken"].append({"soort": "vraag", "vraag": twins})
    pack_problems = validate_pack(broken, organisation=zeventerpen)
    assert [p.code for p in pack_problems["module.lessen.0.blokken.3.vraag.opties"]] == [
        "duplicate_option"
    ]

    module = import_module(zeventerpen, "regels-ok", lessons=1, questions=1)
    draft = lesson_draft_create(lesson=module.lessons.get())
    options = list(draft.questions.get().options.order_by("position"))
    for option, text in zip(options, (" Ja", "ja "), strict=False):
        option.text = text
        option.save()
    with pytest.raises(InvalidInput) as refused:
        lesson_version_publish(version=draft)
    codes = {p.code for problems in refused.value.params.values() for p in problems}
    assert "duplicate_option" in codes


def test_adding_a_lesson_in_the_admin_saves_it(editor, module):
    """The read-only version list on the lesson page once broke every save with a 500."""
    response = admin_client(editor).post(
        reverse("admin:microlessons_lesson_add"),
        {
            "module": module.pk,
            "key": "nieuwe-les",
            "position": 5,
            "versions-TOTAL_FORMS": "0",
            "versions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert Lesson.objects.get(key="nieuwe-les").owner == editor.organisation
