"""Site-wide search on SQLite and PostgreSQL: accents, stemming, typos, grouping, drafts."""

import pytest
from django.db import connection
from django.urls import reverse

from actors.models import Actor, Person
from clusters.models import Cluster
from ecosystem.models import Domain, Pillar
from ecosystem.pages.search import SEARCH_TYPES, SEARCH_TYPES_BY_KEY, SUGGESTED_TYPES
from ecosystem.search.engine import (
    clean_query,
    match_queryset,
    parse_query,
    search_site,
    snippet,
    suggest,
)

pytestmark = pytest.mark.django_db

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="French stemming and pg_trgm similarity exist only on PostgreSQL",
)


@pytest.fixture
def corpus():
    """A few records with accents, plurals and a draft, unlike any real content."""
    domain = Domain.objects.create(
        slug="zz-energie-test",
        name="Énergie zéphyrienne",
        description="Production d'ÉNERGIE par le zéphyr.",
        is_published=True,
    )
    pole = Cluster.objects.create(
        slug="zz-quorvalim",
        name="Quorvalim",
        kind=Cluster.Kind.POLE,
        description="Pôle de l'agro-industrie quorvalienne.",
        is_published=True,
    )
    actor = Actor.objects.create(
        slug="zz-plastiquor",
        name="Plastiquor",
        kind=Actor.Kind.COMPANY,
        pillar=Pillar.CORPORATE,
        description="Recyclage de bouteilles plastiques zéphyriennes.",
        aliases="PQR\nPlastiques du Quorvan",
        is_published=True,
    )
    text_match = Actor.objects.create(
        slug="zz-autre",
        name="Autre société",
        kind=Actor.Kind.COMPANY,
        pillar=Pillar.CORPORATE,
        description="Fournit Plastiquor en granulés.",
        is_published=True,
    )
    draft = Actor.objects.create(
        slug="zz-draft-zephyr",
        name="Zéphyr secret",
        kind=Actor.Kind.STARTUP,
        pillar=Pillar.ENTREPRENEUR,
        description="Brouillon zéphyrien.",
        is_published=False,
    )
    person = Person.objects.create(slug="zz-elodie", name="Élodie Zéphyrin", is_published=True)
    return {
        "domain": domain,
        "pole": pole,
        "actor": actor,
        "text_match": text_match,
        "draft": draft,
        "person": person,
    }


def slugs(queryset):
    return set(queryset.values_list("slug", flat=True))


class TestAccentsAndCase:
    @pytest.mark.parametrize("query", ["energie zephyrienne", "ÉNERGIE ZÉPHYRIENNE", "Énergie"])
    def test_accents_and_case_do_not_matter(self, corpus, query):
        assert "zz-energie-test" in slugs(match_queryset(Domain.objects.published(), query))

    def test_unaccented_record_found_by_accented_query(self, corpus):
        found = match_queryset(Actor.objects.published(), "PLÂSTIQUOR")
        assert "zz-plastiquor" in slugs(found)

    def test_every_word_must_match(self, corpus):
        assert not slugs(match_queryset(Domain.objects.all(), "zephyrienne wagonnet"))

    def test_aliases_are_searchable(self, corpus):
        assert "zz-plastiquor" in slugs(match_queryset(Actor.objects.all(), "quorvan"))

    def test_plural_finds_singular(self, corpus):
        corpus["actor"].description = "Recyclage de plastique."
        corpus["actor"].save()
        assert "zz-plastiquor" in slugs(match_queryset(Actor.objects.all(), "plastiques"))

    def test_exclusion(self, corpus):
        found = slugs(match_queryset(Actor.objects.all(), "plastiquor -granules"))
        assert "zz-plastiquor" in found
        assert "zz-autre" not in found


class TestSiteSearch:
    def test_groups_with_counts_and_drafts_hidden(self, corpus):
        groups = {
            group.search_type.key: group for group in search_site("zephyrienne", SEARCH_TYPES)
        }
        assert groups["domains"].count == 1
        assert [hit.title for hit in groups["actors"].hits] == ["Plastiquor"]
        assert groups["actors"].count == 1  # the draft is never found

    def test_name_match_ranks_first(self, corpus):
        groups = {group.search_type.key: group for group in search_site("plastiquor", SEARCH_TYPES)}
        assert [hit.title for hit in groups["actors"].hits] == ["Plastiquor", "Autre société"]

    def test_page_lists_groups_and_highlights(self, client, corpus):
        response = client.get(reverse("ecosystem:search"), {"q": "zephyrienne"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Domaines" in html and "Énergie zéphyrienne" in html
        assert "<mark>zéphyriennes</mark>" in html or "<mark>Zéphyrienne</mark>" in html
        assert "Zéphyr secret" not in html

    def test_one_type_paginated(self, client, corpus):
        response = client.get(reverse("ecosystem:search"), {"q": "plastiquor", "type": "actors"})
        assert response.status_code == 200
        assert "Autre société" in response.content.decode()

    def test_empty_query_is_a_helpful_page(self, client, corpus):
        response = client.get(reverse("ecosystem:search"))
        assert response.status_code == 200
        assert "Rechercher dans le portail" in response.content.decode()

    def test_drafts_never_in_page(self, client, corpus):
        response = client.get(reverse("ecosystem:search"), {"q": "secret"})
        assert "Zéphyr secret" not in response.content.decode()

    @pytest.mark.parametrize(
        "query",
        [
            '"',
            '""',
            "%",
            "_",
            "\\",
            "<script>alert(1)</script>",
            "a\x00b\x1fc",
            "' OR 1=1 --",
            "-",
            "&|!():*",
            "日本語 😀",
        ],
    )
    def test_hostile_input_never_fails(self, client, corpus, query):
        response = client.get(reverse("ecosystem:search"), {"q": query, "type": "actors"})
        assert response.status_code == 200
        assert b"<script>alert(1)</script>" not in response.content

    @pytest.mark.parametrize("query", ["x" * 5000, "énergie " * 300])
    def test_oversized_input_gets_a_clear_400(self, client, query):
        response = client.get(reverse("ecosystem:search"), {"q": query, "type": "actors"})
        assert response.status_code == 400
        assert "Demande trop longue" in response.content.decode()

    def test_percent_and_underscore_are_text(self, corpus):
        assert not slugs(match_queryset(Actor.objects.all(), "%"))
        assert not slugs(match_queryset(Actor.objects.all(), "_"))

    def test_long_query_cut(self):
        assert len(clean_query("a" * 5000)) == 200

    def test_query_count(self, client, corpus, django_assert_num_queries):
        # One query per type (11): its best hits, each carrying the match count; then,
        # with fewer than 3 hits (a domain and an actor), one query per suggested type
        # for names close to the query (7).
        with django_assert_num_queries(18):
            client.get(reverse("ecosystem:search"), {"q": "zephyrienne"})
        for index in range(30):
            Actor.objects.create(
                slug=f"zz-bulk-{index}",
                name=f"Zéphyr {index}",
                kind=Actor.Kind.COMPANY,
                pillar=Pillar.CORPORATE,
                is_published=True,
            )
        # One per type (11), then the actors' count and page; no suggestion.
        with django_assert_num_queries(13):
            client.get(reverse("ecosystem:search"), {"q": "zephyr", "type": "actors"})


class TestSuggestions:
    def test_typo_gives_a_suggestion(self, corpus):
        assert "Quorvalim" in suggest("Quorvalin", SUGGESTED_TYPES)

    def test_a_typo_shows_the_corrected_results_at_once(self, client, corpus):
        html = client.get(reverse("ecosystem:search"), {"q": "Quorvalin"}).content.decode()
        assert "Résultats pour « Quorvalim »" in html
        assert 'href="/clusters/zz-quorvalim/"' in html
        assert "Aucun résultat pour « Quorvalin » : voici les résultats pour « Quorvalim »." in html
        assert '<a href="?q=Quorvalin&amp;as_typed=1">Rechercher plutôt « Quorvalin »</a>' in html
        assert "Vouliez-vous dire" not in html

    def test_the_correction_costs_one_more_search(self, client, corpus, django_assert_num_queries):
        # One query per type (11), nothing found; one per suggested type (7); then one
        # per type again for the closest name (11).
        with django_assert_num_queries(29):
            client.get(reverse("ecosystem:search"), {"q": "Quorvalin"})

    def test_the_words_as_typed_on_demand(self, client, corpus):
        query = {"q": "Quorvalin", "as_typed": "1"}
        html = client.get(reverse("ecosystem:search"), query).content.decode()
        assert "Aucun résultat pour « Quorvalin »" in html
        assert "Vouliez-vous dire" in html and '<a href="?q=Quorvalim">Quorvalim</a>' in html
        assert 'href="/clusters/zz-quorvalim/"' not in html

    def test_a_few_results_are_not_corrected(self, client, corpus):
        """Some results: the words found something; names close to them are only proposed."""
        html = client.get(reverse("ecosystem:search"), {"q": "zephyrienne"}).content.decode()
        assert "Rechercher plutôt" not in html
        assert "Résultats pour « zephyrienne »" in html

    @pytest.mark.parametrize("prefix", ["", "/en"])
    def test_real_typo(self, client, prefix):
        html = client.get(f"{prefix}/search/", {"q": "hydrogne"}).content.decode()
        assert "as_typed=1" in html
        assert f'href="{prefix}/domains/hydrogene/"' in html
        assert f'href="{prefix}/hubs/district-cleantech/"' in html

    def test_draft_never_suggested(self, corpus):
        assert "Zéphyr secret" not in suggest("Zephyr secrt", SUGGESTED_TYPES)

    def test_a_long_query_is_not_compared_with_every_name(
        self, client, corpus, django_assert_num_queries
    ):
        """Names are a few words: twelve words found nothing, and no name is close to
        them (their similarity with every name took 4 s at 100,000 actors)."""
        words = "Quorvalin énergie wallonie industrie recherche université entreprise"
        assert suggest(words, SUGGESTED_TYPES) == []
        # One query per type (11), nothing found, no suggestion.
        with django_assert_num_queries(11):
            client.get(reverse("ecosystem:search"), {"q": words})


class TestPostgresOnly:
    @on_postgres
    def test_stemming(self, corpus):
        corpus["actor"].description = "Une bouteille en plastique."
        corpus["actor"].save()
        assert "zz-plastiquor" in slugs(match_queryset(Actor.objects.all(), "plastiques"))
        assert "zz-plastiquor" in slugs(match_queryset(Actor.objects.all(), "bouteilles"))

    @on_postgres
    def test_websearch_phrase(self, corpus):
        assert "zz-autre" in slugs(match_queryset(Actor.objects.all(), '"fournit plastiquor"'))
        assert not slugs(match_queryset(Actor.objects.all(), '"plastiquor fournit"'))

    @on_postgres
    def test_full_text_index_is_usable(self, corpus):
        from django.db import connection as conn

        queryset = match_queryset(Actor.objects.all(), "plastiquor")
        sql, params = queryset.query.sql_with_params()
        with conn.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "actors_actor_fts_idx" in plan


def test_parse_query():
    parsed = parse_query('Hydrogène "capture du carbone" -ciment')
    assert parsed.include == ["hydrogene", "capture du carbone"]
    assert parsed.exclude == ["ciment"]


def test_snippet_highlights_without_accents_and_escapes():
    html = snippet(["<b>Énergie</b> verte et hydrogène"], ["energie"])
    assert "<mark>Énergie</mark>" in html
    assert "&lt;b&gt;" in html


class TestRealContent:
    """Every record of the documents is found by its name, with or without accents."""

    @pytest.mark.parametrize("key", ["clusters", "actors", "people", "projects", "concepts"])
    def test_every_record_found_by_its_name(self, key):
        from ecosystem.core.text import normalise
        from ecosystem.search.engine import search_type_queryset

        search_type = SEARCH_TYPES_BY_KEY[key]
        records = list(search_type.model.objects.published())
        assert records
        missing = []
        for record in records:
            name = getattr(record, search_type.title_field)
            for query in (name, normalise(name), name.upper()):
                if not search_type_queryset(search_type, query).filter(pk=record.pk).exists():
                    missing.append(query)
        assert not missing

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("energie", "Énergie"),
            ("hydrogene", "Hydrogène"),
            ("wagralim", "Wagralim"),
            ("friches industrielles", "Porte Ouest"),
        ],
    )
    def test_main_words_find_records(self, query, expected):
        titles = [hit.title for group in search_site(query, SEARCH_TYPES) for hit in group.hits]
        assert any(expected in title for title in titles), titles

    @pytest.mark.parametrize("query", ["400000", "400 000", "400.000", "400k", "400,000"])
    def test_a_number_in_any_common_writing_finds_what_its_digits_name(self, query):
        """« max 400 000 €/an » (the pôles' funding) whatever the thousands look like."""

        def found(text):
            return {h.url for g in search_site(text, SEARCH_TYPES) for h in g.hits}

        hits = found(query)
        assert hits and hits == found("400 000")
