"""PostgreSQL search in English: the indexes of actors', people's and projects' English
words (nothing happens on SQLite)."""

from django.db import migrations

from ecosystem.core.migration_ops import english_search_index_sql, postgres_sql


class Migration(migrations.Migration):
    dependencies = [("actors", "0005_translations"), ("clusters", "0005_search_english")]

    operations = [
        postgres_sql(*english_search_index_sql("actors_actor")),
        postgres_sql(*english_search_index_sql("actors_person")),
        postgres_sql(*english_search_index_sql("actors_project")),
    ]
