"""The cluster family (regional clusters, pôles, hubs, the alliance, grappes) and memberships."""

from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from ecosystem.core.i18n import title_order
from ecosystem.core.models import (
    CitedModel,
    ContentModel,
    LinkManager,
    PublishableQuerySet,
    SlugManager,
    TaggedRecord,
)
from ecosystem.models import Domain, KeyFigure, Territory, check_year_range

# The roles that make an actor a member (a partner, a funder or a support is linked,
# not a member): a card counts them apart (Cluster.members_text).
MEMBER_ROLES = ("member", "founder", "animator")


class ClusterQuerySet(PublishableQuerySet):
    def with_member_count(self):
        """Each cluster's number of public linked actors (``member_count``) and, among
        them, of members proper (``members_proper``), by name."""
        public_members = Q(memberships__actor__is_published=True)
        return self.annotate(
            member_count=Count("memberships", filter=public_members, distinct=True),
            members_proper=Count(
                "memberships",
                filter=public_members & Q(memberships__role__in=MEMBER_ROLES),
                distinct=True,
            ),
        ).order_by(title_order())

    def pillar_counts(self):
        """(cluster id, pillar, public members) rows, for the pillar balance."""
        return (
            self.filter(memberships__actor__is_published=True)
            .values_list("pk", "memberships__actor__pillar")
            .annotate(n=Count("memberships__actor", distinct=True))
            .order_by()
        )

    def with_reported_members(self):
        """The figures in which documents count each cluster's members (``member_figures``).

        One query for the figures of the whole list, their source named in it.
        """
        figures = KeyFigure.objects.published().counting_members().with_source_name()
        return self.prefetch_related(Prefetch("key_figures", figures, to_attr="member_figures"))

    def with_part_count(self):
        """Each cluster's number of public parts (``part_count``): a subquery, no join."""
        parts = (
            self.public_related("parts")
            .filter(part_of=OuterRef("pk"))
            .order_by()
            .values("part_of")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(part_count=Coalesce(Subquery(parts), 0))

    def for_card(self):
        """What a cluster card shows: its alliance, domains and members, counted both ways
        (or its parts, for an alliance of hubs)."""
        return (
            self.with_member_count()
            .with_part_count()
            .with_reported_members()
            .with_public("part_of", "domains")
        )

    def with_neighbourhood(self):
        """``has_neighbours``: whether the cluster's graph reaches relations of relations.

        They are its members' projects that are not the cluster's own
        (``clusters.graphs.cluster_graph``): an EXISTS in the same query.
        """
        members_projects = (
            self.public_related("memberships__actor__participations")
            .filter(actor__memberships__cluster=OuterRef("pk"))
            .exclude(project__clusters=OuterRef("pk"))
        )
        return self.annotate(has_neighbours=Exists(members_projects))

    def for_detail(self):
        """Everything a cluster page shows but its members and projects (capped apart)."""
        return self.with_neighbourhood().with_public(
            "part_of",
            "domains",
            "territories",
            "parts__domains",
            "milestones",
            "sources",
            parts=self.public_related("parts").with_member_count().with_reported_members(),
            # With their source named: the page says whose count of members it gives.
            key_figures=self.public_related("key_figures").with_source_name(),
            roles=self.public_related("roles").select_related("person"),
        )

    def for_export(self):
        """The open data's shape: the public member count and the public records named."""
        return self.with_member_count().with_public("part_of", "domains", "territories", "sources")

    def for_api(self):
        """The exports' shape, with the members and the people, by name."""
        return self.for_export().with_public(
            memberships=self.public_related("memberships")
            .select_related("actor")
            .order_by(title_order("actor__")),
            roles=self.public_related("roles").by_person(),
        )


class Cluster(ContentModel):
    class Kind(models.TextChoices):
        REGIONAL = "regional", _("cluster régional")
        POLE = "pole", _("pôle de compétitivité")
        HUB = "hub", _("hub cleantech")
        ALLIANCE = "alliance", _("alliance")
        TECH_GRAPPE = "tech_grappe", _("grappe technologique")
        EXPORT_GRAPPE = "export_grappe", _("grappe d'exportation")

    class Status(models.TextChoices):
        ACTIVE = "active", _("actif")
        PLANNED = "planned", _("en projet")
        ENDED = "ended", _("terminé")

    name = models.CharField(_("nom"), max_length=200)
    aliases = models.TextField(
        _("autres noms"), blank=True, help_text=_("Un nom par ligne ; la recherche les trouve.")
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    start_year = models.PositiveSmallIntegerField(_("année de création"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("année de fin"), null=True, blank=True)
    part_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=_("fait partie de"),
        help_text=_("Par exemple : un hub fait partie de l'Alliance Cleantech Wallonia."),
    )
    domains = models.ManyToManyField(
        Domain, blank=True, related_name="clusters", verbose_name=_("domaines")
    )
    territories = models.ManyToManyField(
        Territory, blank=True, related_name="clusters", verbose_name=_("territoires")
    )
    website = models.URLField(_("site web"), blank=True)
    description = models.TextField(_("description"), blank=True)
    strategic_axes = models.TextField(
        _("axes stratégiques"), blank=True, help_text=_("Un axe par ligne.")
    )
    tags = TaggableManager(_("mots-clés"), blank=True, through="TaggedCluster")

    search_fields = ("name", "aliases", "description", "strategic_axes")
    proposable_fields = ("name", "kind", "domains", "territories", "website", "description")

    objects = SlugManager.from_queryset(ClusterQuerySet)()

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters, pôles et hubs")
        indexes = [
            # /clusters/?kind=pole and /hubs/
            models.Index(fields=["kind", "sort_key_fr"], name="cluster_kind_name_idx"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        check_year_range(self.start_year, self.end_year)

    def get_absolute_url(self):
        if self.kind == self.Kind.HUB:
            return reverse("clusters:hub_detail", args=[self.slug])
        return reverse("clusters:cluster_detail", args=[self.slug])

    @cached_property
    def reported_members(self):
        """The key figure in which a document counts the cluster's members, or None.

        From ``member_figures`` on a card (``with_reported_members``), else from
        the key figures a detail page prefetched: no query either way.
        """
        figures = getattr(self, "member_figures", None)
        if figures is None:
            figures = [figure for figure in self.key_figures.all() if figure.counts_members]
        return figures[0] if figures else None

    @property
    def members_text(self) -> str:
        """« 2 membres »; with a document's count, « 2 répertoriés ici sur plus de 80 membres
        selon … »: what a card says (needs ``member_count`` and the reported figure)."""
        linked = self.member_count
        count = getattr(self, "members_proper", linked)
        figure = self.reported_members
        if figure is None and not count and linked:
            # A pôle's funder, a hub's partners: linked, not members.
            return ngettext("%(count)s acteur lié", "%(count)s acteurs liés", linked) % {
                "count": linked
            }
        if figure is None and not count and getattr(self, "part_count", 0):
            # An alliance gathers hubs, not members: « 0 membres » would mislead.
            parts = self.part_count
            return ngettext("%(count)s composante", "%(count)s composantes", parts) % {
                "count": parts
            }
        if figure is None and not count:
            return gettext("aucun membre répertorié")
        if figure is None:
            # The same words as the templates' « {{ counter }} membre »: one translation.
            return ngettext("%(counter)s membre", "%(counter)s membres", count) % {"counter": count}
        source = figure.source_short_name
        values = {"count": count, "reported": figure.display_value, "source": source}
        if not count:
            # None of those the documents count is named as a member here.
            if not source:
                return gettext("%(reported)s selon les documents") % values
            return gettext("%(reported)s selon « %(source)s »") % values
        if not source:
            return (
                ngettext(
                    "%(count)s répertorié ici sur %(reported)s selon les documents",
                    "%(count)s répertoriés ici sur %(reported)s selon les documents",
                    count,
                )
                % values
            )
        return (
            ngettext(
                "%(count)s répertorié ici sur %(reported)s selon « %(source)s »",
                "%(count)s répertoriés ici sur %(reported)s selon « %(source)s »",
                count,
            )
            % values
        )

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    @property
    def axis_list(self) -> list[str]:
        return [line.strip() for line in self.strategic_axes.splitlines() if line.strip()]


class TaggedCluster(TaggedRecord):
    content_object = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="tag_links")

    class Meta(TaggedRecord.Meta):
        verbose_name = _("mot-clé d'un cluster")
        verbose_name_plural = _("mots-clés des clusters")


class Membership(CitedModel):
    """An actor's place in a cluster, once per pair."""

    class Role(models.TextChoices):
        FOUNDER = "founder", _("fondateur")
        ANIMATOR = "animator", _("animateur")
        MEMBER = "member", _("membre")
        PARTNER = "partner", _("partenaire")
        FUNDER = "funder", _("financeur")
        SUPPORT = "support", _("soutien")

    actor = models.ForeignKey(
        "actors.Actor",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("acteur"),
    )
    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("cluster")
    )
    # Blank when the documents link the two without naming the role: shown as a link only.
    role = models.CharField(
        _("rôle"),
        max_length=20,
        choices=Role.choices,
        default=Role.MEMBER,
        blank=True,
        help_text=_("Vide quand les documents ne disent pas quel rôle l'acteur y tient."),
    )
    description = models.CharField(_("précision"), max_length=300, blank=True)
    start_year = models.PositiveSmallIntegerField(_("depuis"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("jusqu'en"), null=True, blank=True)

    objects = LinkManager()
    public_ends = ("actor", "cluster")
    natural_key_fields = ("actor", "cluster")

    class Meta:
        ordering = ["cluster__sort_key_fr", "actor__sort_key_fr"]
        verbose_name = _("adhésion")
        verbose_name_plural = _("adhésions")
        constraints = [
            models.UniqueConstraint(
                fields=["actor", "cluster"],
                name="membership_once_per_actor_cluster",
                violation_error_message=_("Cet acteur est déjà membre de ce cluster."),
            ),
        ]

    def __str__(self):
        return f"{self.actor} — {self.cluster} ({self.relation})"

    @property
    def ends(self) -> tuple:
        """The records this link joins, in reading order (a source page lists them)."""
        return (self.actor, self.cluster)

    @property
    def relation(self) -> str:
        """The role, or that the documents do not name one (never a role they do not give)."""
        return self.get_role_display() or gettext("rôle non précisé")

    def clean(self):
        check_year_range(self.start_year, self.end_year)

    def natural_key(self):
        return (self.actor.slug, self.cluster.slug)

    natural_key.dependencies = ["actors.actor", "clusters.cluster"]
