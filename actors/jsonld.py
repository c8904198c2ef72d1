"""schema.org descriptions of organisations, people and projects, from their detail pages."""

from actors.models import Actor, Person, Project, ProjectParticipation
from ecosystem.opendata.jsonld import describe, place, ref, year


def actor_data(request, actor: Actor) -> dict:
    """From ``Actor.objects.for_detail()``: public territory, domains and clusters."""
    return describe(
        request,
        actor,
        "Organization",
        foundingDate=year(actor.founded_year),
        dissolutionDate=year(actor.ended_year),
        location=place(request, actor.territory),
        knowsAbout=[domain.name for domain in actor.domains.all()],
        memberOf=[ref(request, m.cluster) for m in actor.memberships.all()],
    )


def person_data(request, person: Person) -> dict:
    """From ``Person.objects.for_detail()``: roles at public organisations and clusters."""
    roles = list(person.roles.all())
    return describe(
        request,
        person,
        "Person",
        jobTitle=[role.title for role in roles],
        affiliation=[
            ref(request, org)
            for role in roles
            for org in (role.actor, role.cluster)
            if org is not None
        ],
    )


def project_data(request, project: Project) -> dict:
    """schema.org's Project (pending) is an Organization: members, funders, location."""
    participations = list(project.participations.all())
    funder = ProjectParticipation.Role.FUNDER
    return describe(
        request,
        project,
        "Project",
        foundingDate=year(project.start_year),
        dissolutionDate=year(project.end_year),
        location=place(request, project.territory),
        knowsAbout=[domain.name for domain in project.domains.all()],
        funder=[ref(request, p.actor) for p in participations if p.role == funder],
        member=[ref(request, p.actor) for p in participations if p.role != funder],
        parentOrganization=[ref(request, cluster) for cluster in project.clusters.all()],
    )
