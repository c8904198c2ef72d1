"""The sitemap's cluster and hub pages."""

from clusters.models import Cluster
from ecosystem.opendata.sitemaps import RecordSitemap

LISTS = ["clusters:hub_list", "clusters:cluster_list"]
SITEMAPS = {
    # The kind too: a hub's page is at /hubs/, every other cluster's at /clusters/.
    "clusters": RecordSitemap(Cluster, 0.7, fields=("slug", "kind", "modified")),
}
