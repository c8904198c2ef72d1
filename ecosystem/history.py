"""A record's public history: what changed in its public fields, when, and why.

Read from the edit history the admin keeps (django-reversion). Only states in
which the record was published count (a draft's changes show as one change at
its publication); internal notes, derived fields, staff names and the editors'
own wording never appear: the reason is an accepted public proposal, a new
source, or an editor's correction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from reversion.models import Version

# Fields the public never sees, or that derive from others.
PRIVATE_FIELDS = {
    "id", "notes", "is_published", "created", "modified", "checked_on", "search_text",
    "search_text_en", "sort_key", "sort_key_fr", "sort_key_en", "is_synthetic",
}  # fmt: skip
EVIDENCE_FIELDS = {"sources", "excerpts"}
PROPOSAL_MARK = "Proposition publique n°"
SHOWN_LENGTH = 160


@dataclass
class Change:
    when: object
    reason: str
    fields: list[tuple[str, str]] = field(default_factory=list)  # (label, new value)


def _label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # a field the model no longer has
        return name


def _shown(value) -> str:
    if isinstance(value, list):
        return ""
    text = " ".join(str(value or "").split())
    return text if len(text) <= SHOWN_LENGTH else text[: SHOWN_LENGTH - 1] + "…"


def _reason(comment: str, changed: set[str]) -> str:
    if PROPOSAL_MARK in comment:
        number = comment.split(PROPOSAL_MARK, 1)[1].split(":", 1)[0].strip()
        return str(_("proposition publique n° %(number)s acceptée")) % {"number": number}
    if changed & EVIDENCE_FIELDS:
        return str(_("nouvelle source ou nouvel extrait"))
    return str(_("correction de l'équipe éditoriale"))


def public_history(record) -> list[Change]:
    """The changes of ``record``'s public fields, newest first."""
    model = type(record)
    versions = (
        Version.objects.get_for_object(record)
        .select_related("revision")
        .order_by("revision__date_created", "pk")
    )
    changes: list[Change] = []
    previous: dict | None = None
    for version in versions:
        try:
            state = version.field_dict
        except Exception:  # a version of a schema that no longer loads: skip it
            continue
        if not state.get("is_published", True):
            continue
        public = {k: v for k, v in state.items() if k not in PRIVATE_FIELDS}
        if previous is not None:
            changed = {k for k, v in public.items() if previous.get(k) != v}
            if changed:
                changes.append(
                    Change(
                        when=version.revision.date_created,
                        reason=_reason(version.revision.comment, changed),
                        fields=[(_label(model, k), _shown(public[k])) for k in sorted(changed)],
                    )
                )
        previous = public
    changes.reverse()
    return changes
