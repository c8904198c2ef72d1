"""Abstract bases shared by every content model of the portal.

Every public record is timestamped, has a published / draft state decided in
one place (``PublishableQuerySet.published``), a unique slug that doubles as
its natural key in the fixtures, and cites the documents it comes from.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ecosystem.core.text import search_words


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: every public view, export and search uses this."""
        return self.filter(is_published=True)


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

    class Meta:
        abstract = True


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
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = SlugManager()

    # Fields whose text goes into ``search_text``; subclasses list their own.
    search_fields: tuple[str, ...] = ("name",)

    class Meta:
        abstract = True

    def natural_key(self):
        return (self.slug,)

    def build_search_text(self) -> str:
        parts = (str(getattr(self, field, "") or "") for field in self.search_fields)
        return search_words(" ".join(parts))
