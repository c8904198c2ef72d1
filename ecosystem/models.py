"""The shared vocabulary (domains, territories, sources) and the knowledge base."""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecosystem.core.i18n import active_language, format_number, title_order
from ecosystem.core.models import ContentModel, PublishableQuerySet, SlugManager, TimeStampedModel


class Pillar(models.TextChoices):
    """The five stakeholder pillars of the MIT innovation-ecosystem model."""

    CORPORATE = "corporate", _("Entreprises")
    UNIVERSITY = "university", _("Universités")
    INVESTOR = "investor", _("Investisseurs (capital à risque)")
    GOVERNMENT = "government", _("Pouvoirs publics")
    ENTREPRENEUR = "entrepreneur", _("Entrepreneurs")


class SourceManager(SlugManager):
    """Sources without their text: a document's full text is read only where it is needed
    (``.defer(None)``: the source page, ``verify_evidence``), never by the pages that link
    to it."""

    def get_queryset(self):
        return super().get_queryset().defer("text")


class Source(TimeStampedModel):
    """One of the documents the content is extracted from."""

    class Language(models.TextChoices):
        FR = "fr", _("français")
        EN = "en", _("anglais")
        NL = "nl", _("néerlandais")
        DE = "de", _("allemand")

    slug = models.SlugField(_("identifiant d'URL"), max_length=120, unique=True)
    title = models.CharField(_("titre"), max_length=300)
    untitled = models.BooleanField(
        _("document sans titre"),
        default=False,
        help_text=_(
            "Cocher quand le document n'a pas de titre : le titre ci-dessus est alors donné "
            "par le portail, et la page le dit."
        ),
    )
    publisher = models.CharField(
        _("éditeur / contexte"),
        max_length=300,
        blank=True,
        help_text=_("Qui publie le document, ou son contexte s'il n'y a pas d'éditeur."),
    )
    kind = models.CharField(
        _("type de document"),
        max_length=80,
        blank=True,
        help_text=_("Article de presse, présentation, actualité…"),
    )
    date = models.DateField(_("date"), null=True, blank=True)
    date_note = models.CharField(
        _("précision sur la date"),
        max_length=200,
        blank=True,
        help_text=_("Quand la date est inconnue : ce que le document en laisse deviner."),
    )
    language = models.CharField(
        _("langue"), max_length=2, choices=Language.choices, default=Language.FR
    )
    url = models.URLField(_("adresse web"), blank=True)
    file_name = models.CharField(_("nom du fichier"), max_length=200, blank=True)
    summary = models.TextField(_("résumé"), blank=True)
    # The document's own text, kept for verify_evidence and for the sentence around each
    # excerpt on the source page; never shown in full (the documents are third parties' work).
    text = models.TextField(
        _("texte du document"),
        blank=True,
        help_text=_(
            "Le texte intégral, pour vérifier les extraits ; jamais publié en entier "
            "(le public ne voit que les extraits et leur phrase)."
        ),
    )
    text_sha256 = models.CharField(
        _("empreinte SHA-256 du texte"), max_length=64, blank=True, editable=False
    )
    is_published = models.BooleanField(_("publié"), default=False, db_index=True)

    objects = SourceManager()

    # The field a source is named by (ContentModel.title_field for the others).
    title_field = "title"

    class Meta:
        ordering = ["file_name", "title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.text_sha256 = hashlib.sha256(self.text.encode()).hexdigest() if self.text else ""
        super().save(*args, **kwargs)

    @property
    def text_intact(self) -> bool:
        """False when the stored text no longer matches the checksum taken when it was stored."""
        return not self.text or hashlib.sha256(self.text.encode()).hexdigest() == self.text_sha256

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("ecosystem:source_detail", args=[self.slug])


# What an empty list filtered by domain names instead (``Domain.neighbours``).
NEIGHBOUR_KINDS = (
    ("clusters", _("Hubs, clusters et pôles")),
    ("projects", _("Projets")),
    ("concepts", _("Notions")),
    ("policies", _("Politiques et programmes")),
    ("events", _("Événements")),
)
NEIGHBOURS_SHOWN = 8


@dataclass
class Neighbours:
    """Records of one kind that a domain gathers: the first few, and whether there are more."""

    label: str
    records: list
    more: bool


class ActorCountQuerySet(PublishableQuerySet):
    """Domains and territories: records that actors point at."""

    def pillar_counts(self):
        """(record id, pillar, public actors) rows, for the pillar balance."""
        return (
            self.filter(actors__is_published=True)
            .values_list("pk", "actors__pillar")
            .annotate(n=Count("actors", distinct=True))
            .order_by()
        )

    def with_actor_count(self):
        """Each record's number of public actors (``actor_count``), by name."""
        public_actors = Q(actors__is_published=True)
        return self.annotate(
            actor_count=Count("actors", filter=public_actors, distinct=True)
        ).order_by(title_order())

    def for_export(self):
        """The open data's shape: each record's public actor count and public neighbours."""
        return self.with_actor_count().with_public("parent", "sources")

    def for_api(self):
        """The API gives what the exports give."""
        return self.for_export()


class Domain(ContentModel):
    """A thematic or technology domain (Énergie, Hydrogène, CCU…)."""

    name = models.CharField(_("nom"), max_length=200)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("domaine parent"),
    )
    description = models.TextField(_("description"), blank=True)

    search_fields = ("name", "description")

    objects = SlugManager.from_queryset(ActorCountQuerySet)()

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("domaine")
        verbose_name_plural = _("domaines")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("ecosystem:domain_detail", args=[self.slug])

    def neighbours(self) -> list[Neighbours]:
        """What else the domain gathers, for a list that found no actor there.

        Of each kind (``NEIGHBOUR_KINDS``), the first ``NEIGHBOURS_SHOWN`` public
        records by name and one more, which says the list goes on: a domain may
        gather thousands of projects, and its own page has them all. One LIMIT
        query per kind (a sliced prefetch cost three times as much to compile).
        """
        groups = []
        for relation, label in NEIGHBOUR_KINDS:
            related = getattr(self, relation).published().order_by(title_order(), "pk")
            records = list(related[: NEIGHBOURS_SHOWN + 1])
            if records:
                groups.append(
                    Neighbours(label, records[:NEIGHBOURS_SHOWN], len(records) > NEIGHBOURS_SHOWN)
                )
        return groups


class Territory(ContentModel):
    """A region, province, sub-region or city, with coordinates for the map."""

    class Kind(models.TextChoices):
        COUNTRY = "country", _("pays")
        REGION = "region", _("région")
        PROVINCE = "province", _("province")
        SUBREGION = "subregion", _("sous-région")
        CITY = "city", _("ville")
        SITE = "site", _("site")

    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("territoire parent"),
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)

    search_fields = ("name", "description")

    objects = SlugManager.from_queryset(ActorCountQuerySet)()

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("territoire")
        verbose_name_plural = _("territoires")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("ecosystem:territory_detail", args=[self.slug])


class Concept(ContentModel):
    """A term with its definition, or a lesson learned."""

    class Kind(models.TextChoices):
        TERM = "term", _("notion")
        DEFINITION = "definition", _("définition d'auteur")
        MODEL = "model", _("modèle")
        LESSON = "lesson", _("enseignement")

    name = models.CharField(_("terme"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.TERM)
    definition = models.TextField(_("définition"))
    attribution = models.CharField(
        _("auteur de la définition"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple « Porter, 1998 »."),
    )
    domains = models.ManyToManyField(
        Domain, blank=True, related_name="concepts", verbose_name=_("domaines")
    )

    search_fields = ("name", "attribution", "definition")

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("notion")
        verbose_name_plural = _("notions")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("ecosystem:concept_detail", args=[self.slug])


class Policy(ContentModel):
    """A policy, plan or programme (Plan Marshall, Digital Wallonia…)."""

    name = models.CharField(_("nom"), max_length=200)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("fait partie de"),
    )
    start_year = models.PositiveSmallIntegerField(_("année de début"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("année de fin"), null=True, blank=True)
    territory = models.ForeignKey(
        Territory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="policies",
        verbose_name=_("territoire"),
    )
    domains = models.ManyToManyField(
        Domain, blank=True, related_name="policies", verbose_name=_("domaines")
    )
    website = models.URLField(_("site web"), blank=True)
    description = models.TextField(_("description"), blank=True)

    search_fields = ("name", "description")

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("politique ou programme")
        verbose_name_plural = _("politiques et programmes")

    def __str__(self):
        return self.name

    def clean(self):
        check_year_range(self.start_year, self.end_year)

    def get_absolute_url(self):
        return reverse("ecosystem:policy_detail", args=[self.slug])


class EventQuerySet(PublishableQuerySet):
    # When an event falls, as ``timing`` annotates it: the order of the list's groups.
    UPCOMING, PAST, UNDATED = 0, 1, 2

    def dated(self):
        """Events with a start date: those a calendar can place."""
        return self.filter(start_date__isnull=False)

    @staticmethod
    def _still_on() -> Q:
        """An event is upcoming until its last day is over (one under way is upcoming)."""
        today = timezone.localdate()
        return Q(end_date__gte=today) | Q(end_date__isnull=True, start_date__gte=today)

    def upcoming(self):
        return self.filter(self._still_on())

    def last_past(self):
        """The most recent event that is over, or None: what an agenda with nothing
        upcoming points to."""
        return self.dated().exclude(self._still_on()).order_by("-start_date").first()

    def upcoming_first(self):
        """Upcoming events, soonest first; then past ones, latest first; then undated ones.

        Each event carries ``timing`` (UPCOMING, PAST or UNDATED).
        """
        still_on = self._still_on()
        return self.annotate(
            timing=Case(
                When(still_on, then=Value(self.UPCOMING)),
                When(start_date__isnull=False, then=Value(self.PAST)),
                default=Value(self.UNDATED),
            ),
            # The upcoming events' dates, ascending; NULL for the others.
            next_date=Case(When(still_on, then=F("start_date"))),
        ).order_by("timing", "next_date", F("start_date").desc(), title_order(), "pk")


class Event(ContentModel):
    """An event such as Clusters Meet Regions (Charleroi, December 2024)."""

    name = models.CharField(_("nom"), max_length=200)
    start_date = models.DateField(_("date de début"), null=True, blank=True)
    end_date = models.DateField(_("date de fin"), null=True, blank=True)
    date_note = models.CharField(_("précision sur la date"), max_length=200, blank=True)
    territory = models.ForeignKey(
        Territory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("lieu"),
    )
    organisers = models.ManyToManyField(
        "actors.Actor", blank=True, related_name="organised_events", verbose_name=_("organisateurs")
    )
    participants = models.ManyToManyField(
        "actors.Actor",
        blank=True,
        related_name="attended_events",
        verbose_name=_("organisations présentes"),
    )
    speakers = models.ManyToManyField(
        "actors.Person", blank=True, related_name="events", verbose_name=_("intervenants")
    )
    clusters = models.ManyToManyField(
        "clusters.Cluster", blank=True, related_name="events", verbose_name=_("clusters")
    )
    domains = models.ManyToManyField(
        Domain, blank=True, related_name="events", verbose_name=_("domaines")
    )
    website = models.URLField(_("site web"), blank=True)
    description = models.TextField(_("description"), blank=True)

    search_fields = ("name", "date_note", "description")

    objects = SlugManager.from_queryset(EventQuerySet)()

    class Meta:
        ordering = ["-start_date", "sort_key"]
        verbose_name = _("événement")
        verbose_name_plural = _("événements")

    def __str__(self):
        return self.name

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("La fin ne peut précéder le début.")})

    def get_absolute_url(self):
        return reverse("ecosystem:event_detail", args=[self.slug])

    @property
    def date_note_in_list(self) -> str:
        """The date note without its closing period, to sit before « , Charleroi » in a list."""
        return self.date_note.rstrip(" .")


# The units (in French, as the documents' figures are entered) that make a figure
# about a cluster the documents' own count of its members: « plus de 80 membres ».
MEMBER_UNITS = ("membres", "entreprises membres", "adhérents")


class KeyFigureQuerySet(PublishableQuerySet):
    # What a figure can be about, in the order the key-figure page groups them.
    SUBJECTS = ("cluster", "actor", "project", "territory", "policy", "event")

    def counting_members(self):
        """Figures that count a cluster's members, as its documents do, latest first."""
        unit = Q()
        for name in MEMBER_UNITS:
            unit |= Q(unit_fr__iexact=name)
        return self.filter(unit, cluster__isnull=False).order_by(
            F("year").desc(nulls_last=True), "pk"
        )

    def with_source_name(self):
        """Each figure's first public source: its title (``source_name``, in the reader's
        language or French) and ``source_slug``. Subqueries of the same query, for a
        sentence such as « … selon <source> »."""
        language = active_language()
        sources = Source.objects.filter(is_published=True, cited_keyfigure=OuterRef("pk"))
        sources = sources.order_by(F("date").desc(nulls_last=True), "pk")
        name = Coalesce(
            NullIf(F(f"title_{language}"), Value("")),
            F(f"title_{settings.LANGUAGE_CODE}"),
            output_field=models.CharField(),
        )
        return self.annotate(
            source_name=Subquery(sources.annotate(name=name).values("name")[:1]),
            source_slug=Subquery(sources.values("slug")[:1]),
        )

    def by_subject(self) -> list[tuple[object, list]]:
        """(subject, its figures) pairs: clusters first, then actors… each by name.

        A figure about a draft counts as about nothing: it is grouped last.
        """
        groups: dict = {}
        for figure in self.with_public(*self.SUBJECTS, "sources"):
            groups.setdefault(figure.subject, []).append(figure)
        kinds = {name: rank for rank, name in enumerate(self.SUBJECTS)}

        def order(subject):
            if subject is None:
                return (len(kinds), "")
            return (kinds[subject._meta.model_name], subject.sort_key)

        return [(subject, groups[subject]) for subject in sorted(groups, key=order)]

    def dated(self):
        """Figures that have a year, to find measures given over several years."""
        return self.filter(year__isnull=False).order_by(title_order(), "year")

    def same_measure_as(self, figure) -> list:
        """The dated figures measuring what ``figure`` measures, about the same subject."""
        candidates = self.dated().filter(
            unit=figure.unit,
            cluster_id=figure.cluster_id,
            actor_id=figure.actor_id,
            project_id=figure.project_id,
            territory_id=figure.territory_id,
            policy_id=figure.policy_id,
            event_id=figure.event_id,
        )
        return [other for other in candidates if other.measure == figure.measure]

    def headline(self):
        """Figures about a public cluster or territory: the alliance's and the hubs' first."""
        about_public = Q(cluster__is_published=True) | Q(territory__is_published=True)
        return (
            self.filter(about_public)
            .with_public("sources")
            .order_by(F("cluster__kind").asc(nulls_last=True), "-year", title_order())
        )


class KeyFigure(ContentModel):
    """A number with its unit and year, about a cluster, actor, territory, policy…"""

    label = models.CharField(
        _("ce qui est mesuré"),
        max_length=300,
        help_text=_("Par exemple « Nombre de membres du District Cleantech »."),
    )
    value = models.DecimalField(_("valeur"), max_digits=20, decimal_places=4)
    unit = models.CharField(
        _("unité"), max_length=60, blank=True, help_text=_("€, %, hectares, emplois…")
    )
    qualifier = models.CharField(
        _("qualificatif"),
        max_length=60,
        blank=True,
        help_text=_("« plus de », « environ », « quelque »… tel que le dit le document."),
    )
    year = models.PositiveSmallIntegerField(_("année"), null=True, blank=True)
    period_note = models.CharField(
        _("précision sur la période"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple « 4e trimestre 2013 »."),
    )
    cluster = models.ForeignKey(
        "clusters.Cluster",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="key_figures",
        verbose_name=_("cluster"),
    )
    actor = models.ForeignKey(
        "actors.Actor",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="key_figures",
        verbose_name=_("acteur"),
    )
    project = models.ForeignKey(
        "actors.Project",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="key_figures",
        verbose_name=_("projet"),
    )
    territory = models.ForeignKey(
        Territory,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="key_figures",
        verbose_name=_("territoire"),
    )
    policy = models.ForeignKey(
        Policy,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="key_figures",
        verbose_name=_("politique"),
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="key_figures",
        verbose_name=_("événement"),
    )
    description = models.TextField(_("commentaire"), blank=True)

    search_fields = ("label", "unit", "period_note", "description")
    title_field = "label"

    objects = SlugManager.from_queryset(KeyFigureQuerySet)()

    class Meta:
        ordering = ["sort_key", "year"]
        verbose_name = _("chiffre clé")
        verbose_name_plural = _("chiffres clés")

    def __str__(self):
        year = f" ({self.year})" if self.year else ""
        return f"{self.label}{year}"

    @property
    def name(self):
        return self.label

    @property
    def subject(self):
        """The record the figure is about (its first public one), or None."""
        for name in KeyFigureQuerySet.SUBJECTS:
            related = getattr(self, name)
            if related is not None:
                return related
        return None

    @property
    def measure(self) -> tuple:
        """Figures are one measure when their label, unit and subject are the same."""
        return (
            " ".join(self.label.split()).casefold(),
            self.unit,
            self.cluster_id,
            self.actor_id,
            self.project_id,
            self.territory_id,
            self.policy_id,
            self.event_id,
        )

    @property
    def counts_members(self) -> bool:
        """Whether the figure is a document's count of its cluster's members."""
        unit = (self.unit_fr or "").casefold()
        return self.cluster_id is not None and unit in MEMBER_UNITS

    @property
    def source_short_name(self) -> str:
        """Its source's title (``with_source_name``) without subtitle or parenthesis:
        « From Industrial Legacy to Innovation Hub »; "" without a public source."""
        title = getattr(self, "source_name", None) or ""
        for mark in (": ", " : ", " (", " - ", " – "):
            head = title.split(mark)[0].strip()
            if len(head.split()) >= 2:
                title = head
        return title if len(title) <= 60 else title[:59].rsplit(" ", 1)[0] + "…"

    @property
    def source_url(self) -> str:
        """The page of its first public source (``with_source_name``), or ""."""
        slug = getattr(self, "source_slug", None)
        return reverse("ecosystem:source_detail", args=[slug]) if slug else ""

    @property
    def display_value(self) -> str:
        """The value as the document writes it: « plus de 80 membres », "more than 80 members"."""
        text = format_number(self.value)
        return " ".join(part for part in (self.qualifier, text, self.unit) if part)

    def get_absolute_url(self):
        return reverse("ecosystem:keyfigure_detail", args=[self.slug])


class Milestone(ContentModel):
    """A dated fact about an actor, cluster or project: a closure, a task force, an opening."""

    name = models.CharField(_("intitulé"), max_length=300)
    year = models.PositiveSmallIntegerField(_("année"), null=True, blank=True)
    date = models.DateField(_("date précise"), null=True, blank=True)
    actors = models.ManyToManyField(
        "actors.Actor", blank=True, related_name="milestones", verbose_name=_("acteurs")
    )
    clusters = models.ManyToManyField(
        "clusters.Cluster", blank=True, related_name="milestones", verbose_name=_("clusters")
    )
    projects = models.ManyToManyField(
        "actors.Project", blank=True, related_name="milestones", verbose_name=_("projets")
    )
    territory = models.ForeignKey(
        Territory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
        verbose_name=_("territoire"),
    )
    description = models.TextField(_("description"), blank=True)

    search_fields = ("name", "description")

    class Meta:
        ordering = ["-year", "sort_key"]
        verbose_name = _("fait daté")
        verbose_name_plural = _("faits datés")

    def __str__(self):
        return f"{self.year} — {self.name}" if self.year else self.name

    def get_absolute_url(self):
        return reverse("ecosystem:milestone_detail", args=[self.slug])


def check_year_range(start_year, end_year, field="end_year"):
    """Shared validation: an end year never precedes its start year."""
    if start_year and end_year and end_year < start_year:
        raise ValidationError({field: _("L'année de fin ne peut précéder l'année de début.")})
