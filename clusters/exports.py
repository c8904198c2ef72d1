"""The open data of clusters and hubs: their CSV and JSON exports."""

from clusters.filters import ClusterFilter
from clusters.models import Cluster
from ecosystem.opendata.exports import (
    EVIDENCE,
    SOURCES,
    Dataset,
    many,
    one,
    page_url,
    translated,
    value,
)

# The hub list shows the hubs and the alliance they form.
HUB_KINDS = [Cluster.Kind.HUB, Cluster.Kind.ALLIANCE]


def cluster_columns(request):
    """The columns of both lists: the cluster list and the hub list."""
    return [
        value("slug"),
        *translated("name"),
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
        *translated("description"),
        *translated("strategic_axes"),
        SOURCES,
        *EVIDENCE,
        value("modified"),
    ]


DATASETS = [
    Dataset(
        view="clusters:cluster_list",
        path="clusters",
        model=Cluster,
        filterset=ClusterFilter,
        columns=cluster_columns,
        shape=lambda clusters: clusters.for_export(),
    ),
    Dataset(
        view="clusters:hub_list",
        path="hubs",
        model=Cluster,
        columns=cluster_columns,
        shape=lambda clusters: clusters.filter(kind__in=HUB_KINDS).for_export(),
    ),
]
