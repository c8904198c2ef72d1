"""The events as an iCalendar file (RFC 5545), for a calendar application to import or follow.

The documents give an event's days, never its hours: every event is an
all-day event (``DTSTART;VALUE=DATE``, the end exclusive, the day after the
last). An event the documents date only vaguely (« 2024, sur deux jours »)
has no start date here and cannot be placed in a calendar: it is left out,
and the calendar's description and the event list say how many were.
"""

from datetime import UTC, datetime, timedelta

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import ngettext
from icalendar import Calendar, vDuration
from icalendar import Event as CalendarEvent

from ecosystem.core.markdown import plain
from ecosystem.models import Event

# Who made the file (RFC 5545 PRODID): the same in every language.
PRODUCT = "-//Cleantech Wallonie//Portail cleantech wallon//FR"
# How often a calendar application that follows the file should read it again.
REFRESH = timedelta(days=1)


def _stamp(moment: datetime) -> datetime:
    """A date-time in UTC, to the second (iCalendar's ``DTSTAMP`` / ``LAST-MODIFIED``)."""
    return moment.astimezone(UTC).replace(microsecond=0)


def calendar_event(request: HttpRequest, event: Event) -> CalendarEvent:
    """One dated event as a VEVENT, in the reader's language."""
    last_day = event.end_date if event.end_date and event.end_date > event.start_date else None
    item = CalendarEvent()
    # Stable across edits and languages, unique beyond this site: the slug at the host.
    item.add("uid", f"event-{event.slug}@{request.get_host().split(':')[0]}")
    item.add("dtstamp", _stamp(event.modified))
    item.add("last-modified", _stamp(event.modified))
    item.add("summary", event.name)
    item.add("dtstart", event.start_date)
    item.add("dtend", (last_day or event.start_date) + timedelta(days=1))
    # An all-day event of which the documents say nothing of the hours: it does not
    # make the reader busy.
    item.add("transp", "TRANSPARENT")
    page = request.build_absolute_uri(event.get_absolute_url())
    item.add("url", page)
    description = plain(event.description)
    item.add("description", f"{description}\n\n{page}" if description else page)
    if event.territory is not None:
        item.add("location", event.territory.name)
    return item


def build_calendar(request: HttpRequest, events, title: str, undated: int = 0) -> Calendar:
    """A VCALENDAR holding ``events`` (dated ones), titled ``title``."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # Read by Apple, Google and Microsoft calendars (not part of RFC 5545 itself).
    calendar.add("x-wr-calname", title)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    if undated:
        note = ngettext(
            "%(count)s événement sans date précise n'y figure pas : voir %(url)s",
            "%(count)s événements sans date précise n'y figurent pas : voir %(url)s",
            undated,
        )
        url = request.build_absolute_uri(reverse("ecosystem:event_list"))
        calendar.add("x-wr-caldesc", note % {"count": undated, "url": url})
    for event in events:
        calendar.add_component(calendar_event(request, event))
    return calendar


def calendar_response(calendar: Calendar) -> HttpResponse:
    """The calendar as ``text/calendar``: a phone opens it in its calendar application.

    No Content-Disposition: the address ends in ``.ics``, which names the file
    where a browser saves it, and the page cache keeps only the body's type.
    """
    return HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
