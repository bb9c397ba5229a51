"""The full-text indexes over ``catalog_searchentry.text``, one kind per database.

SQLite: an external-content FTS5 table with the trigram tokenizer (substring matching,
so CJK text without spaces is found), kept in step with the entries by triggers.
PostgreSQL: pg_trgm GIN index (substring LIKE with an index) and a 'simple' text
search index used for ranking."""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE catalog_search_fts USING fts5("
    "text, content='catalog_searchentry', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER catalog_search_ai AFTER INSERT ON catalog_searchentry BEGIN "
    "INSERT INTO catalog_search_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER catalog_search_ad AFTER DELETE ON catalog_searchentry BEGIN "
    "INSERT INTO catalog_search_fts(catalog_search_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER catalog_search_au AFTER UPDATE ON catalog_searchentry BEGIN "
    "INSERT INTO catalog_search_fts(catalog_search_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO catalog_search_fts(rowid, text) VALUES (new.id, new.text); END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS catalog_search_au",
    "DROP TRIGGER IF EXISTS catalog_search_ad",
    "DROP TRIGGER IF EXISTS catalog_search_ai",
    "DROP TABLE IF EXISTS catalog_search_fts",
]
POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX catalog_search_text_trgm ON catalog_searchentry USING gin (text gin_trgm_ops)",
    "CREATE INDEX catalog_search_text_tsv ON catalog_searchentry USING gin (to_tsvector('simple', text))",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS catalog_search_text_tsv",
    "DROP INDEX IF EXISTS catalog_search_text_trgm",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_exhibitor_contact_email_exhibitor_contact_name_and_more")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
