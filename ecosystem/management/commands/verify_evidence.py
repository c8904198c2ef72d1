"""Check every excerpt against the document it quotes.

    python manage.py verify_evidence [FOLDER]

For each record and link that cites sources (``CitedModel``): every excerpt
must name a source the record cites, whose document is found — the text the
source keeps, else its file in FOLDER (by default ``PORTAL_DOCUMENTS_DIR``) —
and occur in it word for word (``ecosystem.evidence.occurs_in``); every public
one must have an excerpt or be marked as an editorial inference. Each quote
must occur in its source. A kept text must still match the SHA-256 taken when
it was stored. Exits with an error naming each record and excerpt that fails.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import override

from ecosystem.core.models import CitedModel
from ecosystem.evidence import Library
from ecosystem.models import Source


def cited_models() -> list:
    return [model for model in apps.get_models() if issubclass(model, CitedModel)]


def quoting_models() -> list:
    """Models whose ``verbatim_field`` quotes their ``source`` word for word (a quote)."""
    return [model for model in apps.get_models() if getattr(model, "verbatim_field", None)]


def describe(record) -> str:
    """«actors.actor igretec»: the label and natural key a reader of the fixtures searches for."""
    key = record.natural_key() if hasattr(record, "natural_key") else (record.pk,)
    return f"{record._meta.label_lower} {' / '.join(str(part) for part in key)}"


def document_name(source) -> str:
    """How a failure names a document: its file, or the source that keeps its text."""
    if source.text:
        return f"le texte de la source {source.slug}"
    return source.file_name or f"la source {source.slug} (aucun fichier)"


def excerpt_problem(excerpt: dict, cited: set, sources: dict, library: Library) -> str:
    """What is wrong with one excerpt, or "" when it occurs in its document."""
    source = sources.get(excerpt.get("source"))
    if source is None:
        return f"source inconnue « {excerpt.get('source')} »"
    if source.slug not in cited:
        return f"la fiche ne cite pas la source {source.slug}"
    document = library.document(source)
    if document is None:
        return f"document introuvable : {document_name(source)}"
    if not document.contains(excerpt["text"]):
        return f"extrait absent de {document_name(source)}"
    return ""


class Command(BaseCommand):
    help = "Vérifie que chaque extrait figure mot pour mot dans son document."

    def add_arguments(self, parser):
        parser.add_argument(
            "folder",
            type=Path,
            nargs="?",
            help="Dossier des documents sources (par défaut PORTAL_DOCUMENTS_DIR)",
        )

    def handle(self, *args, folder: Path | None, **options):
        if folder is not None and not folder.is_dir():
            raise CommandError(f"{folder} n'est pas un dossier.")
        folder = folder or settings.PORTAL_DOCUMENTS_DIR
        if not folder.is_dir():
            self.stderr.write(
                f"Pas de dossier {folder} (PORTAL_DOCUMENTS_DIR) : seuls les extraits des "
                "sources qui gardent leur texte peuvent être vérifiés."
            )
        library = Library(folder if folder.is_dir() else None)
        sources = {source.slug: source for source in Source.objects.defer(None)}
        failures: list[str] = [
            f"ecosystem.source {source.slug}: texte modifié depuis qu'il a été conservé "
            "(son empreinte SHA-256 ne correspond plus)"
            for source in sources.values()
            if not source.text_intact
        ]
        checked = 0
        with override("fr"):
            for model in cited_models():
                public = set(model._default_manager.published().values_list("pk", flat=True))
                for record in model._default_manager.prefetch_related("sources"):
                    cited = {source.slug for source in record.sources.all()}
                    if record.pk in public and not record.has_evidence:
                        failures.append(f"{describe(record)}: ni extrait ni déduction")
                    for excerpt in record.excerpts:
                        checked += 1
                        problem = excerpt_problem(excerpt, cited, sources, library)
                        if problem:
                            failures.append(
                                f"{describe(record)}: {problem} — « {excerpt['text']} »"
                            )
            for model in quoting_models():
                for quote in model._default_manager.select_related("source"):
                    checked += 1
                    words = getattr(quote, model.verbatim_field)
                    source = sources[quote.source.slug]
                    document = library.document(source)
                    if document is None or not document.contains(words):
                        failures.append(
                            f"{describe(quote)}: citation absente de {document_name(source)} "
                            f"— « {words} »"
                        )
        if failures:
            for failure in failures:
                self.stderr.write(failure)
            raise CommandError(f"{len(failures)} problème(s) sur {checked} extraits et citations.")
        self.stdout.write(f"{checked} extraits et citations trouvés dans leurs documents.")
