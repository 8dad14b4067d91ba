"""Compliment campaigns and the ontregel button, each its own Django app (compliments,
rule_reports). Independent of microlessons; above the foundation (backend), below the HTTP
layer (mobile_api): see the import contracts in pyproject.toml."""
