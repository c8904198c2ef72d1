"""Home page, the pillar balance and the knowledge pages (site-wide search lives apart).

Over 450 lines because it holds some twenty-five short function views, a list
and a detail page per knowledge model, built on the same two helpers.
"""

from operator import attrgetter

from django.conf import settings
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from actors.models import Actor, Person, Project
from clusters.models import Cluster
from ecosystem.balance import BalanceGroup, balance_rows, presence
from ecosystem.calendar import build_calendar, calendar_response
from ecosystem.core.i18n import title_order
from ecosystem.core.models import ContentModel
from ecosystem.core.registry import content_apps
from ecosystem.directory.listing import sorted_page
from ecosystem.directory.paging import PROJECTS_SHOWN, first_and_total
from ecosystem.directory.sorting import (
    DEFAULT_SORTS,
    by_name,
    most_connected,
    newest_first,
    queryset_order,
    recently_updated,
)
from ecosystem.evidence import Document, excerpt_anchor
from ecosystem.history import public_history
from ecosystem.jsonld import event_data, territory_data
from ecosystem.models import (
    Concept,
    Domain,
    Event,
    EventQuerySet,
    KeyFigure,
    Milestone,
    Pillar,
    Policy,
    Source,
    Territory,
)

# How many related records a domain or territory page shows before linking to the full list.
PREVIEW_SIZE = 12


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask /favicon.ico before reading the page's icon link: send them to it."""
    return redirect(static("favicon.svg"), permanent=True)


def home(request: HttpRequest) -> HttpResponse:
    clusters = list(
        Cluster.objects.published()
        .filter(kind__in=[Cluster.Kind.HUB, Cluster.Kind.ALLIANCE, Cluster.Kind.POLE])
        .for_card()
    )
    pillar_counts = dict(
        Actor.objects.published().values_list("pillar").annotate(n=Count("pk")).order_by()
    )
    # What was added since the content was first loaded from the documents: records
    # sharing the load's timestamp are not « latest » (they all read « 1 January 2025 »).
    first_load = Actor.objects.order_by("created").values_list("created", flat=True).first()
    latest = sorted(
        [
            *Actor.objects.published().filter(created__gt=first_load).order_by("-created")[:6],
            *Cluster.objects.published().filter(created__gt=first_load).order_by("-created")[:6],
            *Project.objects.published().filter(created__gt=first_load).order_by("-created")[:6],
        ]
        if first_load
        else [],
        key=attrgetter("created"),
        reverse=True,
    )[:6]
    # Figures about the alliance and the hubs first (their kinds sort first), then the rest.
    key_figures = KeyFigure.objects.published().headline()[:4]
    # A domain no actor is cited in is not offered as a way in: counted, not listed.
    domains = list(Domain.objects.published().filter(parent__isnull=True).with_actor_count())
    return render(
        request,
        "ecosystem/home.html",
        {
            "hubs": [c for c in clusters if c.kind == Cluster.Kind.HUB],
            "alliances": [c for c in clusters if c.kind == Cluster.Kind.ALLIANCE],
            "poles": [c for c in clusters if c.kind == Cluster.Kind.POLE],
            "key_figures": key_figures,
            "domains": [domain for domain in domains if domain.actor_count],
            "quiet_domains": sum(1 for domain in domains if not domain.actor_count),
            "pillars": [(pillar, pillar_counts.get(pillar.value, 0)) for pillar in Pillar],
            "latest": latest,
        },
    )


def about(request: HttpRequest) -> HttpResponse:
    """What the portal is, how its content is extracted and cited, its licence, corrections."""
    knowledge = [
        (label, reverse(route), model.objects.published().count())
        for label, route, model in (
            (_("Notions"), "ecosystem:concept_list", Concept),
            (_("Politiques et programmes"), "ecosystem:policy_list", Policy),
            (_("Chiffres clés"), "ecosystem:keyfigure_list", KeyFigure),
            (_("Événements"), "ecosystem:event_list", Event),
            (_("Faits datés"), "ecosystem:milestone_list", Milestone),
            (_("Personnes"), "actors:person_list", Person),
            (_("Sources"), "ecosystem:source_list", Source),
        )
    ]
    context = {
        "knowledge": knowledge,
        "source_count": Source.objects.published().count(),
        "contact_email": settings.CONTACT_EMAIL,
    }
    return render(request, "ecosystem/about.html", context)


def pillar_balance(request: HttpRequest) -> HttpResponse:
    """Actors per MIT pillar for every hub, cluster, pôle and domain: what the documents
    cite, then the gaps summed up — not a table of zeros."""
    rows = balance_rows(Cluster.objects.published())
    groups = [
        BalanceGroup(label, [row for row in rows if row.obj.kind == kind])
        for kind, label in Cluster.Kind.choices
    ]
    domains = BalanceGroup(str(_("Domaines")), balance_rows(Domain.objects.published()))
    cluster_rows = [row for row in rows if row.total]
    return render(
        request,
        "ecosystem/pillars.html",
        {
            "cluster_groups": [group for group in groups if group.shown],
            # Kinds with no member cited at all: named, not tabled.
            "empty_groups": [group for group in groups if group.rows and not group.shown],
            "domains": domains,
            "cluster_count": len(rows),
            "clusters_cited": len(cluster_rows),
            "presence": list(zip(presence(cluster_rows), presence(domains.shown), strict=True)),
            "complete": [row.obj for row in [*cluster_rows, *domains.shown] if not row.missing],
        },
    )


def simple_list(request, template, queryset, sorts=DEFAULT_SORTS, **context) -> HttpResponse:
    """A paginated list in the order asked for (``?sort=``), with its sort links."""
    return render(request, template, {**sorted_page(request, queryset, sorts), **context})


# Domains and territories: by name, recently updated, or those with the most actors first.
PLACE_SORTS = (
    by_name(),
    recently_updated(),
    most_connected("actor_count", _("le plus d'acteurs")),
)
# Dated facts: the latest year first.
MILESTONE_SORTS = (newest_first("year", _("date (récents d'abord)")), by_name(), recently_updated())
# Events: upcoming first (soonest first), then past ones (latest first), then undated.
EVENT_SORTS = (
    queryset_order("date", _("date (à venir d'abord)"), "upcoming_first"),
    by_name(),
    recently_updated(),
)


def actors_and_projects(**lookup) -> dict:
    """The first public actors and projects of a domain or territory, and their totals."""
    actors, actor_count = first_and_total(Actor.objects.published().filter(**lookup), PREVIEW_SIZE)
    projects, project_count = first_and_total(
        Project.objects.published().filter(**lookup).order_by(title_order(), "pk"), PROJECTS_SHOWN
    )
    return {
        "actors": actors,
        "actor_count": actor_count,
        "projects": projects,
        "project_count": project_count,
    }


def domain_list(request: HttpRequest) -> HttpResponse:
    domains = Domain.objects.published().with_actor_count().with_public("parent")
    return simple_list(request, "ecosystem/domain_list.html", domains, PLACE_SORTS)


def domain_detail(request: HttpRequest, slug: str) -> HttpResponse:
    domain = get_object_or_404(
        Domain.objects.published().with_public(
            "parent",
            "sources",
            "concepts",
            "policies",
            "events",
            children=Domain.objects.with_actor_count(),
            clusters=Cluster.objects.with_member_count(),
        ),
        slug=slug,
    )
    context = {"domain": domain, "balance": balance_rows([domain])}
    context.update(actors_and_projects(domains=domain))
    return render(request, "ecosystem/domain_detail.html", context)


def territory_list(request: HttpRequest) -> HttpResponse:
    territories = Territory.objects.published().with_actor_count().with_public("parent")
    return simple_list(request, "ecosystem/territory_list.html", territories, PLACE_SORTS)


def territory_detail(request: HttpRequest, slug: str) -> HttpResponse:
    territory = get_object_or_404(
        Territory.objects.published().with_public(
            "parent",
            "sources",
            "children",
            "policies",
            "events",
            "key_figures",
            "milestones",
            clusters=Cluster.objects.with_member_count(),
        ),
        slug=slug,
    )
    context = {"territory": territory, "structured_data": territory_data(request, territory)}
    context.update(actors_and_projects(territory=territory))
    return render(request, "ecosystem/territory_detail.html", context)


def concept_list(request: HttpRequest) -> HttpResponse:
    return simple_list(request, "ecosystem/concept_list.html", Concept.objects.published())


def concept_detail(request: HttpRequest, slug: str) -> HttpResponse:
    concept = get_object_or_404(
        Concept.objects.published().with_public("sources", "domains"),
        slug=slug,
    )
    return render(request, "ecosystem/concept_detail.html", {"concept": concept})


def policy_list(request: HttpRequest) -> HttpResponse:
    policies = Policy.objects.published().with_public("parent", "territory")
    return simple_list(request, "ecosystem/policy_list.html", policies)


def policy_detail(request: HttpRequest, slug: str) -> HttpResponse:
    policy = get_object_or_404(
        Policy.objects.published().with_public(
            "parent", "territory", "sources", "domains", "children", "key_figures"
        ),
        slug=slug,
    )
    return render(request, "ecosystem/policy_detail.html", {"policy": policy})


def keyfigure_list(request: HttpRequest) -> HttpResponse:
    # Some sixty figures: all on one page, grouped by what they are about.
    context = {
        "groups": KeyFigure.objects.published().by_subject(),
        "dated_figures": KeyFigure.objects.published().dated(),
    }
    return render(request, "ecosystem/keyfigure_list.html", context)


def keyfigure_detail(request: HttpRequest, slug: str) -> HttpResponse:
    figure = get_object_or_404(
        KeyFigure.objects.published().with_public(
            "cluster", "actor", "project", "territory", "policy", "event", "sources"
        ),
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
        if obj is not None
    ]
    context = {
        "figure": figure,
        "subjects": subjects,
        "measure": KeyFigure.objects.published().same_measure_as(figure) if figure.year else [],
    }
    return render(request, "ecosystem/keyfigure_detail.html", context)


def event_list(request: HttpRequest) -> HttpResponse:
    events = Event.objects.published().with_public("territory")
    # The events the calendar export leaves out, said beside its link.
    undated = Event.objects.published().filter(start_date__isnull=True).count()
    upcoming = Event.objects.published().upcoming().count()
    return simple_list(
        request,
        "ecosystem/event_list.html",
        events,
        EVENT_SORTS,
        undated=undated,
        upcoming=upcoming,
        last_past=None if upcoming else Event.objects.published().last_past(),
        timing={
            "upcoming": EventQuerySet.UPCOMING,
            "past": EventQuerySet.PAST,
            "undated": EventQuerySet.UNDATED,
        },
    )


def event_calendar(request: HttpRequest) -> HttpResponse:
    """Every public dated event as one iCalendar file, upcoming first."""
    events = list(Event.objects.published().upcoming_first().select_related("territory"))
    dated = [event for event in events if event.start_date]
    calendar = build_calendar(
        request,
        dated,
        title=_("Événements — Portail cleantech wallon"),
        undated=len(events) - len(dated),
    )
    return calendar_response(calendar)


def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    """One event as an iCalendar file, to add to a calendar; 404 for an undated event."""
    event = get_object_or_404(
        Event.objects.published().dated().select_related("territory"), slug=slug
    )
    return calendar_response(build_calendar(request, [event], title=event.name))


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(
        Event.objects.published().with_public(
            "territory",
            "sources",
            "organisers",
            "participants",
            "speakers",
            "clusters",
            "domains",
            "key_figures",
        ),
        slug=slug,
    )
    context = {
        "event": event,
        "structured_data": event_data(request, event),
        # Shown in the page's side box (includes/facts.html) when the event can be placed.
        "calendar_url": reverse("ecosystem:event_ics", args=[slug]) if event.start_date else "",
    }
    return render(request, "ecosystem/event_detail.html", context)


def milestone_list(request: HttpRequest) -> HttpResponse:
    milestones = Milestone.objects.published()
    return simple_list(request, "ecosystem/milestone_list.html", milestones, MILESTONE_SORTS)


def milestone_detail(request: HttpRequest, slug: str) -> HttpResponse:
    milestone = get_object_or_404(
        Milestone.objects.published().with_public(
            "territory", "sources", "actors", "clusters", "projects"
        ),
        slug=slug,
    )
    return render(request, "ecosystem/milestone_detail.html", {"milestone": milestone})


def source_list(request: HttpRequest) -> HttpResponse:
    # In the documents' own order: sources have no sort key, and are few.
    return simple_list(request, "ecosystem/source_list.html", Source.objects.published(), ())


# What a source page lists as "what the portal takes from this document", in
# this order: records, then the links between them (relation, ends pre-joined).
CITING = [
    ("cited_cluster", _("Clusters, pôles et hubs")),
    ("cited_actor", _("Acteurs")),
    ("cited_project", _("Projets")),
    ("cited_person", _("Personnes")),
    ("cited_domain", _("Domaines")),
    ("cited_territory", _("Territoires")),
    ("cited_concept", _("Notions")),
    ("cited_policy", _("Politiques et programmes")),
    ("cited_keyfigure", _("Chiffres clés")),
    ("cited_event", _("Événements")),
    ("cited_milestone", _("Faits datés")),
]
CITING_LINKS = [
    ("cited_membership", _("Appartenances à un cluster ou un hub"), ("actor", "cluster")),
    ("cited_role", _("Fonctions"), ("person", "actor", "cluster")),
    ("cited_projectparticipation", _("Participations à des projets"), ("actor", "project")),
]


def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A document's identity, then everything taken from it, each excerpt in its sentence.

    Each excerpt has its own anchor (``excerpt_anchor``), the one its record's evidence
    links to. The sentence around it comes from the text the source keeps, if any.
    """
    links = {
        name: Source._meta.get_field(name).related_model.objects.select_related(*ends)
        for name, _label, ends in CITING_LINKS
    }
    source = get_object_or_404(
        Source.objects.defer(None)
        .published()
        .with_public(*(name for name, _label in CITING), **links),
        slug=slug,
    )
    document = Document(source.text) if source.text else None

    def shown(record) -> list[dict]:
        return [
            {
                "text": text,
                "anchor": excerpt_anchor(record, text),
                "context": document.in_context(text) if document else [],
            }
            for text in record.excerpts_from(source)
        ]

    groups = [
        (label, [(record, shown(record)) for record in getattr(source, name).all()])
        for name, label in [*CITING, *((name, label) for name, label, _ends in CITING_LINKS)]
    ]
    return render(
        request,
        "ecosystem/source_detail.html",
        {"source": source, "cited": [(label, items) for label, items in groups if items]},
    )
    groups = [
        (label, [(record, record.excerpts_from(source)) for record in getattr(source, name).all()])
        for name, label in [*CITING, *((name, label) for name, label, _ends in CITING_LINKS)]
    ]
    return render(
        request,
        "ecosystem/source_detail.html",
        {"source": source, "cited": [(label, items) for label, items in groups if items]},
    )


def record_history(request: HttpRequest, model_name: str, slug: str) -> HttpResponse:
    """What changed in a public record's public fields, when and why (``ecosystem.history``)."""
    model = next(
        (
            model
            for config in content_apps()
            for model in config.get_models()
            if model._meta.model_name == model_name and issubclass(model, ContentModel)
        ),
        None,
    )
    if model is None:
        raise Http404
    record = get_object_or_404(model._default_manager.published(), slug=slug)
    context = {
        "record": record,
        "record_model_name": model_name,
        "changes": public_history(record),
    }
    return render(request, "ecosystem/record_history.html", context)
