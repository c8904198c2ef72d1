"""Read one document into proposals on the command line, with a progress bar (issue 28).

    manage.py ingest_document rapport.pdf --title "Rapport annuel 2024" --publisher GreenWin \
        --date 2025-03-31 --language fr

The same work as the admin's « Ajouter un document », in this process: a new draft source
holding the document's text, and the proposals in the review queue. A refused document
is a CommandError with its reason, and nothing is created.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ingestion import pipeline
from ingestion.extraction import MAX_BYTES
from ingestion.models import IngestionRun

BAR = 30


class Command(BaseCommand):
    help = "Lit un document (PDF, HTML ou texte) et en fait des propositions à relire."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--title", default="", help="Le titre du document.")
        parser.add_argument("--publisher", default="", help="Qui le publie.")
        parser.add_argument("--date", default="", help="Sa date, AAAA-MM-JJ.")
        parser.add_argument("--language", default="", choices=["", "fr", "en"])

    def handle(self, *args, file, title, publisher, date: str, language, **options):
        if not file.is_file():
            raise CommandError(f"Pas de fichier : {file}")
        if file.stat().st_size > MAX_BYTES:
            raise CommandError(
                f"Le fichier pèse {file.stat().st_size // (1024 * 1024)} Mo : "
                f"la limite est de {MAX_BYTES // (1024 * 1024)} Mo."
            )
        run = IngestionRun(
            file_name=file.name[:200],
            document=file.read_bytes(),
            title=title,
            publisher=publisher,
            date=self._date(date),
            language=language,
            status=IngestionRun.Status.RUNNING,
        )
        run.save()
        try:
            pipeline.ingest(run, progress=self._bar)
        except Exception as error:
            self.stdout.write("")
            run.delete()
            raise CommandError(f"La lecture a échoué : {error}") from error
        self.stdout.write("")
        if run.status == IngestionRun.Status.FAILED:
            run.delete()  # nothing created: the refusal is the command's message
            raise CommandError(run.error)
        counts = ", ".join(f"{kind} {count}" for kind, count in sorted(run.counts.items()))
        self.stdout.write(
            self.style.SUCCESS(
                f"Source « {run.source.title} » ({run.source.slug}, brouillon) : "
                f"{sum(run.counts.values())} propositions à relire ({counts or 'aucune'})."
            )
        )

    @staticmethod
    def _date(value: str):
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError as error:
            raise CommandError(f"Date illisible « {value} » : écrivez AAAA-MM-JJ.") from error

    def _bar(self, run: IngestionRun) -> None:
        done = BAR * run.percent // 100
        stage = f"{run.get_stage_display():<22}"  # covers a longer label before it
        self.stdout.write(
            f"\r[{'#' * done}{'-' * (BAR - done)}] {run.percent:3d} % {stage}",
            ending="",
        )
        self.stdout.flush()
