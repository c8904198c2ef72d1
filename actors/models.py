"""Organisations, people and projects of the ecosystem."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from ecosystem.core.i18n import active_language, title_order
from ecosystem.core.models import (
    CitedModel,
    ContentModel,
    LinkManager,
    LinkQuerySet,
    PublishableQuerySet,
    SlugManager,
    TaggedRecord,
    public_title_indexes,
)
from ecosystem.core.text import family_name_first, sort_text
from ecosystem.models import Domain, Pillar, Source, Territory, check_year_range


def public_link_count(queryset: QuerySet, relation: str) -> Coalesce:
    """How many public links of ``relation`` each record has: a correlated subquery.

    A subquery rather than ``Count`` over a join: two such counts side by side
    would multiply each other's rows (djangopackages' "JOIN+GROUP BY explosion").
    """
    field = queryset.model._meta.get_field(relation).field.name
    links = (
        queryset.public_related(relation)
        .filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(links), 0)


class ActorQuerySet(PublishableQuerySet):
    def with_connections(self):
        """Each actor's public cluster memberships and project participations (``connections``)."""
        return self.annotate(
            connections=public_link_count(self, "memberships")
            + public_link_count(self, "participations")
        )

    def for_card(self):
        """What an actor card shows: its place and domains."""
        return self.with_public("territory", "domains")

    def with_neighbourhood(self):
        """``has_neighbours``: whether the actor's graph reaches relations of relations.

        They are its clusters' alliance and its projects' other partners
        (``actors.graphs.actor_graph``): EXISTS in the same query.
        """
        alliances = (
            self.public_related("memberships")
            .filter(actor=OuterRef("pk"), cluster__part_of__is_published=True)
            .exclude(cluster__part_of__memberships__actor=OuterRef("pk"))
        )
        partners = (
            self.public_related("participations")
            .filter(project__participations__actor=OuterRef("pk"))
            .exclude(actor=OuterRef("pk"))
        )
        return self.annotate(has_neighbours=Exists(alliances) | Exists(partners))

    def for_detail(self):
        """Everything an actor page shows, both ways, public records only."""
        return self.with_neighbourhood().with_public(
            "territory",
            "domains",
            "sources",
            "key_figures",
            "milestones",
            "organised_events",
            "attended_events",
            memberships=self.public_related("memberships")
            .select_related("cluster")
            .order_by(title_order("cluster__")),
            participations=self.public_related("participations")
            .select_related("project")
            .order_by(title_order("project__")),
            roles=self.public_related("roles").by_person(),
        )

    def for_export(self):
        """The open data's shape: the public records an actor names, its clusters by name."""
        return self.with_public(
            "territory",
            "domains",
            "sources",
            memberships=self.public_related("memberships")
            .select_related("cluster")
            .order_by(title_order("cluster__")),
        )

    def for_api(self):
        """The exports' shape, with the actor's projects and its people, by name."""
        return self.for_export().with_public(
            participations=self.public_related("participations")
            .select_related("project")
            .order_by(title_order("project__")),
            roles=self.public_related("roles").by_person(),
        )


class PersonQuerySet(PublishableQuerySet):
    def for_card(self):
        """A person with the roles held at public organisations and clusters."""
        # A role at a draft organisation and a public cluster names the cluster only.
        return self.with_public(roles=self.public_related("roles").with_public("actor", "cluster"))

    def for_detail(self):
        return self.for_card().with_public(
            "sources",
            "events",
            quotes=self.public_related("quotes").select_related("source"),
        )

    def for_export(self):
        """The open data's shape: the card's roles (a draft organisation reads as None)."""
        return self.for_card().with_public("sources")

    def for_api(self):
        """Each public role names its organisation and its cluster, a draft one as None."""
        # A role at a published actor may also name a draft cluster (or the reverse).
        return self.with_public(
            "roles__actor", "roles__cluster", "sources", roles=self.public_related("roles")
        )


class ProjectQuerySet(PublishableQuerySet):
    def with_partner_count(self):
        """Each project's public participants, leads and funders included (``partner_count``)."""
        return self.annotate(partner_count=public_link_count(self, "participations"))

    def for_card(self):
        """A project card: its place, domains and lead partners (as ``leads``)."""
        lead = ProjectParticipation.Role.LEAD
        leads = self.public_related("participations").filter(role=lead).select_related("actor")
        return self.with_public("territory", "domains").prefetch_related(
            Prefetch("participations", leads, to_attr="leads")
        )

    def with_neighbourhood(self):
        """``has_neighbours``: whether the project's graph reaches relations of relations.

        They are its clusters' alliance and its partners' clusters
        (``actors.graphs.project_graph``): EXISTS in the same query.
        """
        alliances = (
            self.public_related("clusters")
            .filter(projects=OuterRef("pk"), part_of__is_published=True)
            .exclude(part_of__projects=OuterRef("pk"))
        )
        partners_clusters = (
            self.public_related("participations__actor__memberships")
            .filter(actor__participations__project=OuterRef("pk"))
            .exclude(cluster__projects=OuterRef("pk"))
        )
        return self.annotate(has_neighbours=Exists(alliances) | Exists(partners_clusters))

    def for_detail(self):
        return self.with_neighbourhood().with_public(
            "territory",
            "domains",
            "sources",
            "key_figures",
            "milestones",
            "clusters__domains",
            participations=self.public_related("participations")
            .select_related("actor")
            .order_by("role", title_order("actor__")),
            clusters=self.public_related("clusters").with_member_count().with_reported_members(),
        )

    def for_export(self):
        """The open data's shape: the public records named, the participants by role and name."""
        return self.with_public(
            "territory",
            "domains",
            "clusters",
            "sources",
            participations=self.public_related("participations")
            .select_related("actor")
            .order_by("role", title_order("actor__")),
        )

    def for_api(self):
        """The API gives what the exports give."""
        return self.for_export()


class QuoteQuerySet(LinkQuerySet):
    def of_people_at(self, actor):
        """Public quotes of the public people who hold a role at ``actor``."""
        return (
            self.published()
            .filter(person__roles__actor=actor)
            .select_related("person", "source")
            .distinct()
        )


class TaggedActor(TaggedRecord):
    content_object = models.ForeignKey("Actor", on_delete=models.CASCADE, related_name="tag_links")

    class Meta(TaggedRecord.Meta):
        verbose_name = _("mot-clé d'un acteur")
        verbose_name_plural = _("mots-clés des acteurs")


class TaggedProject(TaggedRecord):
    content_object = models.ForeignKey(
        "Project", on_delete=models.CASCADE, related_name="tag_links"
    )

    class Meta(TaggedRecord.Meta):
        verbose_name = _("mot-clé d'un projet")
        verbose_name_plural = _("mots-clés des projets")


class Actor(ContentModel):
    """An organisation: company, university, public body, investor, network…"""

    class Kind(models.TextChoices):
        COMPANY = "company", _("entreprise")
        STARTUP = "startup", _("start-up")
        UNIVERSITY = "university", _("université")
        RESEARCH_CENTRE = "research_centre", _("centre de recherche")
        TRAINING_CENTRE = "training_centre", _("centre de formation")
        INVESTOR = "investor", _("investisseur")
        PUBLIC_AUTHORITY = "public_authority", _("pouvoir public")
        PUBLIC_AGENCY = "public_agency", _("agence publique")
        DEVELOPMENT_AGENCY = "development_agency", _("agence de développement")
        FEDERATION = "federation", _("fédération")
        TRADE_UNION = "trade_union", _("syndicat")
        CLUSTER_ORGANISATION = "cluster_organisation", _("organisation de cluster")
        SCIENCE_PARK = "science_park", _("parc scientifique")
        INCUBATOR = "incubator", _("incubateur / accélérateur")
        NETWORK = "network", _("réseau")
        MEDIA = "media", _("média")
        OTHER = "other", _("autre")

    class Status(models.TextChoices):
        ACTIVE = "active", _("en activité")
        ENDED = "ended", _("terminé / fermé")

    name = models.CharField(_("nom"), max_length=200, db_index=True)
    aliases = models.TextField(
        _("autres noms"),
        blank=True,
        help_text=_("Un nom par ligne (sigles, anciens noms) ; la recherche les trouve."),
    )
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    pillar = models.CharField(
        _("pilier"),
        max_length=20,
        choices=Pillar.choices,
        help_text=_("Pilier du modèle d'écosystème du MIT."),
    )
    # Blank when no document gives the organisation's status: the page shows none.
    status = models.CharField(
        _("statut"),
        max_length=10,
        choices=Status.choices,
        blank=True,
        help_text=_("Vide quand aucun document ne dit si l'organisation est en activité."),
    )
    status_year = models.PositiveSmallIntegerField(
        _("statut constaté en"),
        null=True,
        blank=True,
        help_text=_(
            "L'année où un document montre ce statut (« en activité en 2014 ») ; vide quand "
            "le statut vaut aujourd'hui."
        ),
    )
    territory = models.ForeignKey(
        Territory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actors",
        verbose_name=_("territoire"),
    )
    domains = models.ManyToManyField(
        Domain, blank=True, related_name="actors", verbose_name=_("domaines")
    )
    website = models.URLField(_("site web"), blank=True)
    description = models.TextField(_("description"), blank=True)
    founded_year = models.PositiveSmallIntegerField(_("année de création"), null=True, blank=True)
    ended_year = models.PositiveSmallIntegerField(_("année de fin"), null=True, blank=True)
    is_synthetic = models.BooleanField(
        _("donnée synthétique"),
        default=False,
        editable=False,
        help_text=_("Créé par generate_synthetic pour les mesures de performance."),
    )
    tags = TaggableManager(_("mots-clés"), blank=True, through=TaggedActor)

    search_fields = ("name", "aliases", "description")
    # What a visitor may propose to correct (proposals/), or give for a new organisation.
    proposable_fields = ("name", "kind", "pillar", "domains", "territory", "website", "description")

    objects = SlugManager.from_queryset(ActorQuerySet)()

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("acteur")
        verbose_name_plural = _("acteurs")
        indexes = [
            # /actors/?pillar=… ordered by name
            models.Index(fields=["pillar", "sort_key_fr"], name="actor_pillar_name_idx"),
            # /actors/?kind=… ordered by name
            models.Index(fields=["kind", "sort_key_fr"], name="actor_kind_name_idx"),
            # generate_synthetic --clear
            models.Index(fields=["is_synthetic"], name="actor_synthetic_idx"),
            # /actors/ and its pages in each language's order: walked, not sorted
            # (page 100 of 100,000 actors: a sort of every row, 230 ms, without it)
            *public_title_indexes("actor"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        check_year_range(self.founded_year, self.ended_year, field="ended_year")

    def get_absolute_url(self):
        return reverse("actors:actor_detail", args=[self.slug])

    @property
    def status_label(self) -> str:
        """« en activité », « en activité en 2014 » when a dated document says so, or ""."""
        if not self.status:
            return ""
        if self.status_year:
            if self.status == self.Status.ACTIVE:
                return gettext("en activité en %(year)s") % {"year": self.status_year}
            return gettext("terminé / fermé en %(year)s") % {"year": self.status_year}
        return self.get_status_display()

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


class Person(ContentModel):
    name = models.CharField(_("nom"), max_length=200)
    description = models.TextField(_("présentation"), blank=True)

    search_fields = ("name", "description")
    proposable_fields = ("name", "description")

    objects = SlugManager.from_queryset(PersonQuerySet)()

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")

    def __str__(self):
        return self.name

    def refresh_derived_text(self) -> None:
        """As every record, but people sort by family name: « Van Den Neste, Marc » under V."""
        super().refresh_derived_text()
        key = sort_text(family_name_first(self.name))[:200]
        for language, _name in settings.LANGUAGES:
            setattr(self, f"sort_key_{language}", key)

    def get_absolute_url(self):
        return reverse("actors:person_detail", args=[self.slug])


class RoleQuerySet(LinkQuerySet):
    def by_person(self):
        """The roles with their people, by the people's names (an organisation's people)."""
        return self.select_related("person").order_by(title_order("person__"))


class RoleManager(LinkManager.from_queryset(RoleQuerySet)):
    def get_by_natural_key(self, person_slug, title):
        return self.get(person__slug=person_slug, title=title)


class Role(CitedModel):
    """A person's position at an organisation or a cluster, as the documents word it."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="roles", verbose_name=_("personne")
    )
    title = models.CharField(
        _("fonction"),
        max_length=300,
        help_text=_("Telle que le document l'écrit : « Président du Forum for Cleantech »."),
    )
    actor = models.ForeignKey(
        Actor,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("organisation"),
    )
    cluster = models.ForeignKey(
        "clusters.Cluster",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("cluster"),
    )
    start_year = models.PositiveSmallIntegerField(_("depuis"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("jusqu'en"), null=True, blank=True)

    objects = RoleManager()
    # Public when the person is, and the organisation or cluster where it is held.
    public_ends = ("person",)
    public_alternatives = ("actor", "cluster")

    class Meta:
        ordering = ["person__sort_key_fr", "title"]
        verbose_name = _("fonction")
        verbose_name_plural = _("fonctions")
        constraints = [
            models.UniqueConstraint(fields=["person", "title"], name="role_once_per_person_title"),
            models.CheckConstraint(
                condition=models.Q(actor__isnull=False) | models.Q(cluster__isnull=False),
                name="role_at_actor_or_cluster",
                violation_error_message=_(
                    "Une fonction s'exerce dans une organisation ou un cluster."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.title}"

    @property
    def ends(self) -> tuple:
        """The records this link joins, in reading order (a source page lists them)."""
        return (self.person, self.actor or self.cluster)

    @property
    def relation(self) -> str:
        return self.title

    def clean(self):
        check_year_range(self.start_year, self.end_year)
        if not self.actor_id and not self.cluster_id:
            raise ValidationError(_("Indiquez l'organisation ou le cluster de cette fonction."))

    def natural_key(self):
        return (self.person.slug, self.title)

    natural_key.dependencies = ["actors.person", "actors.actor", "clusters.cluster"]


class QuoteManager(LinkManager.from_queryset(QuoteQuerySet)):
    def get_by_natural_key(self, person_slug, source_slug, text):
        return self.get(person__slug=person_slug, source__slug=source_slug, text=text)


class Quote(models.Model):
    """A statement a person made, quoted in a source.

    The same words may be quoted by two documents: one quote per source.
    """

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="quotes", verbose_name=_("personne")
    )
    text = models.TextField(_("citation"))
    text_fr = models.TextField(
        _("traduction française"),
        blank=True,
        help_text=_("Quand la citation est en anglais dans le document."),
    )
    text_en = models.TextField(
        _("traduction anglaise"),
        blank=True,
        help_text=_("Quand la citation est en français dans le document."),
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="quotes", verbose_name=_("source")
    )
    context = models.CharField(_("contexte"), max_length=300, blank=True)

    objects = QuoteManager()
    public_ends = ("person", "source")
    # The words said, as the source prints them (checked by verify_evidence).
    verbatim_field = "text"

    class Meta:
        ordering = ["person__sort_key_fr", "id"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "source", "text"],
                name="quote_once_per_person_source_text",
                violation_error_message=_("Cette source cite déjà ces mots de cette personne."),
            ),
        ]

    def __str__(self):
        return f"{self.person} : « {self.text[:60]}… »"

    @property
    def translation(self) -> str:
        """The quote in the reader's language when it was said in another, else ""."""
        language = active_language()
        if self.source.language == language:
            return ""
        return getattr(self, f"text_{language}", "")

    def natural_key(self):
        return (self.person.slug, self.source.slug, self.text)

    natural_key.dependencies = ["actors.person", "ecosystem.source"]


class Project(ContentModel):
    """A project, site, plan or shared platform, with its figures."""

    class Kind(models.TextChoices):
        PROJECT = "project", _("projet")
        SITE = "site", _("site / reconversion")
        PLATFORM = "platform", _("plateforme partagée")
        PROGRAMME = "programme", _("programme d'actions")
        INFRASTRUCTURE = "infrastructure", _("infrastructure")

    class Status(models.TextChoices):
        PLANNED = "planned", _("en projet")
        ONGOING = "ongoing", _("en cours")
        COMPLETED = "completed", _("réalisé")
        ENDED = "ended", _("arrêté")

    name = models.CharField(_("nom"), max_length=200, db_index=True)
    aliases = models.TextField(_("autres noms"), blank=True, help_text=_("Un nom par ligne."))
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.PROJECT)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.ONGOING
    )
    start_year = models.PositiveSmallIntegerField(_("année de début"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("année de fin"), null=True, blank=True)
    territory = models.ForeignKey(
        Territory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("territoire"),
    )
    domains = models.ManyToManyField(
        Domain, blank=True, related_name="projects", verbose_name=_("domaines")
    )
    clusters = models.ManyToManyField(
        "clusters.Cluster", blank=True, related_name="projects", verbose_name=_("clusters")
    )
    actors = models.ManyToManyField(
        Actor,
        through="ProjectParticipation",
        related_name="projects",
        blank=True,
        verbose_name=_("acteurs"),
    )
    area_hectares = models.DecimalField(
        _("superficie (hectares)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    floor_area_m2 = models.DecimalField(
        _("surface bâtie (m²)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    budget_eur = models.DecimalField(
        _("montant (€)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    figures_note = models.CharField(
        _("précision sur les chiffres"),
        max_length=300,
        blank=True,
        help_text=_("Ce que couvrent les chiffres, tel que le dit le document."),
    )
    website = models.URLField(_("site web"), blank=True)
    description = models.TextField(_("description"), blank=True)
    is_synthetic = models.BooleanField(_("donnée synthétique"), default=False, editable=False)
    tags = TaggableManager(_("mots-clés"), blank=True, through=TaggedProject)

    search_fields = ("name", "aliases", "description")
    proposable_fields = ("name", "kind", "status", "domains", "territory", "website", "description")

    objects = SlugManager.from_queryset(ProjectQuerySet)()

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("projet")
        verbose_name_plural = _("projets")
        indexes = [
            # /projects/?status=… and ?kind=…, ordered by name
            models.Index(fields=["status", "sort_key_fr"], name="project_status_name_idx"),
            models.Index(fields=["kind", "sort_key_fr"], name="project_kind_name_idx"),
            # generate_synthetic --clear
            models.Index(fields=["is_synthetic"], name="project_synthetic_idx"),
            *public_title_indexes("project"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        check_year_range(self.start_year, self.end_year)

    def get_absolute_url(self):
        return reverse("actors:project_detail", args=[self.slug])


class ProjectParticipation(CitedModel):
    """An actor's part in a project: lead, partner, funder…"""

    class Role(models.TextChoices):
        LEAD = "lead", _("porteur")
        PARTNER = "partner", _("partenaire")
        FUNDER = "funder", _("financeur")
        OPERATOR = "operator", _("opérateur")
        BENEFICIARY = "beneficiary", _("bénéficiaire")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="participations", verbose_name=_("projet")
    )
    actor = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="participations", verbose_name=_("acteur")
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices, default=Role.PARTNER)
    description = models.CharField(_("précision"), max_length=300, blank=True)

    objects = LinkManager()
    public_ends = ("project", "actor")
    natural_key_fields = ("project", "actor")

    class Meta:
        ordering = ["project__sort_key_fr", "role", "actor__sort_key_fr"]
        verbose_name = _("participation à un projet")
        verbose_name_plural = _("participations à des projets")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "actor"],
                name="participation_once_per_project_actor",
                violation_error_message=_("Cet acteur participe déjà à ce projet."),
            ),
        ]

    def __str__(self):
        return f"{self.actor} — {self.project} ({self.get_role_display()})"

    @property
    def ends(self) -> tuple:
        """The records this link joins, in reading order (a source page lists them)."""
        return (self.actor, self.project)

    @property
    def relation(self) -> str:
        return self.get_role_display()

    def natural_key(self):
        return (self.project.slug, self.actor.slug)

    natural_key.dependencies = ["actors.project", "actors.actor"]
