"""PostgreSQL search in English: the english_unaccent configuration and the index of
clusters' English words (nothing happens on SQLite)."""

from django.db import migrations

from ecosystem.core.migration_ops import (
    ENGLISH_UNACCENT_SQL,
    english_search_index_sql,
    postgres_sql,
)


class Migration(migrations.Migration):
    dependencies = [("clusters", "0004_translations")]

    operations = [
        postgres_sql(
            ENGLISH_UNACCENT_SQL, "DROP TEXT SEARCH CONFIGURATION IF EXISTS english_unaccent;"
        ),
        postgres_sql(*english_search_index_sql("clusters_cluster")),
    ]
