"""Migration operations that keep big tables online.

``AddIndexOnline`` is ``AddIndex`` everywhere, except on PostgreSQL where it builds the index
with ``CREATE INDEX CONCURRENTLY`` (no lock that blocks writes while it builds, which on a
table of hundreds of thousands of rows would stall sessions). Concurrent builds cannot run in
a transaction, so a migration using it says ``atomic = False``; SQLite, the embedded default,
simply gets a plain index.
"""

from django.db.migrations.operations import AddIndex


class AddIndexOnline(AddIndex):
    def _concurrently(self, schema_editor) -> bool:
        return schema_editor.connection.vendor == "postgresql"

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if not self._concurrently(schema_editor):
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        from django.contrib.postgres.operations import AddIndexConcurrently

        AddIndexConcurrently(self.model_name, self.index).database_forwards(
            app_label, schema_editor, from_state, to_state
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if not self._concurrently(schema_editor):
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        from django.contrib.postgres.operations import AddIndexConcurrently

        AddIndexConcurrently(self.model_name, self.index).database_backwards(
            app_label, schema_editor, from_state, to_state
        )

    def describe(self) -> str:
        return f"{super().describe()} (concurrently on PostgreSQL)"
