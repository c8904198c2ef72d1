"""Replay the five documents into a fresh database that holds only their sources, and
measure what the reader finds against fixtures/ (issue 28, « Measured »; docs/ingestion.md).

    manage.py replay_documents [--only 003_b0936d3508c46887.txt]

The database is a new one beside the configured one (Django's test database, created
and destroyed here): the known-record matching finds nothing there, so the recall is
the readers' own.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ingestion import replay
from ingestion.extraction import extract
from ingestion.reading import read

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
SOURCES = FIXTURES / "01_sources.json"
TARGETS = {"organisations": 0.85, "people": 0.85, "places": 0.80, "figures": 0.80}
PRECISION, SECONDS = 0.50, 60


def replay_folder(folder: Path, only: list[str] | None = None) -> tuple[replay.Measure, float]:
    """Read the documents of ``folder`` named by the fixture sources (or ``only`` those) in
    the current database, and measure the findings against the fixtures that cite them."""
    rows = json.loads(SOURCES.read_text())
    files = {row["fields"]["file_name"]: row["fields"]["slug"] for row in rows}
    chosen = {name: slug for name, slug in files.items() if not only or name in only}
    started = time.perf_counter()
    named, values = [], []
    for name in sorted(chosen):
        extracted = extract((folder / name).read_bytes(), name)
        for finding in read(extracted.text, extracted.language):
            if finding.kind == "figure":
                values.append(finding.figure.value)
            elif finding.kind != "mention":
                named.append(finding.name)
    seconds = time.perf_counter() - started
    return replay.measure(replay.expected(FIXTURES, set(chosen.values())), named, values), seconds


class Command(BaseCommand):
    help = "Mesure la lecture des cinq documents contre fixtures/ (rappel, précision, durée)."

    def add_arguments(self, parser):
        parser.add_argument("--folder", type=Path, default=None)
        parser.add_argument("--only", action="append", help="Un fichier (répétable).")
        parser.add_argument("--missed", action="store_true", help="Liste ce qui manque.")

    def handle(self, *args, folder, only, missed, **options):
        folder = folder or Path(settings.PORTAL_DOCUMENTS_DIR)
        if not folder.is_dir():
            raise CommandError(f"Pas de dossier de documents : {folder}")
        name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            call_command("loaddata", str(SOURCES), verbosity=0)
            measure, seconds = replay_folder(folder, only)
        finally:
            connection.creation.destroy_test_db(name, verbosity=0)
        for group, (found, expected) in measure.recall.items():
            share = found / expected if expected else 1.0
            mark = "ok" if share >= TARGETS[group] else "SOUS LA CIBLE"
            self.stdout.write(
                f"{group:14} rappel {found}/{expected} = {share:.0%} "
                f"(cible {TARGETS[group]:.0%}) {mark}"
            )
            if missed and measure.missed[group]:
                self.stdout.write("    manquent : " + " ; ".join(measure.missed[group]))
        self.stdout.write(
            f"précision      {measure.matching}/{measure.proposals} = {measure.precision:.0%} "
            f"(cible {PRECISION:.0%})"
        )
        self.stdout.write(f"durée          {seconds:.1f} s (cible {SECONDS} s)")
