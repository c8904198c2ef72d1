"""Check every excerpt against the document it quotes.

    python manage.py verify_evidence ../shared/seeds

For each record and link that cites sources (``CitedModel``): every excerpt
must name a source the record cites, whose file is in the folder, and occur
in that file word for word (``ecosystem.evidence.occurs_in``); every public
one must have an excerpt or be marked as an editorial inference. Each quote
must occur in its source. Exits with an error naming each record and excerpt
that fails.
"""

from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import override

from ecosystem.core.models import CitedModel
from ecosystem.evidence import Library, occurs_in
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


def excerpt_problem(excerpt: dict, cited: set, sources: dict, library: Library) -> str:
    """What is wrong with one excerpt, or "" when it occurs in its document."""
    source = sources.get(excerpt.get("source"))
    if source is None:
        return f"source inconnue « {excerpt.get('source')} »"
    if source.slug not in cited:
        return f"la fiche ne cite pas la source {source.slug}"
    document = library.text(source.file_name)
    if document is None:
        return f"document introuvable : {source.file_name or '(aucun fichier)'}"
    if not occurs_in(excerpt["text"], document):
        return f"extrait absent de {source.file_name}"
    return ""


class Command(BaseCommand):
    help = "Vérifie que chaque extrait figure mot pour mot dans son document."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="Dossier des documents sources")

    def handle(self, *args, folder: Path, **options):
        if not folder.is_dir():
            raise CommandError(f"{folder} n'est pas un dossier.")
        library = Library(folder)
        sources = {source.slug: source for source in Source.objects.all()}
        failures: list[str] = []
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
                    document = library.text(quote.source.file_name)
                    if document is None or not occurs_in(words, document):
                        failures.append(
                            f"{describe(quote)}: citation absente de {quote.source.file_name} "
                            f"— « {words} »"
                        )
        if failures:
            for failure in failures:
                self.stderr.write(failure)
            raise CommandError(f"{len(failures)} problème(s) sur {checked} extraits et citations.")
        self.stdout.write(f"{checked} extraits et citations trouvés dans leurs documents.")
