"""The similar-report suggestions' search vector on PostgreSQL (selectors.similar_open_reports):
a stored, generated tsvector column with the Dutch configuration and a GIN index on it, so a
query matches through the index and ranks from the stored vector instead of parsing every
candidate's text again. SQLite has no full-text search (it matches words instead), so the
column exists only on PostgreSQL and is not a model field; the selector names it in SQL."""

from django.db import migrations

COLUMN_SQL = """
ALTER TABLE rule_reports_rulereport ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        to_tsvector('dutch'::regconfig,
            coalesce(rule, '') || ' ' || coalesce(where_met, '') || ' ' || coalesce(impact, ''))
    ) STORED;
CREATE INDEX rule_report_search ON rule_reports_rulereport USING gin (search_vector);
"""
REVERSE_SQL = """
DROP INDEX IF EXISTS rule_report_search;
ALTER TABLE rule_reports_rulereport DROP COLUMN IF EXISTS search_vector;
"""


def add_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(COLUMN_SQL)


def remove_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVERSE_SQL)


class Migration(migrations.Migration):
    dependencies = [("rule_reports", "0001_initial")]

    operations = [migrations.RunPython(add_search_vector, remove_search_vector, elidable=False)]
