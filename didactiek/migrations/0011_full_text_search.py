"""Full-text search for the proposal bank and similar proposals, per database.

PostgreSQL: a GIN index on ``to_tsvector('dutch', text)`` (the Dutch configuration: Snowball
stems, Dutch stop words). SQLite (the embedded default): an FTS5 table over the stems made
in Python with the same Dutch Snowball stemmer (``didactiek.similar.stems``), kept in step
with ``didactiek_voorstelindex`` by triggers. And the bank's list index, built online.
"""

from django.db import migrations, models

from werkplekleren.migration_operations import AddIndexOnline

SQLITE = [
    "CREATE VIRTUAL TABLE didactiek_voorstelindex_fts USING fts5("
    "stems, content='didactiek_voorstelindex', content_rowid='voorstel_id')",
    "CREATE TRIGGER didactiek_voorstelindex_ai AFTER INSERT ON didactiek_voorstelindex BEGIN "
    "INSERT INTO didactiek_voorstelindex_fts(rowid, stems) VALUES (new.voorstel_id, new.stems); "
    "END",
    "CREATE TRIGGER didactiek_voorstelindex_ad AFTER DELETE ON didactiek_voorstelindex BEGIN "
    "INSERT INTO didactiek_voorstelindex_fts(didactiek_voorstelindex_fts, rowid, stems) "
    "VALUES ('delete', old.voorstel_id, old.stems); END",
    "CREATE TRIGGER didactiek_voorstelindex_au AFTER UPDATE ON didactiek_voorstelindex BEGIN "
    "INSERT INTO didactiek_voorstelindex_fts(didactiek_voorstelindex_fts, rowid, stems) "
    "VALUES ('delete', old.voorstel_id, old.stems); "
    "INSERT INTO didactiek_voorstelindex_fts(rowid, stems) VALUES (new.voorstel_id, new.stems); "
    "END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS didactiek_voorstelindex_au",
    "DROP TRIGGER IF EXISTS didactiek_voorstelindex_ad",
    "DROP TRIGGER IF EXISTS didactiek_voorstelindex_ai",
    "DROP TABLE IF EXISTS didactiek_voorstelindex_fts",
]
POSTGRES = [
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS didactiek_voorstelindex_tsv "
    "ON didactiek_voorstelindex USING gin (to_tsvector('dutch'::regconfig, text))"
]
POSTGRES_DROP = ["DROP INDEX CONCURRENTLY IF EXISTS didactiek_voorstelindex_tsv"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY on PostgreSQL

    dependencies = [
        ("didactiek", "0010_bank_and_similarity"),
    ]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
            elidable=False,
        ),
        AddIndexOnline(
            model_name="verbetervoorstel",
            index=models.Index(
                condition=models.Q(("submitted_at__isnull", False)),
                fields=["organisation", "-submitted_at", "-id"],
                name="voorstel_bank_idx",
            ),
        ),
    ]
