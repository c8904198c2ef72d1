"""Property-based test: no parameter value, however odd, makes a list page fail."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.urls import LIST_PAGES, paths

pytestmark = pytest.mark.django_db

PARAMETERS = [
    "q",
    "page",
    "type",
    "domain",
    "pillar",
    "kind",
    "territory",
    "cluster",
    "status",
]

# Every code point but lone surrogates, which cannot travel in a URL at all.
any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)
odd_values = st.one_of(
    any_text,
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "1e9",
            "NaN",
            "%00",
            "\x00",
            "<script>",
            "'",
            '"',
            "\\",
            "%",
            "_",
            "hydrogene",
        ]
    ),
)
queries = st.dictionaries(
    st.sampled_from(PARAMETERS), st.lists(odd_values, min_size=1, max_size=4), max_size=5
)


@pytest.mark.parametrize("url", paths(LIST_PAGES))
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(params=queries)
def test_no_server_error(client, url, params):
    response = client.get(url, params)
    assert response.status_code < 500, (url, params)


@pytest.mark.parametrize(
    "url",
    ["/actors/%00/", "/clusters/..%2F/", "/hubs/%C3%A9nergie/", "/projects/" + "a" * 500 + "/"],
)
def test_malformed_slugs_are_404(client, url):
    assert client.get(url).status_code == 404
