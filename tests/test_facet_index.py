"""Counting a directory list: the facet index (ecosystem/directory/facet_index.py) gives
the counts and the pages SQL gives, is built once and shared, and leaves the text
searched to SQL (ecosystem/directory/counting.py)."""

import itertools
from urllib.parse import urlencode

import pytest
from django.http import QueryDict

from actors.filters import ActorFilter, ProjectFilter
from actors.models import Actor, Project
from clusters.filters import ClusterFilter
from clusters.models import Cluster
from tests.factories import grow

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("filterset_class", "model"),
    [(ActorFilter, Actor), (ProjectFilter, Project), (ClusterFilter, Cluster)],
)
def test_the_facet_index_counts_what_sql_counts(world, filterset_class, model):
    """Every count the facet index gives (results, each facet's values) is the one SQL
    gives, for each value of each facet alone, two values of a facet (OR) and values of
    two facets (AND), on the world and the real content, drafts and all."""
    from ecosystem.directory.counting import Counter
    from ecosystem.directory.facets import facet_choices

    grow(world, 5)
    base = model.objects.published()
    names = filterset_class.facets
    values = {name: [v for v, _label in facet_choices(filterset_class(), name)] for name in names}
    states = [{}]
    for name in names:
        states += [{name: [v]} for v in values[name]]
        states.append({name: values[name][:2]})
    for first, second in itertools.combinations(names, 2):
        states += [{first: [a], second: [b]} for a in values[first][:4] for b in values[second][:4]]
    for state in states:
        filterset = filterset_class(QueryDict(urlencode(state, doseq=True)), queryset=base)
        cleaned = filterset.form.cleaned_data if filterset.form.is_valid() else {}
        indexed = Counter(filterset, base, cleaned)
        in_sql = Counter(filterset, base, cleaned, use_index=False)
        assert indexed.uses_index, state
        assert indexed.total() == in_sql.total() == filterset.qs.count(), state
        for name in names:
            sql = in_sql.facet(name)
            from_index = indexed.facet(name)
            assert [from_index.get(v, 0) for v in values[name]] == [
                sql.get(v, 0) for v in values[name]
            ], (state, name)


def test_a_text_search_is_counted_in_sql(world):
    from ecosystem.directory.counting import Counter

    base = Actor.objects.published()
    filterset = ActorFilter(QueryDict("q=hydrog%C3%A8ne&pillar=corporate"), queryset=base)
    cleaned = filterset.form.cleaned_data if filterset.form.is_valid() else {}
    counter = Counter(filterset, base, cleaned)
    assert not counter.uses_index
    assert counter.total() == filterset.qs.count() > 0


def test_the_facet_index_is_built_once_and_shared_through_the_cache(client, world, monkeypatch):
    """The first process builds it; another (here: the same, its memory emptied) loads it."""
    from ecosystem.directory import facet_index

    builds = []
    build = facet_index.FacetIndex.build
    monkeypatch.setattr(
        facet_index.FacetIndex, "build", lambda *args: builds.append(1) or build(*args)
    )
    client.get("/actors/?pillar=corporate")
    facet_index._indexes.clear()
    html = client.get("/actors/?pillar=corporate&domain=t-hydrogene").content.decode()
    assert len(builds) == 1
    assert "Acme" in html


@pytest.mark.parametrize("few", [5000, 0], ids=["sorted", "walked"])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_page_read_from_the_facet_index_is_the_page_sql_gives(world, monkeypatch, few, language):
    """In the default order (by title in the reader's language), both ways of reading."""
    from django.utils import translation

    from ecosystem.directory.counting import Counter
    from ecosystem.directory.facet_index import FacetIndex

    grow(world, 30)
    monkeypatch.setattr(FacetIndex, "FEW", few)
    base = Actor.objects.published()
    for query in ["", "pillar=corporate", "domain=t-hydrogene&domain=t-ccu", "kind=company"]:
        filterset = ActorFilter(QueryDict(query), queryset=base)
        cleaned = filterset.form.cleaned_data if filterset.form.is_valid() else {}
        read = Counter(filterset, base, cleaned).page_reader(language)
        with translation.override(language):
            expected = list(ActorFilter.sorts[0].apply(filterset.qs).values_list("pk", flat=True))
            for start, stop in [(0, 24), (5, 10), (24, 48), (0, len(expected) + 3)]:
                assert read(start, stop) == expected[start:stop], query


def test_the_facet_index_ignores_a_record_published_while_it_is_built(world, monkeypatch):
    """Its queries are not one snapshot: a key the first did not see is left out."""
    from ecosystem.directory.facet_index import FacetIndex

    base = Actor.objects.published()
    first_keys = list(base.order_by("pk").values_list("pk", flat=True))
    late = first_keys.pop()  # as if published after the index read the records
    original = type(base).values_list

    def keys_without_late(self, *fields, **options):
        if fields == ("pk",) and options.get("flat") and self.query.order_by == ("pk",):
            return list(first_keys)
        return original(self, *fields, **options)

    monkeypatch.setattr(type(base), "values_list", keys_without_late)
    index = FacetIndex.build(base, {"pillar": "pillar"}, ActorFilter.sorts[0])
    assert late not in index.keys
    assert index.count({}) == len(first_keys)
    assert late not in index.page({}, "fr", 0, len(first_keys) + 1)
