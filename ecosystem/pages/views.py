"""Home page, the pillar balance and the knowledge pages (site-wide search lives apart)."""

from operator import attrgetter

from django.db.models import Count, F, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from actors.models import Actor, Person, Project
from clusters.models import Cluster
from clusters.views import PROJECTS_SHOWN, cluster_cards
from ecosystem.directory.facets import cluster_balance, domain_balance, first_and_total, paginate
from ecosystem.models import (
    Concept,
    Domain,
    Event,
    KeyFigure,
    Milestone,
    Pillar,
    Policy,
    Source,
    Territory,
)

# How many related records a domain or territory page shows before linking to the full list.
PREVIEW_SIZE = 12


def published_sources():
    return Prefetch("sources", queryset=Source.objects.published())


def published(name, model, queryset=None):
    """Prefetch a relation, keeping only its published records."""
    return Prefetch(name, queryset=queryset if queryset is not None else model.objects.published())


def member_counts(queryset):
    return queryset.annotate(
        member_count=Count(
            "memberships", filter=Q(memberships__actor__is_published=True), distinct=True
        )
    ).order_by("name")


def actor_counts(queryset):
    return queryset.annotate(
        actor_count=Count("actors", filter=Q(actors__is_published=True), distinct=True)
    ).order_by("name")


def home(request: HttpRequest) -> HttpResponse:
    clusters = list(
        cluster_cards(
            Cluster.objects.published().filter(
                kind__in=[Cluster.Kind.HUB, Cluster.Kind.ALLIANCE, Cluster.Kind.POLE]
            )
        )
    )
    pillar_counts = dict(
        Actor.objects.published().values_list("pillar").annotate(n=Count("pk")).order_by()
    )
    latest = sorted(
        [
            *Actor.objects.published().order_by("-created")[:6],
            *Cluster.objects.published().order_by("-created")[:6],
            *Project.objects.published().order_by("-created")[:6],
        ],
        key=attrgetter("created"),
        reverse=True,
    )[:6]
    # Figures about the alliance and the hubs first (their kinds sort first), then the rest.
    key_figures = (
        KeyFigure.objects.published()
        .filter(Q(cluster__is_published=True) | Q(territory__is_published=True))
        .prefetch_related(published_sources())
        .order_by(F("cluster__kind").asc(nulls_last=True), "-year", "label")[:4]
    )
    return render(
        request,
        "ecosystem/home.html",
        {
            "hubs": [c for c in clusters if c.kind == Cluster.Kind.HUB],
            "alliances": [c for c in clusters if c.kind == Cluster.Kind.ALLIANCE],
            "poles": [c for c in clusters if c.kind == Cluster.Kind.POLE],
            "key_figures": key_figures,
            "domains": actor_counts(Domain.objects.published().filter(parent__isnull=True)),
            "pillars": [(pillar, pillar_counts.get(pillar.value, 0)) for pillar in Pillar],
            "latest": latest,
        },
    )


def pillar_balance(request: HttpRequest) -> HttpResponse:
    """Actors per MIT pillar for every hub, cluster, pôle and domain, side by side."""
    rows = cluster_balance(Cluster.objects.published())
    groups = [
        (label, [row for row in rows if row.obj.kind == kind])
        for kind, label in Cluster.Kind.choices
    ]
    return render(
        request,
        "ecosystem/pillars.html",
        {
            "cluster_groups": [(label, rows) for label, rows in groups if rows],
            "domain_rows": domain_balance(Domain.objects.published()),
        },
    )


def simple_list(request, template, queryset, **context) -> HttpResponse:
    return render(request, template, {"page_obj": paginate(request, queryset), **context})


def domain_list(request: HttpRequest) -> HttpResponse:
    domains = actor_counts(Domain.objects.published()).select_related("parent")
    return simple_list(request, "ecosystem/domain_list.html", domains)


def domain_detail(request: HttpRequest, slug: str) -> HttpResponse:
    domain = get_object_or_404(
        Domain.objects.published()
        .select_related("parent")
        .prefetch_related(
            published_sources(),
            published("children", Domain, actor_counts(Domain.objects.published())),
            published("clusters", Cluster, member_counts(Cluster.objects.published())),
            published("concepts", Concept),
            published("policies", Policy),
            published("events", Event),
        ),
        slug=slug,
    )
    actors, actor_count = first_and_total(
        Actor.objects.published().filter(domains=domain).select_related("territory"),
        PREVIEW_SIZE,
    )
    projects, project_count = first_and_total(
        Project.objects.published().filter(domains=domain).order_by("name", "pk"),
        PROJECTS_SHOWN,
    )
    return render(
        request,
        "ecosystem/domain_detail.html",
        {
            "domain": domain,
            "actors": actors,
            "actor_count": actor_count,
            "projects": projects,
            "project_count": project_count,
            "balance": domain_balance([domain]),
        },
    )


def territory_list(request: HttpRequest) -> HttpResponse:
    territories = actor_counts(Territory.objects.published()).select_related("parent")
    return simple_list(request, "ecosystem/territory_list.html", territories)


def territory_detail(request: HttpRequest, slug: str) -> HttpResponse:
    territory = get_object_or_404(
        Territory.objects.published()
        .select_related("parent")
        .prefetch_related(
            published_sources(),
            published("children", Territory),
            published("clusters", Cluster, member_counts(Cluster.objects.published())),
            published("policies", Policy),
            published("events", Event),
            published("key_figures", KeyFigure),
            published("milestones", Milestone),
        ),
        slug=slug,
    )
    actors, actor_count = first_and_total(
        Actor.objects.published().filter(territory=territory), PREVIEW_SIZE
    )
    projects, project_count = first_and_total(
        Project.objects.published().filter(territory=territory).order_by("name", "pk"),
        PROJECTS_SHOWN,
    )
    return render(
        request,
        "ecosystem/territory_detail.html",
        {
            "territory": territory,
            "actors": actors,
            "actor_count": actor_count,
            "projects": projects,
            "project_count": project_count,
        },
    )


def concept_list(request: HttpRequest) -> HttpResponse:
    return simple_list(request, "ecosystem/concept_list.html", Concept.objects.published())


def concept_detail(request: HttpRequest, slug: str) -> HttpResponse:
    concept = get_object_or_404(
        Concept.objects.published().prefetch_related(
            published_sources(), published("domains", Domain)
        ),
        slug=slug,
    )
    return render(request, "ecosystem/concept_detail.html", {"concept": concept})


def policy_list(request: HttpRequest) -> HttpResponse:
    policies = Policy.objects.published().select_related("parent", "territory")
    return simple_list(request, "ecosystem/policy_list.html", policies)


def policy_detail(request: HttpRequest, slug: str) -> HttpResponse:
    policy = get_object_or_404(
        Policy.objects.published()
        .select_related("parent", "territory")
        .prefetch_related(
            published_sources(),
            published("domains", Domain),
            published("children", Policy),
            published("key_figures", KeyFigure),
        ),
        slug=slug,
    )
    return render(request, "ecosystem/policy_detail.html", {"policy": policy})


def keyfigure_list(request: HttpRequest) -> HttpResponse:
    figures = KeyFigure.objects.published().prefetch_related(published_sources())
    return simple_list(request, "ecosystem/keyfigure_list.html", figures)


def keyfigure_detail(request: HttpRequest, slug: str) -> HttpResponse:
    figure = get_object_or_404(
        KeyFigure.objects.published()
        .select_related("cluster", "actor", "project", "territory", "policy", "event")
        .prefetch_related(published_sources()),
        slug=slug,
    )
    subjects = [
        (label, obj)
        for label, obj in (
            (_("Cluster"), figure.cluster),
            (_("Acteur"), figure.actor),
            (_("Projet"), figure.project),
            (_("Territoire"), figure.territory),
            (_("Politique"), figure.policy),
            (_("Événement"), figure.event),
        )
        if obj is not None and obj.is_published
    ]
    return render(
        request, "ecosystem/keyfigure_detail.html", {"figure": figure, "subjects": subjects}
    )


def event_list(request: HttpRequest) -> HttpResponse:
    events = Event.objects.published().select_related("territory")
    return simple_list(request, "ecosystem/event_list.html", events)


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(
        Event.objects.published()
        .select_related("territory")
        .prefetch_related(
            published_sources(),
            published("organisers", Actor),
            published("participants", Actor),
            published("speakers", Person),
            published("clusters", Cluster),
            published("domains", Domain),
            published("key_figures", KeyFigure),
        ),
        slug=slug,
    )
    return render(request, "ecosystem/event_detail.html", {"event": event})


def milestone_list(request: HttpRequest) -> HttpResponse:
    return simple_list(request, "ecosystem/milestone_list.html", Milestone.objects.published())


def milestone_detail(request: HttpRequest, slug: str) -> HttpResponse:
    milestone = get_object_or_404(
        Milestone.objects.published()
        .select_related("territory")
        .prefetch_related(
            published_sources(),
            published("actors", Actor),
            published("clusters", Cluster),
            published("projects", Project),
        ),
        slug=slug,
    )
    return render(request, "ecosystem/milestone_detail.html", {"milestone": milestone})


def source_list(request: HttpRequest) -> HttpResponse:
    return simple_list(request, "ecosystem/source_list.html", Source.objects.published())


# What a source page lists as "extracted from this document", in this order.
CITING = [
    ("cited_cluster", Cluster, _("Clusters, pôles et hubs")),
    ("cited_actor", Actor, _("Acteurs")),
    ("cited_project", Project, _("Projets")),
    ("cited_person", Person, _("Personnes")),
    ("cited_domain", Domain, _("Domaines")),
    ("cited_territory", Territory, _("Territoires")),
    ("cited_concept", Concept, _("Notions")),
    ("cited_policy", Policy, _("Politiques et programmes")),
    ("cited_keyfigure", KeyFigure, _("Chiffres clés")),
    ("cited_event", Event, _("Événements")),
    ("cited_milestone", Milestone, _("Faits datés")),
]


def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    source = get_object_or_404(
        Source.objects.published().prefetch_related(
            *(published(name, model) for name, model, _label in CITING)
        ),
        slug=slug,
    )
    cited = [(label, getattr(source, name).all()) for name, _model, label in CITING]
    return render(
        request,
        "ecosystem/source_detail.html",
        {"source": source, "cited": [(label, records) for label, records in cited if records]},
    )
