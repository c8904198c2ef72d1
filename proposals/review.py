"""What an editor does with a proposal: see possible duplicates, accept some fields, reject.

An accepted correction is one change in the record's history (django-reversion),
named « Proposition publique n° … »; an accepted new organisation, person, place
or key figure is a draft until an editor publishes it, with the proposer's source
as its evidence; an accepted mention (found in a document, issue 28) cites the
document on the record with its excerpts.
Either decision marks the record as checked today and tells the proposer.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

import reversion
from django.apps import apps
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext, override
from reversion.models import Version

from ecosystem.core.text import search_words
from proposals import emails
from proposals import fields as proposable
from proposals.models import CREATING, Proposal

# How alike two names must be to be shown as a possible duplicate (difflib's ratio).
CLOSE_SPELLING = 0.85
CANDIDATES = 2000


@dataclass
class Duplicate:
    record: object
    matched: str  # the name or alias that matched
    exact: bool


# The records a new one of each kind may duplicate.
LIKELY_TWINS = {
    Proposal.Kind.NEW_ORGANISATION: ("actors.Actor", "clusters.Cluster"),
    Proposal.Kind.NEW_PERSON: ("actors.Person",),
    Proposal.Kind.NEW_PLACE: ("ecosystem.Territory",),
}


def possible_duplicates(
    name: str, limit: int = 8, labels: tuple[str, ...] = LIKELY_TWINS["new_organisation"]
) -> list[Duplicate]:
    """Records of ``labels`` (organisations and clusters by default), drafts included, whose
    name or an alias is this name (accents and case aside) or a close spelling of it."""
    wanted = search_words(name)
    if not wanted:
        return []
    found: list[Duplicate] = []
    first_word = wanted.split()[0]
    for label in labels:
        model = apps.get_model(label)
        has_aliases = any(field.name == "aliases" for field in model._meta.get_fields())
        # Candidates from the database (a name that starts alike, or an alias with its first
        # word; a person sorts by family name: a word of the name), compared here: a close
        # spelling has no portable SQL.
        if has_aliases:
            nearby = Q(sort_key_fr__startswith=wanted[:2]) | Q(aliases__icontains=first_word)
        else:
            nearby = Q(search_text__contains=first_word) | Q(sort_key_fr__startswith=wanted[:2])
        fields = ("pk", "slug", "name", *(("aliases",) if has_aliases else ()))
        candidates = model._default_manager.filter(nearby).only(*fields)
        for record in candidates[:CANDIDATES]:
            names = [record.name, *(record.aliases.splitlines() if has_aliases else ())]
            for candidate in filter(None, (n.strip() for n in names)):
                words = search_words(candidate)
                exact = words == wanted
                if exact or SequenceMatcher(None, words, wanted).ratio() >= CLOSE_SPELLING:
                    found.append(Duplicate(record, candidate, exact))
                    break
    found.sort(key=lambda duplicate: not duplicate.exact)
    return found[:limit]


def unique_slug(model, name: str) -> str:
    base = slugify(name)[:100] or "organisation"
    slug, number = base, 2
    while model._default_manager.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def keep_initial_state(record) -> None:
    """A version of the record as it stands, when it has none yet (loaded from the fixtures):
    the public history then shows what the first change changed."""
    if not Version.objects.get_for_object(record).exists():
        with reversion.create_revision():
            reversion.set_comment("État initial")
            reversion.add_to_revision(record)


def _decided(proposal: Proposal, status: str, editor) -> None:
    proposal.status = status
    proposal.decided_at = timezone.now()
    proposal.decided_by = editor


def _mark_checked(record) -> None:
    record.checked_on = timezone.localdate()


@transaction.atomic
def accept(proposal: Proposal, values: dict, editor, excerpt: dict | None = None):
    """Apply ``values`` ({field: value}, a subset of what was proposed, as the editor
    edited it) and return the record changed or created.

    A mention cites the proposal's source on the record with its excerpts; a new record
    (organisation, person, place, key figure) is a draft citing them, or, proposed by the
    public without the source's words, an inference naming the source given."""
    number = proposal.pk
    excerpts = [*proposal.excerpts, *([excerpt] if excerpt else [])]
    if not proposal.creates_record:
        keep_initial_state(proposal.target)
    with reversion.create_revision():
        reversion.set_user(editor)
        if proposal.creates_record:
            record = _create_draft(proposal, values, excerpts)
        elif proposal.kind == Proposal.Kind.MENTION:
            record = _cite(proposal.target, excerpts)
        else:
            record = proposal.target
            for name, value in values.items():
                if not proposable.is_many(type(record), name):
                    proposable.apply(record, name, value, proposal.language)
            _mark_checked(record)
            record.save()
            for name, value in values.items():
                if proposable.is_many(type(record), name):
                    proposable.apply(record, name, value, proposal.language)
        with override("fr"):
            reversion.set_comment(
                gettext("Proposition publique n° %(number)s : %(fields)s")
                % {"number": number, "fields": ", ".join(values) or gettext("sources, extraits")}
            )
    everything = set(values) >= set(proposal.proposed)
    _decided(
        proposal,
        Proposal.Status.ACCEPTED if everything else Proposal.Status.PARTLY_ACCEPTED,
        editor,
    )
    proposal.accepted_fields = sorted(values)
    if proposal.creates_record:
        proposal.target_type_id = _content_type_id(record)
        proposal.target_id = record.pk
    proposal.save()
    transaction.on_commit(lambda: emails.announce_decision(proposal))
    return record


def _content_type_id(record) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(record).pk


def _sources_of(excerpts: list[dict]):
    slugs = {excerpt["source"] for excerpt in excerpts}
    return apps.get_model("ecosystem", "Source").objects.filter(slug__in=slugs)


def _cite(record, excerpts: list[dict]):
    """The record cites the excerpts' sources, and their words it did not have yet."""
    record.excerpts = [
        *record.excerpts,
        *(excerpt for excerpt in excerpts if excerpt not in record.excerpts),
    ]
    _mark_checked(record)
    record.save()
    record.sources.add(*_sources_of(excerpts))
    return record


def _create_draft(proposal: Proposal, values: dict, excerpts: list[dict]):
    model = apps.get_model(CREATING[proposal.kind])
    record = model(slug=unique_slug(model, values.get(model.title_field, "")), is_published=False)
    for name, value in values.items():
        if not proposable.is_many(model, name):
            proposable.apply(record, name, value, "fr")
            if name in proposable.translated_fields(model):
                # The words in the language they were written in; the other waits for an editor.
                setattr(record, f"{name}_{proposal.language}", value)
    if excerpts:
        record.excerpts = excerpts
    else:
        record.inference_fr = (
            f"Proposée par le public (proposition n° {proposal.pk}) ; source indiquée : "
            f"{proposal.source}"
        )
        record.inference_en = (
            f"Proposed by the public (proposal no. {proposal.pk}); source given: {proposal.source}"
        )
    _mark_checked(record)
    record.save()
    for name, value in values.items():
        if proposable.is_many(model, name):
            proposable.apply(record, name, value, "fr")
    if excerpts:
        record.sources.add(*_sources_of(excerpts))
    return record


@transaction.atomic
def reject(proposal: Proposal, reason: str, editor) -> None:
    _decided(proposal, Proposal.Status.REJECTED, editor)
    proposal.reason = reason
    proposal.save()
    record = proposal.target
    if record is not None:
        with reversion.create_revision():
            reversion.set_user(editor)
            reversion.set_comment(f"Vérifiée : proposition publique n° {proposal.pk} refusée")
            _mark_checked(record)
            record.save()
    transaction.on_commit(lambda: emails.announce_decision(proposal))
