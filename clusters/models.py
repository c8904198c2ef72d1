"""The cluster family (regional clusters, pôles, hubs, the alliance, grappes) and memberships."""

from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
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
from ecosystem.models import Domain, Territory, check_year_range


class ClusterQuerySet(PublishableQuerySet):
    def with_member_count(self):
        """Each cluster's number of public members (``member_count``), by name."""
        public_members = Q(memberships__actor__is_published=True)
        return self.annotate(
            member_count=Count("memberships", filter=public_members, distinct=True)
        ).order_by(title_order())

    def pillar_counts(self):
        """(cluster id, pillar, public members) rows, for the pillar balance."""
        return (
            self.filter(memberships__actor__is_published=True)
            .values_list("pk", "memberships__actor__pillar")
            .annotate(n=Count("memberships__actor", distinct=True))
            .order_by()
        )

    def for_card(self):
        """What a cluster card shows: its alliance, domains and public member count."""
        return self.with_member_count().with_public("part_of", "domains")

    def for_detail(self):
        """Everything a cluster page shows but its members and projects (capped apart)."""
        return self.with_public(
            "part_of",
            "domains",
            "territories",
            "parts__domains",
            "key_figures",
            "milestones",
            "sources",
            parts=self.public_related("parts").with_member_count(),
            roles=self.public_related("roles").select_related("person"),
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
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices, default=Role.MEMBER)
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
        return f"{self.actor} — {self.cluster} ({self.get_role_display()})"

    @property
    def ends(self) -> tuple:
        """The records this link joins, in reading order (a source page lists them)."""
        return (self.actor, self.cluster)

    @property
    def relation(self) -> str:
        return self.get_role_display()

    def clean(self):
        check_year_range(self.start_year, self.end_year)

    def natural_key(self):
        return (self.actor.slug, self.cluster.slug)

    natural_key.dependencies = ["actors.actor", "clusters.cluster"]
