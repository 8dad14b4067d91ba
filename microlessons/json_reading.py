"""Reading content from JSON documents (content packs, simulations, knowledge tests) without
trusting their shape: each reader returns the value, or None and a problem when the document
holds something else there (a list where text belongs, a NUL character, a bad key)."""

from django.utils.translation import gettext as _

from backend.common.problems import Problems
from microlessons.content_rules import KEY_PATTERN, OptionContent, QuestionContent


def read_text(data, key, path, problems: Problems, *, required=True, max_length=None):
    """The text at ``data[key]``; None (and a problem) when it is not text."""
    value = data.get(key, "") if isinstance(data, dict) else ""
    if not isinstance(value, str):
        problems.add(f"{path}.{key}", _("This must be text."), "invalid_type")
        return None
    if "\x00" in value:  # PostgreSQL cannot store it
        problems.add(f"{path}.{key}", _("Null characters are not allowed."), "null_characters")
        return None
    if required and not value.strip():
        problems.add(f"{path}.{key}", _("This field is required."), "required")
    if max_length and len(value) > max_length:
        problems.add(
            f"{path}.{key}",
            _("At most %(count)s characters.") % {"count": max_length},
            "max_length",
        )
    return value


def read_key(data, path, problems: Problems, seen: set):
    """The ``sleutel`` at ``data``: a key pattern, unique among ``seen`` (which it joins)."""
    value = read_text(data, "sleutel", path, problems, max_length=60)
    if value and not KEY_PATTERN.match(value):
        problems.add(
            f"{path}.sleutel", _("Use lower case letters, digits and hyphens."), "invalid_key"
        )
    elif value in seen:
        problems.add(f"{path}.sleutel", _("This key is used twice."), "duplicate")
    seen.add(value)
    return value


def read_list(data, key, path, problems: Problems) -> list:
    value = data.get(key, []) if isinstance(data, dict) else []
    if not isinstance(value, list):
        problems.add(f"{path}.{key}", _("This must be a list."), "invalid_type")
        return []
    return value


def named_in(value, names) -> bool:
    """Whether ``value`` is one of ``names``; a list or object in a document is simply not."""
    return isinstance(value, str) and value in names


def read_question(question: dict, path: str, problems: Problems) -> QuestionContent:
    """A question (with its options) as the content rules see it."""
    options = []
    for index, option in enumerate(read_list(question, "opties", path, problems)):
        option_path = f"{path}.opties.{index}"
        if not isinstance(option, dict):
            problems.add(option_path, _("This must be an object."), "invalid_type")
            options.append(None)
            continue
        is_correct = option.get("juist")
        if not isinstance(is_correct, bool):
            problems.add(f"{option_path}.juist", _("This must be true or false."), "invalid_type")
            is_correct = None
        options.append(
            OptionContent(
                text=read_text(option, "tekst", option_path, problems, required=False),
                is_correct=is_correct,
                feedback=read_text(option, "feedback", option_path, problems, required=False),
            )
        )
    kind = question.get("soort")
    if not isinstance(kind, str):
        problems.add(f"{path}.soort", _("Use enkele_keuze or meerdere_keuzes."), "invalid_choice")
        kind = None
    return QuestionContent(
        key=read_text(question, "sleutel", path, problems),
        kind=kind,
        prompt=read_text(question, "tekst", path, problems, required=False),
        explanation=read_text(question, "uitleg", path, problems, required=False),
        options=tuple(options),
    )
