"""The events as iCalendar (RFC 5545): the whole list and each event, read back with
the icalendar library."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from ecosystem.models import Event
from tests.factories import make

pytestmark = pytest.mark.django_db


def read(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    return calendar


def events_of(calendar: Calendar) -> dict:
    """The VEVENTs by the slug in their UID."""
    found = {}
    for item in calendar.walk("VEVENT"):
        uid = str(item["UID"])
        assert uid.startswith("event-") and "@" in uid
        found[uid.removeprefix("event-").split("@")[0]] = item
    return found


@pytest.fixture
def events():
    return {
        "day": make(Event, "t-ical-day", name="Journée test", start_date=date(2030, 3, 5)),
        "span": make(
            Event,
            "t-ical-span",
            name="Salon, trois jours; test",
            description="Un **salon** : des stands.",
            start_date=date(2029, 12, 30),
            end_date=date(2030, 1, 1),
        ),
        "undated": make(Event, "t-ical-undated", name="Sans date test", date_note="2024"),
        "draft": make(
            Event, "t-ical-draft", published=False, name="Caché", start_date=date(2030, 1, 1)
        ),
    }


def test_the_calendar_holds_every_public_dated_event_as_an_all_day_event(client, events):
    calendar = read(client.get(reverse("ecosystem:event_calendar")))
    found = events_of(calendar)
    dated = Event.objects.published().filter(start_date__isnull=False)
    assert set(found) == set(dated.values_list("slug", flat=True))
    assert "t-ical-undated" not in found and "t-ical-draft" not in found

    day = found["t-ical-day"]
    assert day["SUMMARY"] == "Journée test"
    # All-day: DATE values, the end exclusive (the day after the last day).
    assert day.decoded("DTSTART") == date(2030, 3, 5)
    assert day.decoded("DTEND") == date(2030, 3, 6)
    assert day["DTSTART"].params["VALUE"] == "DATE"
    assert day["URL"] == "http://testserver/events/t-ical-day/"
    assert day.decoded("DTSTAMP").tzinfo is not None

    span = found["t-ical-span"]
    assert span["SUMMARY"] == "Salon, trois jours; test"  # escaped and read back whole
    assert span.decoded("DTSTART") == date(2029, 12, 30)
    assert span.decoded("DTEND") == date(2030, 1, 2)
    # Markdown read as plain text, then the page's address.
    assert str(span["DESCRIPTION"]).startswith("Un salon : des stands.")
    assert str(span["DESCRIPTION"]).endswith("/events/t-ical-span/")


def test_the_calendar_says_how_many_undated_events_it_leaves_out(client, events):
    calendar = read(client.get(reverse("ecosystem:event_calendar")))
    undated = Event.objects.published().filter(start_date__isnull=True).count()
    assert undated >= 1
    assert f"{undated} événement" in str(calendar["X-WR-CALDESC"])
    assert str(calendar["X-WR-CALNAME"])
    assert calendar["REFRESH-INTERVAL"].dt == timedelta(days=1)


def test_the_real_events(client):
    """Of the documents' three events, only the Sofia presentation has a date."""
    found = events_of(read(client.get("/events/calendar.ics")))
    assert list(found) == ["uwe-clustering-sofia-2014"]
    sofia = found["uwe-clustering-sofia-2014"]
    assert sofia.decoded("DTSTART") == date(2014, 4, 15)
    assert sofia["LOCATION"] == "Sofia"


def test_the_calendar_in_english(client, events):
    found = events_of(read(client.get("/en/events/calendar.ics")))
    sofia = found["uwe-clustering-sofia-2014"]
    assert str(sofia["SUMMARY"]).startswith("Presentation on clustering in Wallonia")
    assert sofia["URL"] == "http://testserver/en/events/uwe-clustering-sofia-2014/"
    # The same event has the same UID in both languages.
    french = events_of(read(client.get("/events/calendar.ics")))
    assert french["uwe-clustering-sofia-2014"]["UID"] == sofia["UID"]


def test_one_event_as_a_calendar(client, events):
    calendar = read(client.get(reverse("ecosystem:event_ics", args=["t-ical-span"])))
    assert list(events_of(calendar)) == ["t-ical-span"]
    # An undated event cannot be placed; a draft does not exist.
    assert client.get("/events/t-ical-undated.ics").status_code == 404
    assert client.get("/events/t-ical-draft.ics").status_code == 404


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_list_and_the_event_pages_link_to_the_calendar(client, events, prefix):
    html = client.get(f"{prefix}/events/").content.decode()
    assert f'href="{prefix}/events/calendar.ics" type="text/calendar"' in html
    assert "sans date précise n'y figure" in html or prefix == "/en"
    page = client.get(f"{prefix}/events/t-ical-day/").content.decode()
    assert f'href="{prefix}/events/t-ical-day.ics" type="text/calendar"' in page
    # No calendar file for an event without a date.
    assert ".ics" not in client.get(f"{prefix}/events/t-ical-undated/").content.decode()


def test_an_empty_calendar_is_still_valid(client):
    Event.objects.update(start_date=None)
    calendar = read(client.get("/events/calendar.ics"))
    assert not list(calendar.walk("VEVENT"))
