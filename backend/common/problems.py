"""Problems found in input, each with a stable code, collected so that a caller reports every
problem at once (publishing, imports) instead of stopping at the first."""

from backend.common.errors import InvalidInput


class FieldProblem(str):
    """A message for people that also carries a stable ``code`` for programs.

    It is a ``str`` so that it can stand wherever a plain message is expected."""

    code: str

    def __new__(cls, message, code: str = "invalid"):
        problem = super().__new__(cls, str(message))
        problem.code = code
        return problem


def field_problem(message, code: str = "invalid") -> FieldProblem:
    return FieldProblem(message, code)


class Problems:
    """Field path (dotted, in the API's words) -> the problems found there."""

    def __init__(self):
        self.by_path: dict[str, list[FieldProblem]] = {}

    def add(self, path: str, message, code: str = "invalid") -> None:
        self.by_path.setdefault(path, []).append(field_problem(message, code))

    def extend(self, other: "Problems | dict", *, prefix: str = "") -> None:
        items = other.by_path if isinstance(other, Problems) else other
        for path, messages in items.items():
            full = f"{prefix}.{path}" if prefix and path else (prefix or path)
            for message in messages:
                self.add(full, message, getattr(message, "code", "invalid"))

    def __bool__(self):
        return bool(self.by_path)

    def raise_if_any(self, message, *, code: str) -> None:
        if self.by_path:
            raise InvalidInput(message, code=code, params=self.by_path)
