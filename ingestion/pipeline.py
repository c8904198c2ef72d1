"""A run's work: extract the document, read it, propose what it found (issue 28).

The reading writes nothing but the run's progress; the source and the proposals are
created together in one transaction at the end, so a run that fails at any stage
leaves no proposal and no half-created source, only the run marked failed with its
reason.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Callable
from pathlib import PurePath

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

from ecosystem.core.text import search_words
from ingestion import entities
from ingestion.extraction import Extracted, Refused, extract
from ingestion.models import IngestionRun
from ingestion.reading import Finding, read
from proposals.models import Proposal

logger = logging.getLogger(__name__)

PASTED = "texte-colle.txt"
Progress = Callable[[IngestionRun], None]

# A candidate organisation's kind and pillar, suggested from a word of its name.
ORGANISATION_HINTS = (
    (("universite", "university", "haute ecole", "college"), "university", "university"),
    (("cluster", "pole", "grappe"), "cluster_organisation", "government"),
    (("agence", "agency", "spw", "service public"), "public_agency", "government"),
    (
        ("region", "ministere", "ministry", "commission", "gouvernement"),
        "public_authority",
        "government",
    ),
    (("invest", "fund", "fonds", "capital"), "investor", "investor"),
    (("centre", "center", "institut", "institute", "laboratoire"), "research_centre", "university"),
    (("federation", "union", "chambre", "association", "asbl"), "federation", "corporate"),
)
PLACE_HINTS = (
    (("province",), "province"),
    (("region", "wallonie", "flandre", "bruxelles-capitale"), "region"),
    (("belgique", "belgium", "france", "allemagne", "germany", "europe"), "country"),
)


def ingest(run: IngestionRun, progress: Progress = lambda run: None) -> IngestionRun:
    """Do ``run``'s work, recording its stage and percent as it goes; a refused document
    marks it failed with the reason. Any other error does too, and is raised again."""
    run.status, run.started_at, run.error = IngestionRun.Status.RUNNING, timezone.now(), ""
    run.save(update_fields=["status", "started_at", "error"])

    def advance(stage, percent):
        run.advance(stage, percent)
        progress(run)

    try:
        advance(IngestionRun.Stage.EXTRACTING, 5)
        extracted = extract(bytes(run.document), run.file_name or PASTED)
        _not_read_before(run, extracted)
        advance(IngestionRun.Stage.READING, 20)
        findings = read(
            extracted.text,
            extracted.language,
            progress=lambda percent: advance(IngestionRun.Stage.READING, 20 + percent * 6 // 10),
        )
        advance(IngestionRun.Stage.PROPOSING, 85)
        with transaction.atomic():
            source = _source(run, extracted)
            counts = propose(run, source, findings)
            run.source, run.counts = source, counts
            run.status, run.percent, run.finished_at = IngestionRun.Status.DONE, 100, timezone.now()
            run.document = b""
            run.save()
    except Refused as refusal:
        _failed(run, str(refusal))
    except Exception as error:
        _failed(run, f"{type(error).__name__}: {error}")
        raise
    progress(run)
    return run


def _not_read_before(run: IngestionRun, extracted: Extracted) -> None:
    """A document whose text a source already holds is not proposed twice."""
    if run.source_id:
        return
    digest = hashlib.sha256(extracted.text.encode()).hexdigest()
    known = apps.get_model("ecosystem", "Source").objects.filter(text_sha256=digest).first()
    if known is not None:
        raise Refused(
            _("Ce document est déjà lu : c'est le texte de la source « %(title)s ».")
            % {"title": known.title}
        )


def _failed(run: IngestionRun, reason: str) -> None:
    run.refresh_from_db(fields=["stage", "percent"])
    run.status, run.error, run.finished_at = IngestionRun.Status.FAILED, reason, timezone.now()
    run.source = None
    run.save(update_fields=["status", "error", "finished_at", "source"])


def _source(run: IngestionRun, extracted: Extracted):
    """The run's source, given its text, or a new draft source for the document."""
    source_model = apps.get_model("ecosystem", "Source")
    if run.source_id:
        source = source_model.objects.defer(None).get(pk=run.source_id)
        if not source.text:
            source.text = extracted.text
            source.save()
        return source
    title = run.title or extracted.title or PurePath(run.file_name or PASTED).stem
    language = run.language or extracted.language
    with override("fr"):
        source = source_model(
            slug=_unique_slug(source_model, title),
            title=title[:300],
            publisher=(run.publisher or extracted.publisher)[:300],
            date=run.date or extracted.date,
            language=language if language in source_model.Language.values else "fr",
            file_name=run.file_name[:200] if run.file_name != PASTED else "",
            text=extracted.text,
            is_published=False,
        )
        source.save()
    return source


def _unique_slug(model, name: str) -> str:
    base = slugify(name)[:100] or "document"
    slug, number = base, 2
    while model._default_manager.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def propose(run: IngestionRun, source, findings: list[Finding]) -> dict[str, int]:
    """One waiting proposal per finding, its sentences as excerpts citing ``source``."""
    proposals = [_proposal(run, source, finding) for finding in findings]
    Proposal.objects.bulk_create([proposal for proposal in proposals if proposal])
    return dict(Counter(proposal.kind for proposal in proposals if proposal))


def _proposal(run: IngestionRun, source, finding: Finding) -> Proposal | None:
    proposal = Proposal(
        language=run.language or source.language or "fr",
        source=str(source.title)[:500],
        origin=run.origin,
        excerpts=[{"source": source.slug, "text": text} for text in finding.excerpts],
    )
    if finding.kind == "mention":
        model = apps.get_model(finding.record.label)
        proposal.kind = Proposal.Kind.MENTION
        proposal.target_type = ContentType.objects.get_for_model(model)
        proposal.target_id = finding.record.pk
        proposal.proposed = {}
    elif finding.kind == entities.ORGANISATION:
        kind, pillar = _organisation_hint(finding.name)
        proposal.kind = Proposal.Kind.NEW_ORGANISATION
        proposal.proposed = {"name": finding.name, "kind": kind, "pillar": pillar}
    elif finding.kind == entities.PERSON:
        proposal.kind = Proposal.Kind.NEW_PERSON
        proposal.proposed = {"name": finding.name}
    elif finding.kind == entities.PLACE:
        proposal.kind = Proposal.Kind.NEW_PLACE
        proposal.proposed = {"name": finding.name, "kind": _place_hint(finding.name)}
    elif finding.kind == "figure":
        proposal.kind = Proposal.Kind.FIGURE
        proposal.proposed = {
            "label": finding.name,
            "value": format(finding.figure.value, "f"),
            "unit": finding.figure.unit,
        }
    else:
        logger.warning("Unknown finding kind %r skipped", finding.kind)
        return None
    return proposal


def _words(name: str) -> str:
    return f" {search_words(name)} "


def _organisation_hint(name: str) -> tuple[str, str]:
    words = _words(name)
    for clues, kind, pillar in ORGANISATION_HINTS:
        if any(f" {clue} " in words or words.strip().startswith(clue) for clue in clues):
            return kind, pillar
    return "company", "corporate"


def _place_hint(name: str) -> str:
    words = _words(name)
    for clues, kind in PLACE_HINTS:
        if any(f" {clue} " in words for clue in clues):
            return kind
    return "city"
