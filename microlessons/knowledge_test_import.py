"""A knowledge test as one JSON document (the demo content's format,
microlessons/demo_content/kennistoets.json): checked whole with the content rules of
questions, written in one transaction and published."""

from django.db import transaction
from django.utils.translation import gettext as _

from backend.common.problems import Problems
from microlessons.content_rules import question_problems
from microlessons.json_reading import read_key, read_question, read_text
from microlessons.knowledge_test_authoring import knowledge_test_publish
from microlessons.models import KnowledgeOption, KnowledgeQuestion, KnowledgeTest, Module


def check_knowledge_test(data, *, organisation, topics: dict) -> Problems:
    problems = Problems()
    if not isinstance(data, dict):
        problems.add("toets", _("A test is a JSON object."), "invalid_type")
        return problems
    key = read_key(data, "toets", problems, set())
    if key and KnowledgeTest.objects.filter(owner=organisation, key=key).exists():
        problems.add("toets.sleutel", _("This key is used twice."), "duplicate")
    read_text(data, "titel", "toets", problems, max_length=200)
    read_text(data, "beschrijving", "toets", problems, required=False, max_length=1000)
    questions = data.get("vragen")
    if not isinstance(questions, list) or not questions:
        problems.add("toets.vragen", _("A test needs questions."), "required")
        return problems
    keys: set[str] = set()
    for index, question in enumerate(questions):
        path = f"toets.vragen.{index}"
        if not isinstance(question, dict):
            problems.add(path, _("This must be an object."), "invalid_type")
            continue
        if question.get("onderwerp") not in topics:
            problems.add(f"{path}.onderwerp", _("This module is not available."), "not_available")
        content = read_question(question, path, problems)
        if content.key in keys:
            problems.add(f"{path}.sleutel", _("This key is used twice."), "duplicate")
        keys.add(content.key)
        problems.extend(question_problems(content), prefix=path)
    return problems


@transaction.atomic
def knowledge_test_import(*, data: dict, organisation) -> KnowledgeTest:
    topics = {module.key: module for module in Module.objects.filter(owner=organisation)}
    check_knowledge_test(data, organisation=organisation, topics=topics).raise_if_any(
        _("The test has problems; nothing was imported."), code="invalid_knowledge_test"
    )
    test = KnowledgeTest.objects.create(
        owner=organisation,
        key=data["sleutel"],
        title=data["titel"],
        description=data.get("beschrijving", ""),
    )
    questions = KnowledgeQuestion.objects.bulk_create(
        KnowledgeQuestion(
            test=test,
            key=question["sleutel"],
            position=index,
            topic=topics[question["onderwerp"]],
            kind=question["soort"],
            prompt=question["tekst"],
            explanation=question.get("uitleg", ""),
        )
        for index, question in enumerate(data["vragen"])
    )
    KnowledgeOption.objects.bulk_create(
        KnowledgeOption(
            question=question,
            position=position,
            text=option["tekst"],
            is_correct=option["juist"],
            feedback=option["feedback"],
        )
        for question, data_question in zip(questions, data["vragen"], strict=True)
        for position, option in enumerate(data_question["opties"])
    )
    return knowledge_test_publish(test=test)
