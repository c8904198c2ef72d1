"""Write the whole content of the portal to one JSON file, restorable with loaddata.

    python manage.py backup_content backup.json
    python manage.py loaddata backup.json        # into a migrated, empty database

Natural keys make the file independent of database ids, so it restores into
SQLite or PostgreSQL alike. For a full PostgreSQL copy (users, history
included) use pg_dump / pg_restore, as the README explains.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand

# The content and its tags; accounts and sessions are not content.
CONTENT_LABELS = ["ecosystem", "clusters", "actors", "taggit"]


class Command(BaseCommand):
    help = "Sauvegarde tout le contenu (clés naturelles) dans un fichier JSON."

    def add_arguments(self, parser):
        parser.add_argument("output", help="Fichier JSON à écrire")

    def handle(self, *args, output, **options):
        call_command(
            "dumpdata",
            *CONTENT_LABELS,
            natural_foreign=True,
            natural_primary=True,
            indent=1,
            output=output,
            verbosity=0,
        )
        self.stdout.write(self.style.SUCCESS(f"Contenu sauvegardé dans {output}"))
