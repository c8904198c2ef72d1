"""PostgreSQL search indexes of clusters (nothing happens on SQLite)."""

from django.db import migrations

from ecosystem.core.migration_ops import postgres_sql, search_indexes_sql


class Migration(migrations.Migration):
    dependencies = [("clusters", "0002_initial"), ("actors", "0003_search_postgres")]

    operations = [postgres_sql(*search_indexes_sql("clusters_cluster"))]
