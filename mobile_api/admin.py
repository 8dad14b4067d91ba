"""The admin of the mobile API: the push side registers its models."""

from mobile_api.push import admin  # noqa: F401
