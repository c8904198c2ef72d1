"""The site's public pages, listed once for every test that walks the site.

Route names rather than paths: ``reverse`` gives the address in the active
language, French and unprefixed in tests (see conftest).
"""

from django.urls import reverse

# Every public page without a slug: the lists, and the home, search, pillar and map pages.
LIST_PAGES = [
    "ecosystem:home",
    "ecosystem:search",
    "ecosystem:pillars",
    "visuals:map",
    "clusters:hub_list",
    "clusters:cluster_list",
    "actors:actor_list",
    "actors:project_list",
    "actors:person_list",
    "ecosystem:domain_list",
    "ecosystem:territory_list",
    "ecosystem:concept_list",
    "ecosystem:policy_list",
    "ecosystem:keyfigure_list",
    "ecosystem:event_list",
    "ecosystem:milestone_list",
    "ecosystem:source_list",
]

# The world's records (conftest) that have a page: one for every detail route, and a
# cluster of each kind.
WORLD_PAGES = [
    "district",
    "alliance",
    "pole",
    "acme",
    "alice",
    "site",
    "hydrogene",
    "charleroi",
    "concept",
    "policy",
    "figure",
    "event",
    "milestone",
    "source",
]

# Every detail route, with the world's draft of the same model: a 404, like a slug
# that does not exist.
DRAFT_PAGES = {
    "clusters:cluster_detail": "t-draft-cluster",
    "clusters:hub_detail": "t-draft-cluster",
    "actors:actor_detail": "t-draft-actor",
    "actors:person_detail": "t-draft-person",
    "actors:project_detail": "t-draft-project",
    "ecosystem:domain_detail": "t-draft-domain",
    "ecosystem:territory_detail": "t-draft-territory",
    "ecosystem:concept_detail": "t-draft-concept",
    "ecosystem:policy_detail": "t-draft-policy",
    "ecosystem:keyfigure_detail": "t-draft-figure",
    "ecosystem:event_detail": "t-draft-event",
    "ecosystem:milestone_detail": "t-draft-milestone",
    "ecosystem:source_detail": "t-draft-source",
}


def paths(names) -> list[str]:
    """The addresses of pages given by route name."""
    return [reverse(name) for name in names]
