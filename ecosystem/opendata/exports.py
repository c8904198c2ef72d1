"""CSV and JSON downloads of every public list, through the list's own FilterSet.

``/actors/export.csv?domain=hydrogene&pillar=corporate`` gives the rows of
``/actors/?domain=hydrogene&pillar=corporate`` — all of them, not one page:
the same FilterSet, the same ``.published()`` base, invalid values ignored as
on the page. Related records are given by slug (several joined by ``|`` in
CSV, as lists in JSON) and only when published: every relation is prefetched
from a published queryset, so a draft never leaves, even as a neighbour.

Both formats stream, one prefetch query per relation per chunk of rows, so
the number of queries does not grow with the rows of one chunk.

The data licence travels with every file: in the file name, in an
``X-Data-License`` header and a ``Link: rel="license"`` header, and in JSON
as ``{"license": …, "source": …, "results": […]}``. The CSV has no comment
line: CSV has no comment syntax, and spreadsheets and parsers would read it
as the header row. It starts with a UTF-8 byte order mark so that
spreadsheets read accented names correctly.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django_filters import FilterSet

from actors.filters import ActorFilter, ProjectFilter
from actors.models import Actor, Person, Project, ProjectParticipation, Role
from clusters.filters import ClusterFilter
from clusters.models import Cluster, Membership
from ecosystem.models import Concept, Domain, Event, KeyFigure, Milestone, Policy, Source, Territory

# ``published`` prefetches a relation (many-to-many or foreign key) keeping its published
# records only: a draft foreign key reads as None.
from ecosystem.pages.views import actor_counts, member_counts, published

DATA_LICENSE = "CC BY 4.0"
DATA_LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = "Portail cleantech wallon — données extraites de documents publics, sources citées"
FILE_PREFIX = "cleantech-wallonie"
# Rows fetched per query; each chunk runs the relation prefetches once more.
CHUNK_SIZE = 1000
FORMATS = ("csv", "json")


# --- Columns -------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    get: Callable[[Any], Any]


def value(name: str, attr: str | None = None) -> Column:
    """A field of the record itself."""
    attr = attr or name
    return Column(name, lambda obj: getattr(obj, attr))


def one(name: str, attr: str | None = None) -> Column:
    """A foreign key, as the slug of the related record (prefetched published, else None)."""
    attr = attr or name

    def get(obj):
        related = getattr(obj, attr)
        return related.slug if related is not None else None

    return Column(name, get)


def many(name: str, attr: str | None = None, key: str = "slug") -> Column:
    """A many-to-many relation, as the slugs of its (prefetched, published) records."""
    attr = attr or name
    return Column(name, lambda obj: [getattr(item, key) for item in getattr(obj, attr).all()])


def page_url(request: HttpRequest) -> Column:
    return Column("url", lambda obj: request.build_absolute_uri(obj.get_absolute_url()))


SOURCES = many("sources")


# --- Datasets ------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    """One public list: its URL prefix, base queryset, FilterSet and columns."""

    view: str  # the list's URL name ("actors:actor_list")
    path: str  # the list's path, without slashes: the export lives at <path>/export.<fmt>
    queryset: Callable[[], QuerySet]
    columns: Callable[[HttpRequest], list[Column]]
    prefetch: Callable[[], list] = list
    filterset: type[FilterSet] | None = None
    annotate: Callable[[QuerySet], QuerySet] = field(default=lambda qs: qs)

    @property
    def key(self) -> str:
        """The list's URL name without namespace; the exports are named after it."""
        return self.view.split(":")[-1]

    def rows(self, request: HttpRequest) -> tuple[list[str], Iterator[list]]:
        """Column names and the filtered rows, exactly as the list page would select them."""
        queryset = self.queryset()
        if self.filterset is not None:
            # Bound only when the query string has something, as on the page;
            # invalid values are left out of cleaned_data and thus ignored.
            queryset = self.filterset(request.GET or None, queryset=queryset, request=request).qs
        queryset = self.annotate(queryset).prefetch_related(*self.prefetch())
        columns = self.columns(request)
        names = [column.name for column in columns]
        rows = (
            [column.get(obj) for column in columns]
            for obj in queryset.iterator(chunk_size=CHUNK_SIZE)
        )
        return names, rows


def cluster_columns(request):
    return [
        value("slug"),
        value("name"),
        value("name_en"),
        page_url(request),
        value("kind"),
        value("status"),
        value("start_year"),
        value("end_year"),
        one("part_of"),
        many("domains"),
        many("territories"),
        value("member_count"),
        value("website"),
        value("description"),
        value("strategic_axes"),
        SOURCES,
        value("modified"),
    ]


def cluster_prefetch():
    return [
        published("part_of", Cluster),
        published("domains", Domain),
        published("territories", Territory),
        published("sources", Source),
    ]


def participants(role: str | None, exclude: bool = False) -> Column:
    """The actors of a project with one role (or, with exclude, every other role)."""

    def get(project):
        return [
            p.actor.slug
            for p in project.participations.all()
            if role is None or (p.role != role if exclude else p.role == role)
        ]

    return Column("leads" if not exclude else "partners", get)


def role_organisations(person):
    """Where a person holds a position, for the published organisations and clusters only."""
    slugs = []
    for role in person.roles.all():
        for org in (role.actor, role.cluster):
            if org is not None and org.is_published and org.slug not in slugs:
                slugs.append(org.slug)
    return slugs


LEAD = ProjectParticipation.Role.LEAD

DATASETS = [
    Dataset(
        view="actors:actor_list",
        path="actors",
        queryset=lambda: Actor.objects.published(),
        filterset=ActorFilter,
        columns=lambda request: [
            value("slug"),
            value("name"),
            page_url(request),
            value("kind"),
            value("pillar"),
            value("status"),
            one("territory"),
            many("domains"),
            Column("clusters", lambda obj: [m.cluster.slug for m in obj.memberships.all()]),
            value("website"),
            value("founded_year"),
            value("ended_year"),
            Column("aliases", lambda obj: obj.alias_list),
            value("description"),
            value("description_en"),
            SOURCES,
            value("modified"),
        ],
        prefetch=lambda: [
            published("territory", Territory),
            published("domains", Domain),
            published(
                "memberships",
                Membership,
                Membership.objects.filter(cluster__is_published=True)
                .select_related("cluster")
                .order_by("cluster__name"),
            ),
            published("sources", Source),
        ],
    ),
    Dataset(
        view="actors:project_list",
        path="projects",
        queryset=lambda: Project.objects.published(),
        filterset=ProjectFilter,
        columns=lambda request: [
            value("slug"),
            value("name"),
            value("name_en"),
            page_url(request),
            value("kind"),
            value("status"),
            value("start_year"),
            value("end_year"),
            one("territory"),
            many("domains"),
            many("clusters"),
            participants(LEAD),
            participants(LEAD, exclude=True),
            value("area_hectares"),
            value("floor_area_m2"),
            value("budget_eur"),
            value("figures_note"),
            value("website"),
            value("description"),
            SOURCES,
            value("modified"),
        ],
        prefetch=lambda: [
            published("territory", Territory),
            published("domains", Domain),
            published("clusters", Cluster),
            published(
                "participations",
                ProjectParticipation,
                ProjectParticipation.objects.filter(actor__is_published=True)
                .select_related("actor")
                .order_by("role", "actor__name"),
            ),
            published("sources", Source),
        ],
    ),
    Dataset(
        view="clusters:cluster_list",
        path="clusters",
        queryset=lambda: Cluster.objects.published(),
        filterset=ClusterFilter,
        annotate=member_counts,
        columns=cluster_columns,
        prefetch=cluster_prefetch,
    ),
    Dataset(
        view="clusters:hub_list",
        path="hubs",
        queryset=lambda: Cluster.objects.published().filter(
            kind__in=[Cluster.Kind.HUB, Cluster.Kind.ALLIANCE]
        ),
        annotate=member_counts,
        columns=cluster_columns,
        prefetch=cluster_prefetch,
    ),
    Dataset(
        view="actors:person_list",
        path="people",
        queryset=lambda: Person.objects.published(),
        columns=lambda request: [
            value("slug"),
            value("name"),
            page_url(request),
            # Prefetched: only the roles at a published organisation or cluster.
            Column("roles", lambda obj: [role.title for role in obj.roles.all()]),
            Column("organisations", role_organisations),
            value("description"),
            SOURCES,
            value("modified"),
        ],
        prefetch=lambda: [
            published(
                "roles",
                Role,
                Role.objects.filter(
                    Q(actor__is_published=True) | Q(cluster__is_published=True)
                ).select_related("actor", "cluster"),
            ),
            published("sources", Source),
        ],
    ),
    Dataset(
        view="ecosystem:domain_list",
        path="domains",
        queryset=lambda: Domain.objects.published(),
        annotate=actor_counts,
        columns=lambda request: [
            value("slug"),
            value("name"),
            value("name_en"),
            page_url(request),
            one("parent"),
            value("actor_count"),
            value("description"),
            SOURCES,
            value("modified"),
        ],
        prefetch=lambda: [published("parent", Domain), published("sources", Source)],
    ),
    Dataset(
        view="ecosystem:territory_list",
        path="territories",
        queryset=lambda: Territory.objects.published(),
        annotate=actor_counts,
        columns=lambda request: [
            value("slug"),
            value("name"),
            value("name_en"),
            page_url(request),
            value("kind"),
            one("parent"),
            value("latitude"),
            value("longitude"),
            value("actor_count"),
            value("description"),
            SOURCES,
            value("modified"),
        ],
        prefetch=lambda: [published("parent", Territory), published("sources", Source)],
    ),
    Dataset(
        view="ecosystem:concept_list",
        path="concepts",
        queryset=lambda: Concept.objects.published(),
        columns=lambda request: [
            value("slug"),
            value("name"),
            value("name_en"),
            page_url(request),
            value("kind"),
            value("definition"),
            value("definition_en"),
            value("attribution"),
            many("domains"),
            SOURCES,
            value("modified"),
        ],
        prefetch=lambda: [published("domains", Domain), published("sources", Source)],
    ),
    Dataset(
        view="ecosystem:policy_list",
        path="policies",
        queryset=lambda: Policy.objects.published(),
        columns=lambda request: [
            value("slug"),
            value("name"),
            value("name_en"),
            page_url(request),
            one("parent"),
            value("start_year"),
            value("end_year"),
            one("territory"),
            many("domains"),
            value("website"),
            value("description"),
            SOURCES,
            value("modified"),
        ],
        prefetch=lambda: [
            published("parent", Policy),
            published("territory", Territory),
            published("domains", Domain),
            published("sources", Source),
        ],
    ),
    Dataset(
        view="ecosystem:keyfigure_list",
        path="key-figures",
        queryset=lambda: KeyFigure.objects.published(),
        columns=lambda request: [
            value("slug"),
            value("label"),
            value("label_en"),
            page_url(request),
            value("qualifier"),
            value("value"),
            value("unit"),
            value("year"),
            value("period_note"),
            one("cluster"),
            one("actor"),
            one("project"),
            one("territory"),
            one("policy"),
            one("event"),
            value("description"),
            SOURCES,
            value("modified"),
        ],
        prefetch=lambda: [
            published("cluster", Cluster),
            published("actor", Actor),
            published("project", Project),
            published("territory", Territory),
            published("policy", Policy),
            published("event", Event),
            published("sources", Source),
        ],
    ),
    Dataset(
        view="ecosystem:event_list",
        path="events",
        queryset=lambda: Event.objects.published(),
        columns=lambda request: [
            value("slug"),
            value("name"),
            value("name_en"),
            page_url(request),
            value("start_date"),
            value("end_date"),
            value("date_note"),
            one("territory"),
            many("organisers"),
            many("clusters"),
            many("domains"),
            value("website"),
            value("description"),
            SOURCES,
            value("modified"),
        ],
        prefetch=lambda: [
            published("territory", Territory),
            published("organisers", Actor),
            published("clusters", Cluster),
            published("domains", Domain),
            published("sources", Source),
        ],
    ),
    Dataset(
        view="ecosystem:milestone_list",
        path="milestones",
        queryset=lambda: Milestone.objects.published(),
        columns=lambda request: [
            value("slug"),
            value("name"),
            value("name_en"),
            page_url(request),
            value("year"),
            value("date"),
            many("actors"),
            many("clusters"),
            many("projects"),
            one("territory"),
            value("description"),
            SOURCES,
            value("modified"),
        ],
        prefetch=lambda: [
            published("actors", Actor),
            published("clusters", Cluster),
            published("projects", Project),
            published("territory", Territory),
            published("sources", Source),
        ],
    ),
    Dataset(
        view="ecosystem:source_list",
        path="sources",
        queryset=lambda: Source.objects.published(),
        columns=lambda request: [
            value("slug"),
            value("title"),
            page_url(request),
            value("document_url", "url"),
            value("publisher"),
            value("kind"),
            value("date"),
            value("date_note"),
            value("language"),
            value("summary"),
            value("modified"),
        ],
    ),
]
BY_KEY = {dataset.key: dataset for dataset in DATASETS}


# --- Rendering -----------------------------------------------------------------------


def plain_value(data):
    """A cell as JSON can hold it: numbers stay numbers, dates become ISO 8601 text."""
    if isinstance(data, Decimal):
        return int(data) if data == data.to_integral_value() else float(data)
    if isinstance(data, datetime):
        return timezone.localtime(data).isoformat() if timezone.is_aware(data) else data.isoformat()
    if isinstance(data, date):
        return data.isoformat()
    return data


# Spreadsheets run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(data) -> str:
    data = plain_value(data)
    if data is None:
        return ""
    if isinstance(data, list):
        data = "|".join(str(item) for item in data)
    if isinstance(data, bool | int | float):
        return str(data)
    data = str(data)
    # Neutralise formula injection: a leading quote makes spreadsheets show text.
    return "'" + data if data.startswith(FORMULA_STARTS) else data


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a stream."""

    def write(self, line):
        return line


def csv_stream(names: list[str], rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(names)
    for row in rows:
        yield writer.writerow([csv_cell(cell) for cell in row])


def json_stream(header: dict, names: list[str], rows: Iterable[list]) -> Iterator[str]:
    opening = json.dumps(header, ensure_ascii=False)
    yield opening[:-1] + ', "results": ['
    for index, row in enumerate(rows):
        record = {name: plain_value(cell) for name, cell in zip(names, row, strict=True)}
        yield ("," if index else "") + "\n" + json.dumps(record, ensure_ascii=False)
    yield "\n]}\n"


def export(request: HttpRequest, dataset: str, fmt: str) -> StreamingHttpResponse:
    """The whole filtered list as CSV or JSON, streamed, with its licence."""
    spec = BY_KEY[dataset]
    names, rows = spec.rows(request)
    source = request.build_absolute_uri(reverse(spec.view))
    if request.GET:
        source += "?" + request.GET.urlencode()
    if fmt == "csv":
        stream = csv_stream(names, rows)
        content_type = "text/csv; charset=utf-8"
    else:
        header = {
            "license": {"name": DATA_LICENSE, "url": DATA_LICENSE_URL},
            "attribution": ATTRIBUTION,
            "source": source,
            "generated": timezone.now().isoformat(timespec="seconds"),
        }
        stream = json_stream(header, names, rows)
        content_type = "application/json; charset=utf-8"
    response = StreamingHttpResponse(stream, content_type=content_type)
    filename = f"{FILE_PREFIX}-{spec.path}-cc-by-4.0.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Data-License"] = f"{DATA_LICENSE} {DATA_LICENSE_URL}"
    response["Link"] = f'<{DATA_LICENSE_URL}>; rel="license", <{source}>; rel="alternate"'
    # Open data: any site may fetch it from a browser (no cookies are involved).
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _urlpatterns():
    patterns = []
    for dataset in DATASETS:
        for fmt in FORMATS:
            patterns.append(
                path(
                    f"{dataset.path}/export.{fmt}",
                    export,
                    {"dataset": dataset.key, "fmt": fmt},
                    name=f"{dataset.key}_{fmt}",
                )
            )
    return patterns


# ``{% url "exports:actor_list_csv" %}`` → /actors/export.csv
app_name = "exports"
urlpatterns = _urlpatterns()
