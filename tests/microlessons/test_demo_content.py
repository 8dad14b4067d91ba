import pytest
from django.core.management import call_command

from microlessons.demo import demo_modules, demo_packs
from microlessons.models import Block, Lesson, Module, Question, QuestionOption

# How much content there is, and the quality of its questions: test_demo_content_quality.py.


def test_demo_content_covers_the_topics():
    titles = " ".join(module["titel"].lower() for module in demo_modules())
    for topic in (
        "gastvrij",
        "kanaal",
        "backoffice",
        "klachten",
        "kennisbank",
        "handhaving",
        "vergunning",
        "sociaal",
    ):
        assert topic in titles


@pytest.mark.slow
def test_demo_command_loads_the_content_for_zeventerpen_once(db):
    packs = list(demo_packs())
    lessons = [lesson for pack in packs for lesson in pack["module"]["lessen"]]
    blocks = [block for lesson in lessons for block in lesson["blokken"]]

    call_command("load_demo_data")
    call_command("load_demo_data")

    assert Module.objects.filter(owner__slug="zeventerpen").count() == len(packs)
    assert Lesson.objects.filter(published_version__isnull=False).count() == len(lessons)
    assert Question.objects.count() == sum(block["soort"] == "vraag" for block in blocks)
    assert not QuestionOption.objects.filter(feedback="").exists()
    images = Block.objects.filter(kind=Block.Kind.IMAGE)
    assert images.count() == sum(block["soort"] == "afbeelding" for block in blocks)
    assert not images.filter(image__isnull=True).exists()
    assert not images.filter(alt_text="").exists()
    assert not Module.objects.filter(owner__slug="oosterdijk").exists()
