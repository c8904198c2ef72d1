"""English: the interface translated, French at the unprefixed URLs, English under /en/.

Content falls back to French field by field where no English version exists.
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from clusters.models import Cluster
from ecosystem.models import Domain
from tests.conftest import needs_content
from tests.urls import LIST_PAGES, paths

pytestmark = [pytest.mark.django_db, needs_content]

PO_FILE = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"

# Every list page, then filtered lists, detail pages and a search.
PAGES = [
    *paths(LIST_PAGES),
    "/actors/?domain=hydrogene&pillar=corporate",
    "/hubs/district-cleantech/",
    "/clusters/?kind=pole",
    "/domains/hydrogene/",
    "/graph/cluster/district-cleantech/",
    "/search/?q=hydrog%C3%A8ne",
]


def get(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response.content.decode()


def nav(html):
    return html[html.index('class="wrap main-nav"') : html.index("</nav>", html.index("main-nav"))]


class TestInterface:
    def test_english_pages_answer_in_english(self, client):
        html = get(client, "/en/actors/")
        assert '<html lang="en">' in html
        menu = nav(html)
        for label in (
            "Actors",
            "Projects",
            "Domains",
            "Clusters and poles",
            "Map",
            "Actors by pillar",
            "About",
        ):
            assert f">{label}</a>" in menu, label
        assert "Acteurs" not in menu
        assert "Actors of the ecosystem" in html and "Skip to content" in html

    def test_french_stays_at_the_unprefixed_urls(self, client):
        # Even for a browser asking for English: the URL decides, not the header.
        html = get(client, "/actors/", HTTP_ACCEPT_LANGUAGE="en")
        assert '<html lang="fr">' in html
        menu = nav(html)
        assert ">Acteurs</a>" in menu and ">Actors</a>" not in menu
        assert 'href="/actors/"' in menu

    def test_english_links_stay_in_english(self, client):
        html = get(client, "/en/hubs/district-cleantech/")
        assert 'href="/en/actors/"' in nav(html)
        assert 'href="/en/graph/cluster/district-cleantech/"' in html
        assert 'action="/en/search/"' in html
        with translation.override("en"):
            assert reverse("actors:actor_list") == "/en/actors/"
        with translation.override("fr"):
            assert reverse("actors:actor_list") == "/actors/"

    @pytest.mark.parametrize("url", PAGES)
    def test_every_page_in_both_languages(self, client, url):
        for prefix, lang in (("", "fr"), ("/en", "en")):
            html = get(client, prefix + url)
            assert f'<html lang="{lang}">' in html
            assert html.count("<main") == 1 and len(re.findall(r"<h1[\s>]", html)) == 1

    def test_filtered_directory_in_english(self, client):
        html = get(client, "/en/actors/?domain=hydrogene")
        assert "Domain: Hydrogen" in html  # the active filter, English name and typography
        assert "Refine" in html

    def test_not_prefixed_outside_the_public_pages(self, client):
        assert client.get("/en/admin/").status_code == 404
        assert client.get("/admin/").status_code == 302
        assert client.get("/healthz").status_code == 200
        assert client.get("/en/healthz").status_code == 404


class TestAlternates:
    @pytest.mark.parametrize("url", PAGES)
    def test_hreflang_on_every_page(self, client, url):
        html = get(client, url)
        links = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
        expected_en = "http://testserver/en" + url.replace("&", "&amp;")
        assert links["fr"] == "http://testserver" + url.replace("&", "&amp;")
        assert links["en"] == expected_en
        assert links["x-default"] == links["fr"]

    def test_switcher_links_to_the_same_page_with_its_filters(self, client):
        html = get(client, "/actors/?domain=hydrogene")
        switcher = html[html.index('class="language-switcher"') :]
        switcher = switcher[: switcher.index("</nav>")]
        assert 'href="http://testserver/en/actors/?domain=hydrogene" hreflang="en"' in switcher
        assert 'aria-current="true" lang="fr"' in switcher
        html = get(client, "/en/actors/?domain=hydrogene")
        assert 'href="http://testserver/actors/?domain=hydrogene" hreflang="fr"' in html


class TestContent:
    def test_english_name_when_there_is_one(self, client):
        domain = Domain.objects.get(slug="hydrogene")
        assert domain.name_en and domain.name_en != domain.name_fr
        assert f"<h1>{domain.name_en}</h1>" in get(client, "/en/domains/hydrogene/")
        assert f"<h1>{domain.name_fr}</h1>" in get(client, "/domains/hydrogene/")

    def test_french_fallback_is_marked_french(self, client):
        hub = Cluster.objects.get(slug="district-cleantech")
        hub.name_en = hub.description_en = ""
        hub.save()
        html = get(client, "/en/hubs/district-cleantech/")
        assert f'<h1 lang="fr">{hub.name_fr}</h1>' in html
        assert '<div class="prose" lang="fr">' in html
        html = get(client, "/en/hubs/")
        assert f'lang="fr">{hub.name_fr}</a>' in html
        # In French, French text needs no mark.
        assert f"<h1>{hub.name_fr}</h1>" in get(client, "/hubs/district-cleantech/")

    def test_english_description_replaces_french_field_by_field(self, client):
        hub = Cluster.objects.get(slug="district-cleantech")
        hub.name_en = ""
        hub.description_en = "The cleantech hub of Charleroi."
        hub.save()
        html = get(client, "/en/hubs/district-cleantech/")
        assert "The cleantech hub of Charleroi." in html
        assert f'<h1 lang="fr">{hub.name_fr}</h1>' in html  # the name still falls back
        assert "The cleantech hub of Charleroi." not in get(client, "/hubs/district-cleantech/")

    def test_record_reads_the_active_language_without_a_request(self):
        domain = Domain.objects.get(slug="hydrogene")
        with translation.override("en"):
            assert domain.name == domain.name_en == "Hydrogen"
        with translation.override("fr"):
            assert domain.name == domain.name_fr == "Hydrogène"


def po_entries():
    """(msgid, msgstrs, flags) of each entry of the English catalogue."""
    entries = []
    for block in PO_FILE.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if line.strip()]
        flags = " ".join(line for line in lines if line.startswith("#,"))
        current, fields = None, {}
        for line in lines:
            if line.startswith("#"):
                continue
            match = re.match(r'(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif current:
                fields[current] += line.strip()[1:-1]
        if "msgid" in fields:
            strs = [value for key, value in fields.items() if key.startswith("msgstr")]
            entries.append((fields["msgid"], strs, flags))
    return entries


class TestCatalogue:
    def test_every_string_translated_none_fuzzy(self):
        entries = po_entries()
        assert len(entries) > 400
        for msgid, msgstrs, flags in entries:
            assert "fuzzy" not in flags, msgid
            if msgid:
                assert msgstrs and all(msgstrs), f"untranslated: {msgid!r}"

    def test_compiled_catalogue_is_there(self):
        assert PO_FILE.with_suffix(".mo").exists()
        with translation.override("en"):
            assert translation.gettext("Acteurs") == "Actors"
