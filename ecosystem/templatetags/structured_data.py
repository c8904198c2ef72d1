"""schema.org JSON-LD and Open Graph tags for the pages' <head>.

``{% json_ld actor %}`` writes a ``<script type="application/ld+json">`` data
block (not run by browsers, so the Content-Security-Policy is unaffected);
``{% open_graph obj %}`` writes og: tags for a record (base.html includes the
same template with the site's defaults). Both read relations the detail views have already
prefetched from published querysets; a foreign key is checked for
``is_published`` before it is named.
"""

import json

from django import template
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language

from actors.models import Actor, Person, Project, ProjectParticipation
from clusters.models import Cluster
from ecosystem.core.i18n import localized
from ecosystem.models import Event, KeyFigure, Territory
from ecosystem.templatetags.portal import plain

register = template.Library()

SCHEMA = "https://schema.org"
# Characters that could end the <script> element or open a comment inside it.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _absolute(request, obj) -> str:
    url = obj.get_absolute_url()
    return request.build_absolute_uri(url) if request is not None else url


def _public(obj):
    return obj if obj is not None and getattr(obj, "is_published", False) else None


def _summary(obj, words: int = 40) -> str:
    for attr in ("description", "definition", "summary"):
        # In English, the English text where there is one, else the French.
        text = plain(localized(obj, attr) if hasattr(obj, attr) else "")
        if text:
            return Truncator(text).words(words)
    return ""


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _ref(request, obj, kind="Organization") -> dict:
    return {"@type": kind, "name": localized(obj), "url": _absolute(request, obj)}


def _place(request, territory) -> dict | None:
    territory = _public(territory)
    if territory is None:
        return None
    place = {"@type": "Place", "name": localized(territory), "url": _absolute(request, territory)}
    if territory.latitude is not None and territory.longitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(territory.latitude),
            "longitude": float(territory.longitude),
        }
    return place


def _common(request, obj, kind: str) -> dict:
    data = {
        "@context": SCHEMA,
        "@type": kind,
        "@id": _absolute(request, obj),
        "url": _absolute(request, obj),
        "name": localized(obj),
        "description": _summary(obj, 80),
        "inLanguage": get_language() or "fr",
    }
    aliases = _lines(getattr(obj, "aliases", ""))
    if aliases:
        data["alternateName"] = aliases
    if getattr(obj, "website", ""):
        data["sameAs"] = [obj.website]
    return data


def actor_data(request, actor: Actor) -> dict:
    data = _common(request, actor, "Organization")
    if actor.founded_year:
        data["foundingDate"] = str(actor.founded_year)
    if actor.ended_year:
        data["dissolutionDate"] = str(actor.ended_year)
    data["location"] = _place(request, actor.territory)
    data["knowsAbout"] = [domain.name for domain in actor.domains.all()]
    # The detail view prefetches memberships of published clusters only.
    data["memberOf"] = [_ref(request, m.cluster) for m in actor.memberships.all()]
    return data


def cluster_data(request, cluster: Cluster) -> dict:
    data = _common(request, cluster, "Organization")
    if cluster.start_year:
        data["foundingDate"] = str(cluster.start_year)
    if cluster.end_year:
        data["dissolutionDate"] = str(cluster.end_year)
    data["areaServed"] = [_place(request, t) for t in cluster.territories.all()]
    data["knowsAbout"] = [domain.name for domain in cluster.domains.all()]
    part_of = _public(cluster.part_of)
    if part_of:
        data["memberOf"] = [_ref(request, part_of)]
    # The members the page shows (cluster_detail caps them per pillar).
    data["member"] = [_ref(request, m.actor) for m in cluster.shown_memberships]
    data["subOrganization"] = [_ref(request, part) for part in cluster.parts.all()]
    return data


def person_data(request, person: Person) -> dict:
    data = _common(request, person, "Person")
    roles = list(person.roles.all())
    data["jobTitle"] = [role.title for role in roles]
    data["affiliation"] = [
        _ref(request, org)
        for role in roles
        for org in (_public(role.actor), _public(role.cluster))
        if org is not None
    ]
    return data


def project_data(request, project: Project) -> dict:
    # schema.org's Project (pending) is an Organization: members, funders, location.
    data = _common(request, project, "Project")
    if project.start_year:
        data["foundingDate"] = str(project.start_year)
    if project.end_year:
        data["dissolutionDate"] = str(project.end_year)
    data["location"] = _place(request, project.territory)
    data["knowsAbout"] = [domain.name for domain in project.domains.all()]
    participations = list(project.participations.all())
    funder = ProjectParticipation.Role.FUNDER
    data["funder"] = [_ref(request, p.actor) for p in participations if p.role == funder]
    data["member"] = [_ref(request, p.actor) for p in participations if p.role != funder]
    data["parentOrganization"] = [_ref(request, cluster) for cluster in project.clusters.all()]
    return data


def event_data(request, event: Event) -> dict:
    data = _common(request, event, "Event")
    if event.start_date:
        data["startDate"] = event.start_date.isoformat()
    if event.end_date:
        data["endDate"] = event.end_date.isoformat()
    data["location"] = _place(request, event.territory)
    data["organizer"] = [_ref(request, actor) for actor in event.organisers.all()]
    data["performer"] = [_ref(request, person, "Person") for person in event.speakers.all()]
    data["about"] = [domain.name for domain in event.domains.all()]
    return data


def territory_data(request, territory: Territory) -> dict:
    data = _common(request, territory, "Place")
    place = _place(request, territory)
    if place and "geo" in place:
        data["geo"] = place["geo"]
    parent = _public(territory.parent)
    if parent:
        data["containedInPlace"] = _place(request, parent)
    return data


BUILDERS = {
    Actor: actor_data,
    Cluster: cluster_data,
    Person: person_data,
    Project: project_data,
    Event: event_data,
    Territory: territory_data,
}


def structured_data(request, obj) -> dict | None:
    """The schema.org description of a record, without empty values; None if it has none."""
    builder = BUILDERS.get(type(obj))
    if builder is None:
        return None
    return {
        key: value for key, value in builder(request, obj).items() if value not in (None, "", [])
    }


@register.simple_tag(takes_context=True)
def json_ld(context, obj):
    """A ``<script type="application/ld+json">`` block describing ``obj`` for search engines."""
    data = structured_data(context.get("request"), obj)
    if data is None:
        return ""
    text = json.dumps(data, ensure_ascii=False, indent=1).translate(SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


@register.inclusion_tag("includes/open_graph.html", takes_context=True)
def open_graph(context, obj):
    """og: tags for a record; base.html includes the same template with the site's defaults."""
    request = context.get("request")
    return {
        "request": request,
        "LANGUAGE_CODE": get_language(),
        "og_type": "profile" if isinstance(obj, Person) else "website",
        "og_title": localized(obj, "label") if isinstance(obj, KeyFigure) else localized(obj),
        "og_description": _summary(obj),
        "og_url": _absolute(request, obj),
    }
