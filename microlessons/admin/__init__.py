"""The admin of microlessons, one module per kind of content (importing them registers them)."""

from microlessons.admin import insights, knowledge_tests, lessons, simulations  # noqa: F401
