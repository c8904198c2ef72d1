"""Migration operations that only run on PostgreSQL.

Expression GIN indexes, extensions and text-search configurations do not
exist on SQLite; these operations do nothing there, so one migration history
serves both databases.
"""

from django.db import migrations


def postgres_sql(sql: str, reverse_sql: str) -> migrations.RunPython:
    def forward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(reverse_sql)

    return migrations.RunPython(forward, backward, elidable=False)


# French without accents: « énergie », « energie » and « ÉNERGIE » give one lexeme.
FRENCH_UNACCENT_SQL = """
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
    CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
    ALTER TEXT SEARCH CONFIGURATION french_unaccent
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
  END IF;
END
$$;
"""


def search_indexes_sql(table: str, name_column: str = "name") -> tuple[str, str]:
    """Full-text GIN index on the search text and trigram index on the name of ``table``."""
    # The expression must match ecosystem.search.engine._pg_document exactly.
    forward = f"""
    CREATE INDEX IF NOT EXISTS {table}_fts_idx ON {table}
      USING GIN (to_tsvector('french_unaccent'::regconfig, COALESCE(search_text, '')));
    CREATE INDEX IF NOT EXISTS {table}_name_trgm_idx ON {table}
      USING GIN ({name_column} gin_trgm_ops);
    """
    reverse = f"DROP INDEX IF EXISTS {table}_fts_idx; DROP INDEX IF EXISTS {table}_name_trgm_idx;"
    return forward, reverse
