"""English content: every public record translated, shown in English under /en/,
French fallbacks marked, lists in each language's alphabetical order, search in English."""

import re
from html import unescape

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from modeltranslation.translator import translator

from clusters.models import Cluster
from ecosystem.core.markdown import plain
from ecosystem.core.text import normalise
from ecosystem.models import Domain
from tests.conftest import needs_content
from tests.urls import LIST_PAGES

pytestmark = [pytest.mark.django_db, needs_content]

# Detail pages: a public link <a href="/en/<section>/<slug>/">.
RECORD_LINK = re.compile(r'<a href="/en/([a-z-]+)/([a-z0-9-]+)/"([^>]*)>([^<]+)</a>')
SECTIONS = {
    "hubs": "clusters.Cluster",
    "clusters": "clusters.Cluster",
    "actors": "actors.Actor",
    "projects": "actors.Project",
    "domains": "ecosystem.Domain",
    "territories": "ecosystem.Territory",
    "concepts": "ecosystem.Concept",
    "policies": "ecosystem.Policy",
    "events": "ecosystem.Event",
    "milestones": "ecosystem.Milestone",
}


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def public_records(model):
    """The records of ``model`` the public sees: published, or linking published ends."""
    return model._default_manager.published()


def test_every_public_text_has_its_english_version():
    """100% of public records: each translated field written in French is written in English."""
    missing = []
    for model in translator.get_registered_models():
        fields = [f for f in translator.get_options_for_model(model).fields if f != "sort_key"]
        for record in public_records(model):
            for field in fields:
                if getattr(record, f"{field}_fr") and not getattr(record, f"{field}_en"):
                    missing.append(f"{model._meta.label} {record.pk} {field}")
    assert not missing, missing


def test_every_french_quote_has_an_english_translation():
    quote_model = apps.get_model("actors", "Quote")
    for quote in public_records(quote_model).select_related("source"):
        translation_field = "text_en" if quote.source.language == "fr" else "text_fr"
        assert getattr(quote, translation_field), quote


# Lists of sources, figures (named by label) and people (names are not translated).
PAGES_WITHOUT_RECORD_NAMES = {
    "ecosystem:source_list",
    "ecosystem:keyfigure_list",
    "actors:person_list",
}


@pytest.mark.parametrize("route", LIST_PAGES)
def test_english_lists_name_every_record_in_english(client, route):
    with translation.override("en"):
        url = reverse(route)
    html = get(client, url)
    checked = 0
    for section, slug, attributes, text in RECORD_LINK.findall(html):
        label = SECTIONS.get(section)
        if label is None:
            continue
        record = apps.get_model(label)._default_manager.filter(slug=slug).first()
        text = unescape(text).strip()
        if record is None or text not in (record.name_fr, record.name_en):
            continue  # another link to the record (« see the graph »…)
        checked += 1
        if text == record.name_fr != record.name_en:
            # A French name is shown only where there is no English one, and marked so.
            assert not record.name_en and 'lang="fr"' in attributes, (
                f"{url}: {record.name_fr!r} shown instead of {record.name_en!r}"
            )
    if route not in PAGES_WITHOUT_RECORD_NAMES:
        assert checked, f"{url} names no record"


@pytest.mark.parametrize("section", sorted(set(SECTIONS) - {"hubs"}))
def test_english_detail_pages_title_and_describe_in_english(client, section):
    model = apps.get_model(SECTIONS[section])
    records = public_records(model)
    if hasattr(model, "description_en"):
        records = records.exclude(description_en="")
    record = records.first()
    if section == "clusters" and record.kind == Cluster.Kind.HUB:
        section = "hubs"
    html = get(client, f"/en/{section}/{record.slug}/")
    assert f"<h1>{record.name_en}</h1>" in unescape(html)
    if hasattr(model, "description_en") and record.description_fr != record.description_en:
        # The first words of the English description, never the French ones.
        text = " ".join(unescape(strip_tags(html)).split())
        assert " ".join(plain(record.description_en).split()[:5]) in text
        assert " ".join(plain(record.description_fr).split()[:8]) not in text


def test_untranslated_record_falls_back_to_french_marked_as_such(client):
    domain = Domain.objects.create(
        slug="t-non-traduit", name_fr="Énergie géothermique", is_published=True
    )
    assert domain.name_en in ("", None)
    html = get(client, "/en/domains/")
    assert 'lang="fr">Énergie géothermique</a>' in html
    html = get(client, "/en/domains/t-non-traduit/")
    assert '<h1 lang="fr">Énergie géothermique</h1>' in html
    assert 'lang="fr"' not in get(client, "/domains/t-non-traduit/").split("<main")[1]


ACCENTED = ["Aéronautique", "Agroalimentaire", "Décarbonation", "Données", "Eau", "Économie",
            "énergie verte", "Sidérurgie"]  # fmt: skip


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_lists_sort_accents_and_case_ignored(client, language):
    for index, name in enumerate(reversed(ACCENTED)):
        Domain.objects.create(
            slug=f"t-tri-{index}", name_fr=name, name_en=f"Zz {name}", is_published=True
        )
    with translation.override(language):
        names = [domain.name for domain in Domain.objects.filter(slug__startswith="t-tri-")]
    expected = ACCENTED if language == "fr" else [f"Zz {name}" for name in ACCENTED]
    assert names == expected
    # And on the page, the whole list is in the reader's order.
    prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
    html = get(client, f"{prefix}/domains/?page=1")
    links = re.findall(r'<a href="[^"]*/domains/[^"/]+/"[^>]*>([^<]+)</a>', html)
    shown = [unescape(name) for name in links]
    keys = [normalise(name) for name in shown]
    assert keys == sorted(keys)


def test_english_search_finds_french_records_by_their_english_words(client):
    html = get(client, "/en/search/?q=hydrogen")
    assert 'href="/en/domains/hydrogene/"' in html
    html = get(client, "/en/search/?q=circular+economy")
    circular = Domain.objects.get(name_en__iexact="Circular economy")
    assert f'href="/en/domains/{circular.slug}/"' in html
    # French words still work on the English site, and English ones on the French site.
    assert 'href="/en/domains/hydrogene/"' in get(client, "/en/search/?q=hydrog%C3%A8ne")
    assert 'href="/domains/hydrogene/"' in get(client, "/search/?q=hydrogen")


def test_english_interface_has_no_french_typography(client):
    html = get(client, "/en/actors/?domain=hydrogene&pillar=corporate")
    assert "hydrogène, Wagralim" not in html
    assert 'placeholder="hydrogen, Wagralim…"' in html
    # The active filters read "Pillar: Corporates", without the French space before the colon.
    chips = re.findall(r'class="chip">([^<]+)<', html)
    assert chips and all(" :" not in chip and ": " in chip for chip in chips)
    french = get(client, "/actors/?domain=hydrogene&pillar=corporate")
    assert all(" : " in chip for chip in re.findall(r'class="chip">([^<]+)<', french))
    # Downloads are offered for a list with results only.
    assert "Download these results:" in get(client, "/en/actors/?pillar=corporate")
    assert "Télécharger ces résultats\u00a0:" in get(client, "/actors/?pillar=corporate")
