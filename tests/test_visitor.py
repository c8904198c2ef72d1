"""A first visit without rough edges: results before filters, an icon, no 404 on the way."""

import pytest
from django.urls import reverse

from tests.conftest import needs_content

pytestmark = [pytest.mark.django_db, needs_content]

DIRECTORIES = ["actors:actor_list", "actors:project_list", "clusters:cluster_list"]


@pytest.mark.parametrize("route", DIRECTORIES)
def test_results_come_before_the_filters(client, route):
    """On a phone the page reads top to bottom: the results first, a link down to the filters."""
    html = client.get(reverse(route)).content.decode()
    results = html.index('id="results-title"')
    assert results < html.index('href="#facets-title"') < html.index('id="facets-title"')
    assert html.index('class="cards"') < html.index('id="facets-title"')


def test_the_site_has_an_icon(client):
    html = client.get("/").content.decode()
    assert 'rel="icon" href="/static/favicon.svg"' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/favicon.svg"
