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


# English without accents, for the English words of each record (search_text_en).
ENGLISH_UNACCENT_SQL = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'english_unaccent') THEN
    CREATE TEXT SEARCH CONFIGURATION english_unaccent (COPY = english);
    ALTER TEXT SEARCH CONFIGURATION english_unaccent
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
  END IF;
END
$$;
"""


def english_search_index_sql(table: str) -> tuple[str, str]:
    """Full-text GIN index on the English words of ``table`` (search_text_en)."""
    # The expression must match ecosystem.search.engine._pg_document exactly.
    forward = f"""
    CREATE INDEX IF NOT EXISTS {table}_fts_en_idx ON {table}
      USING GIN (to_tsvector('english_unaccent'::regconfig, COALESCE(search_text_en, '')));
    """
    return forward, f"DROP INDEX IF EXISTS {table}_fts_en_idx;"


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


def copy_to_french(app_label: str, fields_by_model: dict[str, tuple[str, ...]]):
    """Fill the French columns of newly translated fields from the original ones.

    For databases that held content before the fields were translated: each
    ``<field>_fr`` takes ``<field>``, and each record's sort keys are set from
    its title (``name`` or ``label``) as ContentModel.refresh_derived_text does.
    """
    from ecosystem.core.text import normalise

    def forward(apps, schema_editor):
        for model_name, fields in fields_by_model.items():
            model = apps.get_model(app_label, model_name)
            names = {field.name for field in model._meta.get_fields()}
            title = "label" if "label" in names else "name"
            changed = [f"{field}_fr" for field in fields]
            if "sort_key_fr" in names:
                changed += ["sort_key_fr", "sort_key_en"]
            records = list(model.objects.order_by("pk"))
            for record in records:
                for field in fields:
                    setattr(record, f"{field}_fr", getattr(record, field))
                if "sort_key_fr" in names:
                    french = getattr(record, title, "") or ""
                    english = getattr(record, f"{title}_en", "") or french
                    record.sort_key_fr = normalise(french)[:200]
                    record.sort_key_en = normalise(english)[:200]
            model.objects.bulk_update(records, changed, batch_size=1000)

    return migrations.RunPython(forward, migrations.RunPython.noop, elidable=True)
