"""Abstract bases shared by every content model of the portal.

Every public record is timestamped, has a published / draft state decided in
one place (``PublishableQuerySet.published``), a unique slug that doubles as
its natural key in the fixtures, and cites the documents it comes from.
"""

import threading
from collections.abc import Container

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _
from taggit.models import TaggedItemBase

from ecosystem.core.cache import cached
from ecosystem.core.text import normalise, search_words


def validate_excerpts(value) -> None:
    """Excerpts are a list of {"source": <source slug>, "text": <the document's words>}."""
    if not isinstance(value, list):
        raise ValidationError(_("Une liste d'extraits est attendue."))
    for excerpt in value:
        if (
            not isinstance(excerpt, dict)
            or set(excerpt) != {"source", "text"}
            or not all(isinstance(excerpt[key], str) and excerpt[key].strip() for key in excerpt)
        ):
            raise ValidationError(
                _('Chaque extrait a la forme {"source": "identifiant", "text": "mots cités"}.')
            )


def in_language(obj, field: str, language: str) -> str:
    """``obj.<field>`` in ``language``, French where it is not translated yet.

    Fields that are not translated (aliases, a person's name) are the same
    in every language.
    """
    translated = f"{field}_{language}"
    if not hasattr(obj, translated):
        return str(getattr(obj, field, "") or "")
    original = getattr(obj, f"{field}_{settings.LANGUAGE_CODE}", "")
    return str(getattr(obj, translated) or original or "")


def public_at(path: str) -> Q:
    """The condition that the record at the end of ``path`` is public, for a join a
    QuerySet method cannot name (the map's FilteredRelation on a layer's territory)."""
    return Q(**{f"{path}__is_published": True})


def public_sources() -> dict:
    """The published documents by slug, once per content version: what an excerpt may quote."""
    source = apps.get_model("ecosystem", "Source")
    return cached("documents", (), lambda: {s.slug: s for s in source.objects.published()})


# The published slugs, read once per request (an export reads them for every row) or
# until a content change in this process: ecosystem/core/signals.py forgets them.
_public_slugs = threading.local()


def public_source_slugs() -> frozenset[str]:
    slugs = getattr(_public_slugs, "value", None)
    if slugs is None:
        slugs = _public_slugs.value = frozenset(public_sources())
    return slugs


def forget_public_source_slugs(**kwargs) -> None:
    _public_slugs.value = None


def read_public_source_slugs() -> frozenset[str]:
    """The published slugs from the database itself, for what is stored (the search text):
    the cache may hold another process's view of them under the current version."""
    source = apps.get_model("ecosystem", "Source")
    slugs = _public_slugs.value = frozenset(
        source.objects.published().values_list("slug", flat=True)
    )
    return slugs


def public_excerpts(record, public: Container[str] | None = None) -> list[dict]:
    """The excerpts of ``record`` that the public may read: those of a published document.

    The one place that decides it: pages, the API, exports, JSON-LD and the search
    text all read a record's excerpts through here, so a draft document's words
    show nowhere. ``public`` (the published slugs) saves a caller that has them a look-up.
    """
    excerpts = getattr(record, "excerpts", None) or ()
    if not excerpts:
        return []
    public = public_source_slugs() if public is None else public
    return [excerpt for excerpt in excerpts if excerpt.get("source") in public]


class PublicQuerySetMixin:
    """What every queryset of public content can do: name its public neighbours.

    Pages, exports, the API, feeds and graphs prefetch relations through
    ``with_public`` so that a draft never shows, even as a neighbour: drafts
    are left out of a to-many relation and read as ``None`` through a foreign
    key.
    """

    def public_related(self, relation: str) -> models.QuerySet:
        """The public records at the end of ``relation`` (``"parts__domains"`` walks on)."""
        model = self.model
        for name in relation.split("__"):
            model = model._meta.get_field(name).related_model
        return model._default_manager.published()

    def with_public(self, *relations: str, **refined: models.QuerySet):
        """Prefetch relations keeping their public records only.

        ``relations`` are taken as they are; ``refined`` maps a relation to a
        queryset that orders, joins or annotates it, made public here so that
        no caller can forget to.
        """
        # Refined first: a nested relation ("parts__domains") must find its
        # parent ("parts") already prefetched with the refined queryset.
        prefetches = [Prefetch(name, queryset.published()) for name, queryset in refined.items()]
        prefetches += [Prefetch(name, self.public_related(name)) for name in relations]
        return self.prefetch_related(*prefetches)


class PublishableQuerySet(PublicQuerySetMixin, models.QuerySet):
    def published(self):
        """What the public may see: every public view, export and search uses this."""
        return self.filter(is_published=True)


class LinkQuerySet(PublicQuerySetMixin, models.QuerySet):
    """Links between records (a membership, a role, a participation, a quote).

    A link is public when every record it joins is: the model lists them in
    ``public_ends``; where it joins one of several records (a role held at an
    organisation *or* a cluster), ``public_alternatives`` lists those.
    """

    def published(self):
        condition = Q(*(Q(**{f"{end}__is_published": True}) for end in self.model.public_ends))
        alternatives = getattr(self.model, "public_alternatives", ())
        if alternatives:
            either = Q()
            for end in alternatives:
                either |= Q(**{f"{end}__is_published": True})
            condition &= either
        return self.filter(condition)


class LinkManager(models.Manager.from_queryset(LinkQuerySet)):
    """Natural keys of a link: the slugs of its ends, in ``natural_key_fields`` order."""

    def get_by_natural_key(self, *keys):
        fields = self.model.natural_key_fields
        return self.get(**{f"{field}__slug": key for field, key in zip(fields, keys, strict=True)})


class SlugManager(models.Manager.from_queryset(PublishableQuerySet)):
    """Looks records up by slug, so fixtures reference each other by natural key."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class TimeStampedModel(models.Model):
    created = models.DateTimeField(_("créé le"), auto_now_add=True)
    modified = models.DateTimeField(_("modifié le"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class CitedModel(TimeStampedModel):
    """A record that cites the source documents it was extracted from."""

    sources = models.ManyToManyField(
        "ecosystem.Source",
        related_name="cited_%(class)s",
        blank=True,
        verbose_name=_("sources"),
        help_text=_("Le ou les documents dont provient cette information."),
    )

    excerpts = models.JSONField(
        _("extraits"),
        default=list,
        blank=True,
        validators=[validate_excerpts],
        help_text=_(
            "Les mots exacts des documents qui appuient cette information, un par élément : "
            '[{"source": "identifiant-de-la-source", "text": "mots du document"}]. '
            "« […] » marque des mots omis."
        ),
    )
    inference = models.TextField(
        _("déduction éditoriale"),
        blank=True,
        help_text=_(
            "À remplir quand aucun document ne le dit mot pour mot : le raisonnement, en une "
            "phrase, qui mène des extraits à cette information. Affiché comme déduction."
        ),
    )

    class Meta:
        abstract = True

    def public_excerpts(self) -> list[dict]:
        """The excerpts of published documents only (``public_excerpts``)."""
        return public_excerpts(self)

    def excerpts_from(self, source) -> list[str]:
        """The words this record takes from ``source`` (a Source)."""
        return [excerpt["text"] for excerpt in self.excerpts if excerpt["source"] == source.slug]

    @property
    def has_evidence(self) -> bool:
        """True when an excerpt supports the record, or it is marked as an inference."""
        return bool(self.excerpts) or bool(self.inference)


class ContentModel(CitedModel):
    """A public record with a slug, a published state and a normalised search text."""

    slug = models.SlugField(
        _("identifiant d'URL"),
        max_length=120,
        unique=True,
        help_text=_("En ASCII, sans accents : « hydrogene », « district-cleantech »."),
    )
    is_published = models.BooleanField(
        _("publié"),
        default=False,
        db_index=True,
        help_text=_("Un brouillon n'apparaît nulle part sur le site public."),
    )
    notes = models.TextField(
        _("notes internes"),
        blank=True,
        help_text=_("Pour l'équipe éditoriale ; jamais affichées au public."),
    )
    # Set by an editor's « marquer comme vérifié » and by a decision on a public proposal.
    checked_on = models.DateField(
        _("vérifié le"),
        null=True,
        blank=True,
        help_text=_("Le jour où l'équipe a vérifié la fiche pour la dernière fois."),
    )
    # Normalised words of ``search_fields``, French and English (see refresh_derived_text).
    search_text = models.TextField(editable=False, blank=True, default="")
    search_text_en = models.TextField(editable=False, blank=True, default="")
    # The title, accent- and case-free: lists sort on it in the reader's language
    # (translated: sort_key_fr, sort_key_en), so that « Économie » files under E.
    sort_key = models.CharField(editable=False, max_length=200, blank=True, default="")

    objects = SlugManager()

    # Fields whose text goes into ``search_text``; subclasses list their own.
    search_fields: tuple[str, ...] = ("name",)
    # The field a record is named and sorted by.
    title_field = "name"

    class Meta:
        abstract = True

    def natural_key(self):
        return (self.slug,)

    def refresh_derived_text(self) -> None:
        """Search texts and sort keys from the fields they derive from, in each language."""
        # Stored, so decided on the database's published documents, not a cached view of them.
        excerpts = public_excerpts(self, read_public_source_slugs()) if self.excerpts else []
        self.search_text = self.build_search_text(settings.LANGUAGE_CODE, excerpts)
        self.search_text_en = self.build_search_text("en", excerpts)
        for language, _name in settings.LANGUAGES:
            title = in_language(self, self.title_field, language)
            setattr(self, f"sort_key_{language}", normalise(title)[:200])

    def build_search_text(self, language: str, excerpts: list[dict] | None = None) -> str:
        if excerpts is None:
            excerpts = self.public_excerpts()
        parts = [in_language(self, field, language) for field in self.search_fields]
        # The documents' own words find the record too, in whichever language they are;
        # a draft document's words do not (they follow its publication: core/signals.py).
        parts += [excerpt["text"] for excerpt in excerpts]
        return search_words(" ".join(parts))


def public_title_indexes(prefix: str) -> list[models.Index]:
    """Indexes that walk the published records in title order, one per language.

    A list ordered by ``title_order()`` (``sort_key_<lang>``, then the key)
    reads its page from the index instead of sorting the whole table.
    """
    return [
        models.Index(
            fields=[f"sort_key_{language}", "id"],
            condition=Q(is_published=True),
            name=f"{prefix}_public_title_{language}_idx",
        )
        for language, _name in settings.LANGUAGES
    ]


class TaggedRecordManager(models.Manager):
    def get_by_natural_key(self, tag_name, slug):
        return self.get(tag__name=tag_name, content_object__slug=slug)


class TaggedRecord(TaggedItemBase):
    """A tag on one record, by foreign key: the through model of a ``TaggableManager``.

    taggit's own generic link keeps the record's raw id, which a backup
    cannot carry to another database; a foreign key serialises as the
    record's slug, and the link's natural key is (tag name, record slug).
    Subclasses declare ``content_object``, the foreign key to their model.
    """

    objects = TaggedRecordManager()

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="%(app_label)s_%(class)s_once"
            ),
        ]

    def natural_key(self):
        return (self.tag.name, *self.content_object.natural_key())
