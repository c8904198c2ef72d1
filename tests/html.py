"""Reading a rendered public page: is it well formed, what does it list."""

import re


def assert_well_formed(response):
    """One <main>, one <h1>, French, a real title and a meta description."""
    html = response.content.decode()
    assert response.status_code == 200, response.request["PATH_INFO"]
    assert html.count("<main") == 1
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert '<html lang="fr">' in html
    assert 'href="#main-content"' in html and 'id="main-content"' in html
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()
    assert not title.startswith("—"), title
    description = re.search(r'<meta name="description" content="([^"]*)"', html).group(1)
    assert description.strip()
    assert 'action="/search/"' in html
    assert "CC BY 4.0" in html
    # No script but JSON-LD data blocks, which browsers never run.
    assert not re.search(r'<script(?! type="application/ld\+json">)', html)
    assert "style=" not in html
    return html


def page(client, url, **params):
    """The page's HTML, which must answer 200."""
    response = client.get(url, params)
    assert response.status_code == 200, (url, params, response.status_code)
    return response.content.decode()


def names_listed(html):
    """The card titles of a directory page."""
    return set(re.findall(r'class="card-title"><a href="[^"]*">([^<]*)</a>', html))
