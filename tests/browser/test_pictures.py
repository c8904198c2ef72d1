"""The map, the graphs and the charts as Chromium draws them, on a 375 px phone and a
1366 px desktop: targets of at least 24 px (WCAG 2.2), labels that neither overlap
nor leave their picture, text no smaller than 11 px.

The layout is computed on the server from estimated text widths (DejaVu Sans, the
font Debian's Chromium uses here); these tests measure what the browser really drew.
Each page's phone view is kept under artifacts/screenshots/ (phone-*.png).
"""

import pytest
from playwright.sync_api import Page

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1366, "height": 900}

# What the browser drew in the one visible SVG matching ``selector``: the picture's box,
# its scale, and every target and label, in CSS pixels.
MEASURE = """(selector) => {
  const svg = [...document.querySelectorAll(selector)].find(
    (el) => getComputedStyle(el).display !== "none");
  if (!svg) return null;
  const frame = svg.getBoundingClientRect();
  const scale = frame.width / svg.viewBox.baseVal.width;
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return {x0: r.left, y0: r.top, x1: r.right, y1: r.bottom, w: r.width, h: r.height};
  };
  const texts = [...svg.querySelectorAll("text")].filter((t) => !t.closest("defs"));
  return {
    top: frame.top + window.scrollY,
    frame: box(svg),
    targets: [...svg.querySelectorAll("a")].map((a) => ({
      name: a.querySelector("title").textContent, ...box(a)})),
    labels: texts.filter((t) => !t.classList.contains("marker-count")).map((t) => ({
      text: t.textContent, px: parseFloat(t.getAttribute("font-size")) * scale, ...box(t)})),
    counts: texts.filter((t) => t.classList.contains("marker-count")).map((t) => ({
      text: t.textContent, px: parseFloat(t.getAttribute("font-size")) * scale})),
  };
}"""


def measure(page: Page, selector: str) -> dict:
    drawn = page.evaluate(MEASURE, selector)
    assert drawn, f"no visible {selector} on {page.url}"
    return drawn


def intersect(a, b, slack=0.5) -> bool:
    return (
        a["x0"] + slack < b["x1"]
        and b["x0"] + slack < a["x1"]
        and a["y0"] + slack < b["y1"]
        and b["y0"] + slack < a["y1"]
    )


def check_picture(drawn: dict, where: str) -> None:
    frame = drawn["frame"]
    for target in drawn["targets"]:
        assert target["w"] >= 24 and target["h"] >= 24, (where, target)
    labels = drawn["labels"]
    for index, label in enumerate(labels):
        assert label["px"] >= 10.9, (where, label)
        assert frame["x0"] - 0.5 <= label["x0"] and label["x1"] <= frame["x1"] + 0.5, (
            where,
            label,
        )
        assert frame["y0"] - 0.5 <= label["y0"] and label["y1"] <= frame["y1"] + 0.5, (
            where,
            label,
        )
        for other in labels[index + 1 :]:
            assert not intersect(label, other), (where, label["text"], other["text"])
    for count in drawn["counts"]:
        assert count["px"] >= 10.9, (where, count)


@pytest.mark.parametrize("language", ["", "/en"])
def test_phone_map_targets_labels_and_place_on_the_page(page: Page, site, screenshot, language):
    page.set_viewport_size(PHONE)
    page.goto(f"{site}{language}/map/")
    drawn = measure(page, "svg.map-svg")
    assert "map-narrow" in page.evaluate(
        "() => [...document.querySelectorAll('svg.map-svg')]"
        ".find((el) => getComputedStyle(el).display !== 'none').getAttribute('class')"
    )
    check_picture(drawn, f"{language}/map/ on a phone")
    assert len(drawn["targets"]) >= 8
    # The map comes before the filters: within the first two screens, not 3,800 px down.
    assert drawn["top"] < 2 * PHONE["height"], drawn["top"]
    # A marker leads to its place in the list under the map.
    page.locator("svg.map-narrow a.marker[href^='#place-']").first.click()
    assert "#place-" in page.url
    if not language:
        screenshot("phone-map")


def test_desktop_map_and_the_list_beside_the_facets(page: Page, site, screenshot):
    page.set_viewport_size(DESKTOP)
    page.goto(f"{site}/map/")
    drawn = measure(page, "svg.map-svg")
    check_picture(drawn, "/map/ on a desktop")
    assert drawn["frame"]["w"] > 700  # the wide drawing
    # No empty column beside the facets: the list of places runs along them.
    boxes = page.evaluate(
        """() => ["facets", "results", "map-more"].map((name) => {
          const r = document.querySelector("." + name).getBoundingClientRect();
          return r.bottom + window.scrollY;
        })"""
    )
    facets, _results, more = boxes
    assert more >= facets - 400, boxes
    screenshot("desktop-map")


@pytest.mark.parametrize(
    "path",
    [
        "/graph/actor/buildwise/",
        "/graph/cluster/district-cleantech/",
        "/graph/actor/region-wallonne/",
        "/hubs/district-cleantech/",
        "/en/graph/project/ligne-prefabrication-renovation/",
    ],
)
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_graph_targets_and_labels(page: Page, site, path, viewport):
    page.set_viewport_size(viewport)
    page.goto(site + path)
    drawn = measure(page, "svg.graph-svg")
    check_picture(drawn, f"{path} at {viewport['width']} px")
    assert drawn["targets"], path


@pytest.mark.parametrize("language", ["", "/en"])
def test_pillars_chart_labels_are_whole_and_no_wall_of_zeros(page: Page, site, language):
    page.set_viewport_size(PHONE)
    page.goto(f"{site}{language}/pillars/")
    charts = page.evaluate(
        """() => [...document.querySelectorAll(".chart svg")].map((svg) => {
          const frame = svg.getBoundingClientRect();
          const scale = frame.width / svg.viewBox.baseVal.width;
          return {
            frame: {x0: frame.left, x1: frame.right},
            labels: [...svg.querySelectorAll("text.chart-label")].map((t) => {
              const r = t.getBoundingClientRect();
              return {text: t.textContent, x0: r.left, x1: r.right,
                      px: parseFloat(t.getAttribute("font-size")) * scale};
            }),
          };
        })"""
    )
    assert charts
    for chart in charts:
        for label in chart["labels"]:
            assert chart["frame"]["x0"] - 0.5 <= label["x0"], label
            assert label["x1"] <= chart["frame"]["x1"] + 0.5, label
            assert label["px"] >= 10.9, label
    # The gaps are summed up once, not written in every row.
    assert page.locator("td.missing").count() <= 10
    assert page.locator(".missing-note").count() == 0


PHONE_PAGES = {
    "phone-home": "/",
    "phone-actors": "/actors/",
    "phone-hub": "/hubs/district-cleantech/",
    "phone-pillars": "/pillars/",
    "phone-graph": "/graph/actor/buildwise/",
}


def test_phone_screenshots_of_the_key_pages(page: Page, site, screenshot):
    """Kept by CI as artifacts (artifacts/screenshots/phone-*.png), with phone-map above."""
    page.set_viewport_size(PHONE)
    for name, path in PHONE_PAGES.items():
        page.goto(site + path)
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], (path, widths)
        screenshot(name)
