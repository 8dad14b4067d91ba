import pytest
from django.core.management import call_command

from microlessons.demo import demo_packs
from microlessons.models import Lesson, Module, Question, QuestionOption


def test_demo_content_is_big_enough_and_complete():
    packs = list(demo_packs())
    lessons = [lesson for pack in packs for lesson in pack["module"]["lessen"]]
    questions = [
        block["vraag"]
        for lesson in lessons
        for block in lesson["blokken"]
        if block["soort"] == "vraag"
    ]
    assert len(packs) >= 6 and len(lessons) >= 24 and len(questions) >= 80
    assert all(
        option["feedback"].strip() for question in questions for option in question["opties"]
    )
    titles = " ".join(pack["module"]["titel"].lower() for pack in packs)
    for topic in ("gastvrij", "kanaal", "backoffice", "klachten", "kennisbank", "handhaving"):
        assert topic in titles


@pytest.mark.slow
def test_demo_command_loads_the_content_for_zeventerpen_once(db):
    call_command("load_demo_data")
    call_command("load_demo_data")
    assert Module.objects.filter(owner__slug="zeventerpen").count() >= 6
    assert Lesson.objects.filter(published_version__isnull=False).count() >= 24
    assert Question.objects.count() >= 80
    assert not QuestionOption.objects.filter(feedback="").exists()
    assert not Module.objects.filter(owner__slug="oosterdijk").exists()
