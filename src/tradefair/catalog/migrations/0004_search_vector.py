"""PostgreSQL: keep the text-search vector in a stored generated column, so ranking reads
it instead of parsing every matching entry's text at query time. Django never names the
column, so ORM inserts and deletes are unaffected; SQLite is left as it is."""

from django.db import migrations

POSTGRES_UP = [
    "DROP INDEX IF EXISTS catalog_search_text_tsv",
    "ALTER TABLE catalog_searchentry ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED",
    "CREATE INDEX catalog_search_vector ON catalog_searchentry USING gin (search_vector)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS catalog_search_vector",
    "ALTER TABLE catalog_searchentry DROP COLUMN IF EXISTS search_vector",
    "CREATE INDEX catalog_search_text_tsv ON catalog_searchentry USING gin (to_tsvector('simple', text))",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_search_indexes")]

    operations = [migrations.RunPython(_run(POSTGRES_UP), _run(POSTGRES_DOWN))]
