"""The main journeys of a visitor, in a real Chromium, on the real content.

Each journey ends with a screenshot under artifacts/screenshots/ (kept by CI).
"""

import re

from playwright.sync_api import Page, expect

HUB = "district-cleantech"


def test_home_to_a_hub_to_a_member_and_back(page: Page, site, screenshot):
    page.goto(site + "/")
    expect(page.locator("h1")).to_have_count(1)
    page.locator(f'main a[href="/hubs/{HUB}/"]').first.click()
    expect(page).to_have_url(f"{site}/hubs/{HUB}/")
    hub_title = page.locator("h1").inner_text()
    assert "District Cleantech" in hub_title

    member = page.locator("section[aria-labelledby=members-title] ul.entry-list a").first
    member_name = member.inner_text()
    member.click()
    expect(page).to_have_url(re.compile(r"/actors/[\w-]+/$"))
    expect(page.locator("h1")).to_have_text(member_name)
    # The member's page links back to the hub it belongs to: relations both ways.
    expect(page.locator(f'main a[href="/hubs/{HUB}/"]').first).to_be_visible()

    page.go_back()
    expect(page).to_have_url(f"{site}/hubs/{HUB}/")
    expect(page.locator("h1")).to_have_text(hub_title)
    screenshot("1-home-hub-member-back")


def result_count(page: Page) -> int:
    return int(re.search(r"\d+", page.locator("#results-title").inner_text()).group())


def chips(page: Page):
    return page.locator(".active-filters a.chip")


def facet_link(page: Page, facet: str):
    """The first value of a facet that gives results and is not selected yet."""
    return page.locator(
        f"section[aria-labelledby=facet-{facet}] a.facet-value:not(.selected)"
    ).first


def label_of(link) -> str:
    return re.sub(r"\s+\d+$", "", link.inner_text().strip())


def test_directory_filter_add_remove_clear(page: Page, site, screenshot):
    page.goto(site + "/actors/")
    everyone = result_count(page)
    expect(chips(page)).to_have_count(0)

    domain = facet_link(page, "domain")
    domain_label = label_of(domain)
    domain.click()
    expect(page).to_have_url(re.compile(r"[?&]domain=[\w-]+"))
    in_domain = result_count(page)
    assert 0 < in_domain < everyone
    expect(chips(page)).to_have_count(1)

    pillar = facet_link(page, "pillar")
    pillar_label = label_of(pillar)
    pillar.click()
    expect(page).to_have_url(re.compile(r"(?=.*domain=)(?=.*pillar=)"))
    both = result_count(page)
    assert 0 < both <= in_domain
    expect(chips(page)).to_have_count(2)
    # Every card shown belongs to the chosen pillar: it is the card's kicker.
    kickers = page.locator(".results .card-kicker").all_inner_texts()
    assert kickers and set(kickers) == {pillar_label}

    chips(page).filter(has_text=domain_label).click()
    expect(page).to_have_url(re.compile(r"pillar="))
    assert "domain=" not in page.url
    expect(chips(page)).to_have_count(1)
    assert result_count(page) >= both

    page.get_by_role("link", name="Effacer tous les filtres").first.click()
    expect(page).to_have_url(f"{site}/actors/")
    expect(chips(page)).to_have_count(0)
    assert result_count(page) == everyone
    screenshot("2-directory-filters-cleared")


def test_search_with_a_typo_shows_the_right_name_at_once(page: Page, site, screenshot):
    page.goto(site + "/")
    page.get_by_role("searchbox", name="Rechercher dans le portail").fill("Wagralin")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=Wagralin"))

    # The corrected results at once, with a way back to the words as typed.
    expect(page.locator("h1")).to_have_text("Résultats pour « Wagralim »")
    as_typed = page.get_by_role("link", name="Rechercher plutôt « Wagralin »")
    expect(as_typed).to_be_visible()
    # One search box on the search page.
    expect(page.get_by_role("searchbox")).to_have_count(1)

    page.locator('main a[href="/clusters/wagralim/"]').first.click()
    expect(page).to_have_url(f"{site}/clusters/wagralim/")
    expect(page.locator("h1")).to_have_text("Wagralim")
    screenshot("3-search-typo-suggestion-result")


def focused(page: Page) -> dict:
    """What has the keyboard focus, and whether it is shown."""
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          const style = getComputedStyle(el);
          const box = el.getBoundingClientRect();
          return {
            tag: el.tagName.toLowerCase(), id: el.id, cls: el.className,
            text: (el.innerText || "").trim(), inMain: !!el.closest("main"),
            outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
            shadow: style.boxShadow !== "none",
            visible: box.width > 0 && box.height > 0 && box.top >= 0 && box.left >= 0,
          };
        }"""
    )


def test_keyboard_only_skip_link_and_visible_focus(page: Page, site, screenshot):
    page.goto(site + "/actors/")

    page.keyboard.press("Tab")
    skip = focused(page)
    assert "skip-link" in skip["cls"], "the first Tab must reach the skip link"
    assert skip["visible"], "the focused skip link must come on screen"
    assert skip["outline"] or skip["shadow"], "focus must be visible"

    page.keyboard.press("Tab")
    header_link = focused(page)
    assert header_link["tag"] == "a" and not header_link["inMain"]
    assert header_link["outline"] and header_link["shadow"], "focus must be visible"

    # Back to the skip link, then follow it: the focus moves to <main>.
    page.keyboard.press("Shift+Tab")
    assert "skip-link" in focused(page)["cls"]
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main-content$"))
    assert focused(page)["id"] == "main-content"

    # The next Tab lands inside the main content, past the header's links.
    page.keyboard.press("Tab")
    first_in_main = focused(page)
    assert first_in_main["inMain"] and first_in_main["visible"]
    assert first_in_main["outline"] or first_in_main["shadow"]

    # A filter can be followed with the keyboard alone.
    page.locator("section[aria-labelledby=facet-pillar] a.facet-value").first.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"pillar="))
    page.keyboard.press("Tab")
    screenshot("4-keyboard-skip-link-focus")


def test_narrow_mobile_viewport_has_no_horizontal_scroll(page: Page, site, screenshot):
    page.set_viewport_size({"width": 375, "height": 812})
    for path in [
        "/",
        f"/hubs/{HUB}/",
        "/actors/?domain=hydrogene&pillar=corporate",
        "/search/?q=hydrogene",
        "/pillars/",
        "/actors/",
    ]:
        page.goto(site + path)
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], f"{path}: {widths[0]}px wide in a {widths[1]}px screen"
        expect(page.locator("h1")).to_be_visible()
    screenshot("5-mobile-375px-directory")
