"""Write the whole content of the portal to one JSON file, restorable with loaddata.

    python manage.py backup_content backup.json
    python manage.py migrate && python manage.py loaddata backup.json

Every record is written with natural keys (slugs; a link by the slugs of its
ends; a tag link by the tag's name and the record's slug), never with a
database id, so the file restores into an empty database, SQLite or
PostgreSQL alike, and into one that already holds it (records are matched
and updated, not duplicated). Timestamps keep their microseconds. For a full
PostgreSQL copy (accounts and history included) use pg_dump / pg_restore, as
the README explains.
"""

from itertools import chain

from django.apps import apps
from django.core import serializers
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from ecosystem.core.registry import content_apps

# The content apps (ecosystem/core/registry.py), with the tags (the tag links are
# models of actors and clusters); accounts, groups, sessions, edit history and
# proposals are not content.
CONTENT_MODELS = ["taggit.Tag"]

# Django's JSON with whole timestamps: loaddata reads it as plain "json".
FORMAT = "json-precise"
CHUNK = 2000


def content_models() -> list:
    """The content's models, each after those its natural keys name (as dumpdata sorts them)."""
    app_list = dict.fromkeys(content_apps())
    for label in CONTENT_MODELS:
        model = apps.get_model(label)
        app_list.setdefault(apps.get_app_config(model._meta.app_label), []).append(model)
    return serializers.sort_dependencies(app_list.items(), allow_cycles=True)


def objects_of(model):
    """Every row of ``model``, in key order, with what its natural keys name fetched along
    (dumpdata fetched each link's ends one query at a time: 14 minutes at 100,000 actors)."""
    fields = model._meta.concrete_fields
    ends = [f.name for f in fields if f.many_to_one and hasattr(f.related_model, "natural_key")]
    many = [
        f.name
        for f in model._meta.many_to_many
        if f.remote_field.through._meta.auto_created and f.serialize
    ]
    queryset = model._base_manager.order_by(model._meta.pk.name)
    queryset = queryset.select_related(*ends).prefetch_related(*many)
    return queryset.iterator(chunk_size=CHUNK)


class Command(BaseCommand):
    help = "Sauvegarde tout le contenu (clés naturelles) dans un fichier JSON."

    def add_arguments(self, parser):
        parser.add_argument("output", help="Fichier JSON à écrire")

    def handle(self, *args, output, **options):
        serializers.register_serializer(FORMAT, "ecosystem.core.serializers")
        connection = connections[DEFAULT_DB_ALIAS]
        # One snapshot for the whole file: a record saved while the backup runs is
        # either wholly in it or not at all (never a membership without its actor).
        # On SQLite the one read transaction is that snapshot already.
        # Called inside a transaction (tests), the backup reads in the caller's.
        outermost = not connection.in_atomic_block
        with transaction.atomic(), open(output, "w", encoding="utf-8") as stream:
            if connection.vendor == "postgresql" and outermost:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            serializers.serialize(
                FORMAT,
                chain.from_iterable(objects_of(model) for model in content_models()),
                use_natural_foreign_keys=True,
                use_natural_primary_keys=True,
                indent=1,
                stream=stream,
            )
        self.stdout.write(self.style.SUCCESS(f"Contenu sauvegardé dans {output}"))
