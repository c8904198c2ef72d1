"""The open data of actors, projects and people: their CSV and JSON exports."""

from actors.filters import ActorFilter, ProjectFilter
from actors.models import Actor, Person, Project, ProjectParticipation
from ecosystem.opendata.exports import (
    EVIDENCE,
    SOURCES,
    Column,
    Dataset,
    many,
    one,
    page_url,
    translated,
    value,
)

LEAD = ProjectParticipation.Role.LEAD


def participants(role: str, exclude: bool = False) -> Column:
    """The actors of a project with one role (or, with exclude, every other role)."""

    def get(project):
        return [
            p.actor.slug
            for p in project.participations.all()
            if (p.role != role if exclude else p.role == role)
        ]

    return Column("leads" if not exclude else "partners", get)


def role_organisations(person):
    """Where a person holds a position: the public organisations and clusters, once each."""
    slugs = []
    for role in person.roles.all():
        for org in (role.actor, role.cluster):
            if org is not None and org.slug not in slugs:
                slugs.append(org.slug)
    return slugs


DATASETS = [
    Dataset(
        view="actors:actor_list",
        path="actors",
        model=Actor,
        filterset=ActorFilter,
        columns=lambda request: [
            value("slug"),
            *translated("name"),
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
            *translated("description"),
            SOURCES,
            *EVIDENCE,
            value("modified"),
        ],
        shape=lambda actors: actors.for_export(),
    ),
    Dataset(
        view="actors:project_list",
        path="projects",
        model=Project,
        filterset=ProjectFilter,
        columns=lambda request: [
            value("slug"),
            *translated("name"),
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
            *translated("figures_note"),
            value("website"),
            *translated("description"),
            SOURCES,
            *EVIDENCE,
            value("modified"),
        ],
        shape=lambda projects: projects.for_export(),
    ),
    Dataset(
        view="actors:person_list",
        path="people",
        model=Person,
        columns=lambda request: [
            value("slug"),
            value("name"),
            page_url(request),
            # Prefetched: only the roles at a published organisation or cluster.
            Column("roles", lambda obj: [role.title for role in obj.roles.all()]),
            Column("organisations", role_organisations),
            *translated("description"),
            SOURCES,
            *EVIDENCE,
            value("modified"),
        ],
        shape=lambda people: people.for_export(),
    ),
]
