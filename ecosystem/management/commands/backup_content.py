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

from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand

# The content, with its tags (the tag links are models of actors and
# clusters); accounts, groups, sessions and edit history are not content.
CONTENT_LABELS = ["ecosystem", "clusters", "actors", "taggit.Tag"]

# Django's JSON with whole timestamps: loaddata reads it as plain "json".
FORMAT = "json-precise"


class Command(BaseCommand):
    help = "Sauvegarde tout le contenu (clés naturelles) dans un fichier JSON."

    def add_arguments(self, parser):
        parser.add_argument("output", help="Fichier JSON à écrire")

    def handle(self, *args, output, **options):
        serializers.register_serializer(FORMAT, "ecosystem.core.serializers")
        call_command(
            "dumpdata",
            *CONTENT_LABELS,
            format=FORMAT,
            natural_foreign=True,
            natural_primary=True,
            indent=1,
            output=output,
            verbosity=0,
        )
        self.stdout.write(self.style.SUCCESS(f"Contenu sauvegardé dans {output}"))
