"""A GIN index for the similar-report suggestions (selectors.similar_open_reports), on PostgreSQL
only: SQLite has no full-text search and matches words instead. The expression must stay the
selector's own (the same SearchVector, so the same SQL), or the planner will not use the index.

It is not in the model's Meta (SQLite could not create it), so makemigrations does not see it."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX = GinIndex(
    SearchVector("rule", "where_met", "impact", config="dutch"), name="rule_report_search"
)


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("rule_reports", "RuleReport"), INDEX)


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("rule_reports", "RuleReport"), INDEX)


class Migration(migrations.Migration):
    dependencies = [("rule_reports", "0001_initial")]

    operations = [migrations.RunPython(add_index, remove_index, elidable=False)]
