"""Keep each source's document text with the source, from the folder of documents.

    python manage.py store_documents [FOLDER] [--missing-ok]

For every source whose ``file_name`` is in FOLDER (by default
``PORTAL_DOCUMENTS_DIR``), the file's text and its SHA-256 are stored with the
source: ``verify_evidence`` then checks against it, and the source page shows
each excerpt in its sentence. The public never sees the whole text.
``--missing-ok`` turns a missing folder into a notice (``make content`` runs
without the documents).
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ecosystem.models import Source


class Command(BaseCommand):
    help = "Conserve le texte de chaque document source avec sa source."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, nargs="?", help="Dossier des documents")
        parser.add_argument(
            "--missing-ok", action="store_true", help="Un dossier absent n'est pas une erreur."
        )

    def handle(self, *args, folder: Path | None, missing_ok: bool, **options):
        folder = folder or settings.PORTAL_DOCUMENTS_DIR
        if not folder.is_dir():
            if missing_ok:
                self.stdout.write(f"Pas de dossier {folder} : aucun texte conservé.")
                return
            raise CommandError(f"{folder} n'est pas un dossier.")
        stored = 0
        for source in Source.objects.defer(None).exclude(file_name=""):
            path = folder / source.file_name
            if not path.is_file():
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            if text != source.text:
                source.text = text
                source.save(update_fields=["text", "text_sha256", "modified"])
            stored += 1
        self.stdout.write(f"{stored} document(s) conservé(s) avec leur source.")
