"""schema.org descriptions of events and territories, from their detail pages."""

from ecosystem.models import Event, Territory
from ecosystem.opendata.jsonld import describe, place, ref


def event_data(request, event: Event) -> dict:
    return describe(
        request,
        event,
        "Event",
        startDate=event.start_date.isoformat() if event.start_date else None,
        endDate=event.end_date.isoformat() if event.end_date else None,
        location=place(request, event.territory),
        organizer=[ref(request, actor) for actor in event.organisers.all()],
        performer=[ref(request, person, "Person") for person in event.speakers.all()],
        about=[domain.name for domain in event.domains.all()],
    )


def territory_data(request, territory: Territory) -> dict:
    here = place(request, territory)
    return describe(
        request,
        territory,
        "Place",
        geo=here.get("geo"),
        containedInPlace=place(request, territory.parent),
    )
