"""PostgreSQL search: the french_unaccent configuration and the indexes of actors,
people and projects (nothing happens on SQLite)."""

from django.db import migrations

from ecosystem.core.migration_ops import FRENCH_UNACCENT_SQL, postgres_sql, search_indexes_sql


class Migration(migrations.Migration):
    dependencies = [("actors", "0002_initial")]

    operations = [
        postgres_sql(
            FRENCH_UNACCENT_SQL, "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent;"
        ),
        postgres_sql(*search_indexes_sql("actors_actor")),
        postgres_sql(*search_indexes_sql("actors_person")),
        postgres_sql(*search_indexes_sql("actors_project")),
    ]
