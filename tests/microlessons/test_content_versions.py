import pytest

from backend.common.errors import Conflict, InvalidInput, NotAllowed
from microlessons.authoring import (
    lesson_adapt,
    lesson_draft_create,
    lesson_version_publish,
    newer_original_available,
)
from microlessons.models import Block, Lesson, LessonVersion, Question, QuestionOption
from tests.conftest import client_for
from tests.factories import EmployeeFactory
from tests.microlessons.builders import import_module


@pytest.fixture
def shared_module(db):
    return import_module(None, "gedeeld", lessons=2, questions=1)


def test_publishing_lists_every_problem_at_once(module):
    lesson = module.lessons.first()
    draft = lesson_draft_create(lesson=lesson)
    draft.title = ""
    draft.save()
    Block.objects.create(version=draft, position=50, kind=Block.Kind.TEXT, text="")
    question = draft.questions.first()
    question.options.update(is_correct=False, feedback="")
    with pytest.raises(InvalidInput) as error:
        lesson_version_publish(version=draft)
    problems = error.value.params
    assert "titel" in problems
    assert any(path.endswith(".tekst") for path in problems)
    assert any(path.endswith(".vraag.opties") for path in problems)
    assert any(path.endswith(".feedback") for path in problems)
    draft.refresh_from_db()
    assert draft.status == LessonVersion.Status.DRAFT


def test_new_version_copies_content_and_keeps_the_old_one_intact(module):
    lesson = module.lessons.first()
    v1 = lesson.published_version
    draft = lesson_draft_create(lesson=lesson)
    assert draft.number == 2
    assert lesson_draft_create(lesson=lesson) == draft  # one draft at a time
    assert draft.blocks.count() == v1.blocks.count()
    assert {q.key for q in draft.questions.all()} == {q.key for q in v1.questions.all()}
    draft.questions.update(prompt="Anders gevraagd?")
    lesson_version_publish(version=draft)
    lesson.refresh_from_db()
    assert lesson.published_version == draft
    v1.refresh_from_db()
    assert v1.status == LessonVersion.Status.PUBLISHED
    assert not v1.questions.filter(prompt="Anders gevraagd?").exists()
    with pytest.raises(Conflict):
        lesson_version_publish(version=draft)


def test_learners_always_get_the_published_version(employee_client, module):
    lesson = module.lessons.first()
    draft = lesson_draft_create(lesson=lesson)
    draft.title = "Nog niet af"
    draft.save()
    body = employee_client.get(f"/api/v1/lessen/{lesson.uuid}").json()
    assert body["versie"] == 1 and body["titel"] != "Nog niet af"


def test_a_lesson_without_published_version_is_not_offered(employee_client, zeventerpen, module):
    hidden = Lesson.objects.create(owner=zeventerpen, module=module, key="concept", position=99)
    lesson_draft_create(lesson=hidden)
    assert employee_client.get(f"/api/v1/lessen/{hidden.uuid}").status_code == 404


def test_adapting_a_shared_lesson_makes_an_own_copy(zeventerpen, shared_module):
    original = shared_module.lessons.order_by("position").first()
    copy = lesson_adapt(lesson=original, organisation=zeventerpen)
    assert copy.owner == zeventerpen and copy.adapted_from == original
    draft = copy.versions.get()
    assert draft.status == LessonVersion.Status.DRAFT
    assert [q.prompt for q in draft.questions.all()] == [
        q.prompt for q in original.published_version.questions.all()
    ]
    with pytest.raises(Conflict):
        lesson_adapt(lesson=original, organisation=zeventerpen)
    with pytest.raises(NotAllowed):
        lesson_adapt(lesson=copy, organisation=zeventerpen)


def test_the_copy_survives_a_new_original_and_shows_it(zeventerpen, oosterdijk, shared_module):
    original = shared_module.lessons.order_by("position").first()
    copy = lesson_adapt(lesson=original, organisation=zeventerpen)
    own = copy.versions.get()
    own.title = "Onze eigen versie"
    own.save()
    lesson_version_publish(version=own)
    assert not newer_original_available(copy)

    upstream = lesson_draft_create(lesson=original)
    upstream.title = "Nieuwe landelijke versie"
    upstream.save()
    lesson_version_publish(version=upstream)

    copy.refresh_from_db()
    assert copy.published_version.title == "Onze eigen versie"
    assert newer_original_available(copy)

    # Zeventerpen learners get their copy; Oosterdijk learners the new original.
    zeventerpen_learner = client_for(EmployeeFactory(organisation=zeventerpen))
    oosterdijk_learner = client_for(EmployeeFactory(organisation=oosterdijk))
    z_titles = [
        les["titel"] for les in zeventerpen_learner.get("/api/v1/modules").json()[0]["lessen"]
    ]
    o_titles = [
        les["titel"] for les in oosterdijk_learner.get("/api/v1/modules").json()[0]["lessen"]
    ]
    assert "Onze eigen versie" in z_titles and "Nieuwe landelijke versie" not in z_titles
    assert "Nieuwe landelijke versie" in o_titles and "Onze eigen versie" not in o_titles
    assert oosterdijk_learner.get(f"/api/v1/lessen/{copy.uuid}").status_code == 404


def test_one_correct_option_rule_for_single_choice(module):
    draft = lesson_draft_create(lesson=module.lessons.first())
    question = draft.questions.first()
    question.options.update(is_correct=True)
    with pytest.raises(InvalidInput) as error:
        lesson_version_publish(version=draft)
    assert any("opties" in path for path in error.value.params)


def test_multiple_choice_answers_need_every_correct_option(employee_client, zeventerpen):
    from microlessons.content_packs import module_import
    from tests.microlessons.builders import lesson, pack, question

    content = pack(
        "meer",
        lesson_list=[
            {
                **lesson("meer-l0", questions=0),
                "blokken": [
                    {
                        "soort": "vraag",
                        "vraag": question("mk", kind="meerdere_keuzes", correct=(0, 2), options=4),
                    }
                ],
            }
        ],
    )
    module = module_import(pack=content, organisation=zeventerpen)
    q = Question.objects.get(version__lesson__module=module)
    a, b, c, _d = QuestionOption.objects.filter(question=q).order_by("position")
    import uuid

    from django.utils import timezone

    def answer(options):
        return employee_client.post(
            "/api/v1/mij/antwoorden",
            {
                "uuid": str(uuid.uuid4()),
                "vraag": str(q.uuid),
                "gekozenOpties": [str(o.uuid) for o in options],
                "beantwoordOp": timezone.now().isoformat(),
            },
            format="json",
        ).json()

    assert answer([a])["juist"] is False
    assert answer([a, c])["juist"] is True
    assert answer([a, b, c])["juist"] is False
    assert sorted(answer([a, c])["juisteOpties"]) == sorted([str(a.uuid), str(c.uuid)])


def test_published_content_cannot_be_changed_by_any_code_path(module):
    from backend.common.versions import PublishedVersionChanged

    version = module.lessons.first().published_version
    block = version.blocks.first()
    question = version.questions.first()
    option = question.options.first()
    version.title = "Stiekem"
    block.text = "Stiekem"
    question.prompt = "Stiekem?"
    option.feedback = "Stiekem"
    for changed in (version, block, question, option):
        with pytest.raises(PublishedVersionChanged):
            changed.save()
    with pytest.raises(PublishedVersionChanged):
        version.delete()
