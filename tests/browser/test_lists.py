"""Sorting a directory on a phone, and taking the events into a calendar, in Chromium."""

import re
from pathlib import Path

from icalendar import Calendar
from playwright.sync_api import Page, expect

PHONE = {"width": 375, "height": 812}


def test_sort_a_filtered_directory_on_a_phone(page: Page, site, screenshot):
    page.set_viewport_size(PHONE)
    page.goto(site + "/actors/")
    sort_links = page.locator(".sort-links")
    expect(sort_links.locator('a[aria-current="true"]')).to_have_text("nom (A → Z)")

    # Filter first, then sort: the order keeps the filter, and the filters keep the order.
    page.locator(".facet a.facet-value", has_text="Pouvoirs publics").first.click()
    expect(page).to_have_url(re.compile(r"pillar=government"))
    sort_links.get_by_role("link", name="les plus connectés (clusters et projets)").click()
    expect(page).to_have_url(re.compile(r"pillar=government.*sort=connected"))
    expect(sort_links.locator('a[aria-current="true"]')).to_have_text(
        "les plus connectés (clusters et projets)"
    )
    expect(page.locator(".cards .card-title").first).to_have_text("Région wallonne")
    # The first result is within the first two screens of a phone.
    top = page.locator(".cards .card").first.bounding_box()["y"]
    assert top < 2 * PHONE["height"], top
    screenshot("lists-phone-directory-sorted")

    page.locator(".facet a.facet-value", has_text="Entreprises").first.click()
    expect(page).to_have_url(re.compile(r"sort=connected"))


def test_take_the_events_into_a_calendar(page: Page, site, screenshot):
    page.set_viewport_size(PHONE)
    page.goto(site + "/events/")
    expect(page.locator("h2.list-group-title").first).to_have_text("Passés")
    link = page.get_by_role("link", name=re.compile("Ajouter ces événements à votre agenda"))
    with page.expect_download() as download:
        link.click()
    calendar = Calendar.from_ical(Path(download.value.path()).read_bytes())
    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")] == [
        "Présentation sur le clustering en Wallonie (IFAG / CCI Bulgare, Sofia)"
    ]
    screenshot("lists-phone-events")
