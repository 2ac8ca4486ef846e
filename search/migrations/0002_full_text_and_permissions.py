"""The full-text index of the database back-end (per database vendor) and the editors'
search permissions (see the README's role matrix)."""

from django.db import migrations

from portal.accounts.roles import grant_role_permissions
from search.roles import ROLE_PERMISSIONS

TABLE = "portal_search_searchdocument"
COLUMNS = "title, keywords, body"
SQLITE = [
    f"CREATE VIRTUAL TABLE portal_search_fts USING fts5({COLUMNS}, content='{TABLE}', "
    "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER portal_search_fts_ai AFTER INSERT ON {TABLE} BEGIN "
    f"INSERT INTO portal_search_fts(rowid, {COLUMNS}) "
    "VALUES (new.id, new.title, new.keywords, new.body); END",
    f"CREATE TRIGGER portal_search_fts_ad AFTER DELETE ON {TABLE} BEGIN "
    f"INSERT INTO portal_search_fts(portal_search_fts, rowid, {COLUMNS}) "
    "VALUES ('delete', old.id, old.title, old.keywords, old.body); END",
    f"CREATE TRIGGER portal_search_fts_au AFTER UPDATE ON {TABLE} BEGIN "
    f"INSERT INTO portal_search_fts(portal_search_fts, rowid, {COLUMNS}) "
    "VALUES ('delete', old.id, old.title, old.keywords, old.body); "
    f"INSERT INTO portal_search_fts(rowid, {COLUMNS}) "
    "VALUES (new.id, new.title, new.keywords, new.body); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS portal_search_fts_au",
    "DROP TRIGGER IF EXISTS portal_search_fts_ad",
    "DROP TRIGGER IF EXISTS portal_search_fts_ai",
    "DROP TABLE IF EXISTS portal_search_fts",
]
POSTGRES = [
    f"CREATE INDEX portal_search_vector_gin ON {TABLE} USING gin (search_vector)",
]
POSTGRES_REVERSE = ["DROP INDEX IF EXISTS portal_search_vector_gin"]

def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


def grant(apps, schema_editor):
    grant_role_permissions(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("portal_search", "0001_initial"),
        ("accounts", "0003_mentor_role"),
    ]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
