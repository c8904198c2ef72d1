"""schema.org description of a hub, cluster, pôle or alliance, from its page."""

from clusters.models import Cluster
from ecosystem.opendata.jsonld import describe, place, ref, year


def cluster_data(request, cluster: Cluster, members: list) -> dict:
    """From ``Cluster.objects.for_detail()`` and the memberships the page shows."""
    return describe(
        request,
        cluster,
        "Organization",
        foundingDate=year(cluster.start_year),
        dissolutionDate=year(cluster.end_year),
        areaServed=[place(request, t) for t in cluster.territories.all()],
        knowsAbout=[domain.name for domain in cluster.domains.all()],
        memberOf=[ref(request, cluster.part_of)] if cluster.part_of else [],
        member=[ref(request, m.actor) for m in members],
        subOrganization=[ref(request, part) for part in cluster.parts.all()],
    )
