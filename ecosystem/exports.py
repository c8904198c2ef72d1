"""The open data of the knowledge base: its CSV and JSON exports.

Records of the other apps (a key figure's actor, an event's organisers) are
reached through the relations themselves, never imported.
"""

from ecosystem.models import Concept, Domain, Event, KeyFigure, Milestone, Policy, Source, Territory
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


def counted(records):
    """Domains or territories with their public actor count and public neighbours."""
    return records.with_actor_count().with_public("parent", "sources")


DATASETS = [
    Dataset(
        view="ecosystem:domain_list",
        path="domains",
        model=Domain,
        columns=lambda request: [
            value("slug"),
            *translated("name"),
            page_url(request),
            one("parent"),
            value("actor_count"),
            *translated("description"),
            SOURCES,
            *EVIDENCE,
            value("modified"),
        ],
        shape=counted,
    ),
    Dataset(
        view="ecosystem:territory_list",
        path="territories",
        model=Territory,
        columns=lambda request: [
            value("slug"),
            *translated("name"),
            page_url(request),
            value("kind"),
            one("parent"),
            value("latitude"),
            value("longitude"),
            value("actor_count"),
            *translated("description"),
            SOURCES,
            *EVIDENCE,
            value("modified"),
        ],
        shape=counted,
    ),
    Dataset(
        view="ecosystem:concept_list",
        path="concepts",
        model=Concept,
        columns=lambda request: [
            value("slug"),
            *translated("name"),
            page_url(request),
            value("kind"),
            *translated("definition"),
            *translated("attribution"),
            many("domains"),
            SOURCES,
            *EVIDENCE,
            value("modified"),
        ],
        shape=lambda concepts: concepts.with_public("domains", "sources"),
    ),
    Dataset(
        view="ecosystem:policy_list",
        path="policies",
        model=Policy,
        columns=lambda request: [
            value("slug"),
            *translated("name"),
            page_url(request),
            one("parent"),
            value("start_year"),
            value("end_year"),
            one("territory"),
            many("domains"),
            value("website"),
            *translated("description"),
            SOURCES,
            *EVIDENCE,
            value("modified"),
        ],
        shape=lambda policies: policies.with_public("parent", "territory", "domains", "sources"),
    ),
    Dataset(
        view="ecosystem:keyfigure_list",
        path="key-figures",
        model=KeyFigure,
        columns=lambda request: [
            value("slug"),
            *translated("label"),
            page_url(request),
            *translated("qualifier"),
            value("value"),
            *translated("unit"),
            value("year"),
            *translated("period_note"),
            one("cluster"),
            one("actor"),
            one("project"),
            one("territory"),
            one("policy"),
            one("event"),
            *translated("description"),
            SOURCES,
            *EVIDENCE,
            value("modified"),
        ],
        shape=lambda figures: figures.with_public(
            "cluster", "actor", "project", "territory", "policy", "event", "sources"
        ),
    ),
    Dataset(
        view="ecosystem:event_list",
        path="events",
        model=Event,
        columns=lambda request: [
            value("slug"),
            *translated("name"),
            page_url(request),
            value("start_date"),
            value("end_date"),
            *translated("date_note"),
            one("territory"),
            many("organisers"),
            many("clusters"),
            many("domains"),
            value("website"),
            *translated("description"),
            SOURCES,
            *EVIDENCE,
            value("modified"),
        ],
        shape=lambda events: events.with_public(
            "territory", "organisers", "clusters", "domains", "sources"
        ),
    ),
    Dataset(
        view="ecosystem:milestone_list",
        path="milestones",
        model=Milestone,
        columns=lambda request: [
            value("slug"),
            *translated("name"),
            page_url(request),
            value("year"),
            value("date"),
            many("actors"),
            many("clusters"),
            many("projects"),
            one("territory"),
            *translated("description"),
            SOURCES,
            *EVIDENCE,
            value("modified"),
        ],
        shape=lambda milestones: milestones.with_public(
            "actors", "clusters", "projects", "territory", "sources"
        ),
    ),
    Dataset(
        view="ecosystem:source_list",
        path="sources",
        model=Source,
        columns=lambda request: [
            value("slug"),
            *translated("title"),
            page_url(request),
            value("document_url", "url"),
            *translated("publisher"),
            *translated("kind"),
            value("date"),
            *translated("date_note"),
            value("language"),
            *translated("summary"),
            value("modified"),
        ],
    ),
]
