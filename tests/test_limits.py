"""Security, round two (issue 19): lockout behind the proxy, feeds and admin exports
without live content, bounded queries, a render limit per address, no draft on the
map, the admin export page under the CSP."""

import csv
import io
import runpy
from pathlib import Path
from xml.etree import ElementTree

import pytest
import tablib
from axes.helpers import get_client_ip_address
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from actors.models import Actor
from clusters.models import Cluster
from ecosystem.core.page_cache import STATUS_HEADER
from ecosystem.models import Domain, Pillar, Territory
from tests.conftest import clear_caches
from tests.factories import make
from tests.test_admin import FIELDS, admin_url, editor  # noqa: F401 (fixture)

PROJECT_DIR = Path(__file__).resolve().parent.parent
PROXY = "10.0.0.1"
PROXY_SETTINGS = ("AXES_CLIENT_IP_CALLABLE", "TRUSTED_PROXIES")


@pytest.fixture
def behind_proxy(settings, monkeypatch):
    """The settings DJANGO_BEHIND_PROXY=1 and DJANGO_TRUSTED_PROXIES=<the proxy> give,
    read from config/settings.py itself."""
    monkeypatch.setenv("DJANGO_BEHIND_PROXY", "1")
    monkeypatch.setenv("DJANGO_TRUSTED_PROXIES", PROXY)
    production = runpy.run_path(str(PROJECT_DIR / "config" / "settings.py"))
    for name in PROXY_SETTINGS:
        setattr(settings, name, production[name])
    return settings


def via_proxy(client_address: str, sent: str = "") -> dict:
    """What the proxy hands on: its own address, the client's appended to X-Forwarded-For."""
    forwarded = f"{sent}, {client_address}" if sent else client_address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded}


# --- #5: the lockout sees the real client behind the proxy ---------------------------


def test_behind_the_proxy_the_client_address_is_the_one_the_proxy_saw(behind_proxy):
    rf = RequestFactory()
    assert get_client_ip_address(rf.get("/", **via_proxy("203.0.113.5"))) == "203.0.113.5"
    # What a client writes in the header itself is not believed.
    spoofed = rf.get("/", **via_proxy("203.0.113.5", sent="198.51.100.9"))
    assert get_client_ip_address(spoofed) == "203.0.113.5"
    assert get_client_ip_address(rf.get("/", REMOTE_ADDR="192.0.2.4")) == "192.0.2.4"


@pytest.mark.django_db
@pytest.mark.axes
def test_a_stranger_cannot_lock_staff_out_from_their_own_address(
    client, django_user_model, behind_proxy
):
    django_user_model.objects.create_superuser("marie", "m@example.be", "right-password-123")
    login_url = reverse("admin:login")
    stranger, staff = via_proxy("198.51.100.66"), via_proxy("203.0.113.5")
    for _ in range(behind_proxy.AXES_FAILURE_LIMIT):
        client.post(login_url, {"username": "marie", "password": "wrong"}, **stranger)
    locked = client.post(
        login_url, {"username": "marie", "password": "right-password-123"}, **stranger
    )
    assert locked.status_code == 429
    # The same user name from the staff member's own address is not locked.
    response = client.post(
        login_url, {"username": "marie", "password": "right-password-123"}, **staff
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_login_attempts_are_limited_per_address_whatever_the_user_name(client, settings):
    settings.PORTAL_LOGIN_RATE = "3/h"
    login_url = reverse("admin:login")
    statuses = [
        client.post(login_url, {"username": f"user{i}", "password": "x"}).status_code
        for i in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    # Another address is not concerned.
    other = client.post(login_url, {"username": "x", "password": "x"}, REMOTE_ADDR="192.0.2.8")
    assert other.status_code == 200


# --- #6: feeds carry no markup from content ------------------------------------------

HOSTILE_NAME = "<b>Gras</b> & Cie"
HOSTILE_TEXT = "Code `<script>alert(1)</script>` et &lt;script&gt;alert(2)&lt;/script&gt; **fin**"


def feed_items(client, url):
    root = ElementTree.fromstring(client.get(url).content)
    rss = root.findall("channel/item")
    if rss:
        return [(i.findtext("title"), i.findtext("description"), i) for i in rss]
    ns = {"a": "http://www.w3.org/2005/Atom"}
    return [
        (e.findtext("a:title", namespaces=ns), e.findtext("a:summary", namespaces=ns), e)
        for e in root.findall("a:entry", ns)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("atom", [False, True])
def test_feeds_carry_no_markup_from_content(client, atom):
    domain = make(Domain, "zz-dom", name="<i>Domaine</i>")
    actor = make(
        Actor,
        "zz-hostile",
        name=HOSTILE_NAME,
        description=HOSTILE_TEXT,
        kind=Actor.Kind.COMPANY,
        pillar=Pillar.CORPORATE,
    )
    actor.domains.add(domain)
    suffix = "atom/" if atom else ""
    for url in (f"/feeds/actors/{suffix}", f"/feeds/domains/zz-dom/{suffix}"):
        items = {title: summary for title, summary, _item in feed_items(client, url)}
        # Summaries are HTML: the text's "<script>" must arrive escaped, not as a tag.
        summary = next(s for s in items.values() if "alert(1)" in s)
        assert "<script" not in summary and "<b>" not in summary
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in summary
        assert "&lt;script&gt;alert(2)" in summary
        # RSS readers read titles as HTML; Atom's are text (no type attribute).
        expected = HOSTILE_NAME if atom else "&lt;b&gt;Gras&lt;/b&gt; &amp; Cie"
        assert expected in items
    channel_title = ElementTree.fromstring(
        client.get(f"/feeds/domains/zz-dom/{suffix}").content
    ).findtext("{http://www.w3.org/2005/Atom}title" if atom else "channel/title")
    assert ("<i>Domaine</i>" if atom else "&lt;i&gt;Domaine&lt;/i&gt;") in channel_title


# --- #7: the admin's exports carry no formula, and come back as they went ------------

FORMULAS = {
    "name": '=HYPERLINK("https://evil.example";"clic")',
    "aliases": "@SUM(A1)",
    "description": "- une liste Markdown\n- deuxième point",
    "description_en": "+33 is not a number here",
    "name_en": "'=already quoted",
}


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_admin_export_neutralises_formulas_and_imports_back_unchanged(client, editor, fmt):  # noqa: F811
    actor = make(Actor, "zz-formulas", kind=Actor.Kind.COMPANY, pillar=Pillar.CORPORATE, **FORMULAS)
    response = client.post(
        admin_url(Actor, "export"),
        {
            "format": {"csv": "0", "xlsx": "1"}[fmt],
            "resource": "0",
            **{f"actorresource_{f}": "on" for f in FIELDS},
        },
    )
    assert response.status_code == 200
    content = response.content
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
        dataset = tablib.Dataset(headers=list(rows[0]))
        for row in rows:
            dataset.append(list(row.values()))
    else:
        dataset = tablib.Dataset().load(content, format="xlsx")
    row = dict(zip(dataset.headers, dataset[dataset["slug"].index("zz-formulas")], strict=True))
    for column, value in FORMULAS.items():
        assert row[column] == "'" + value, column
    for values in dataset:
        for cell in values:
            assert not str(cell or "").startswith(("=", "+", "-", "@", "\t", "\r"))

    # The exported file imported again changes nothing.
    export = dataset.export(fmt)
    upload = SimpleUploadedFile(
        f"acteurs.{fmt}", export.encode() if isinstance(export, str) else export
    )
    response = client.post(
        admin_url(Actor, "import"),
        {"resource": "0", "format": {"csv": "0", "xlsx": "1"}[fmt], "import_file": upload},
    )
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert {row.import_type for row in result.rows} == {"skip"}
    actor.refresh_from_db()
    assert {column: getattr(actor, column) for column in FORMULAS} == FORMULAS


# --- #10 and #11: bounded queries and a render limit per address ---------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "&".join(f"kind={i % 10}" for i in range(600)),  # the 4 KB attack
        "&".join(f"domain=d{i}" for i in range(31)),  # too many values of one filter
        "q=" + "x" * 201,  # an over-long value
        "&".join(f"p{i}=1" for i in range(21)),  # too many parameters
    ],
)
def test_oversized_queries_are_refused_before_anything_is_cached(client, query):
    response = client.get(f"/map/?{query}")
    assert response.status_code == 400
    assert "Demande trop longue" in response.content.decode()
    assert STATUS_HEADER not in response
    english = client.get(f"/en/map/?{query}")
    assert english.status_code == 400
    assert "Request too long" in english.content.decode()


@pytest.mark.django_db
def test_a_full_filter_panel_is_still_served(client):
    query = "&".join(f"domain=d{i}" for i in range(30)) + "&kind=company&pillar=corporate"
    assert client.get(f"/actors/?{query}").status_code == 200


@pytest.mark.django_db
def test_renders_the_cache_does_not_answer_are_limited_per_address(client, settings):
    settings.PORTAL_RENDER_RATE = "3/m"
    statuses = [client.get(f"/actors/?utm={i}").status_code for i in range(3)]
    assert statuses == [200, 200, 200]
    limited = client.get("/actors/?utm=new")
    assert limited.status_code == 429
    assert limited["Retry-After"] == "60"
    assert "Trop de demandes" in limited.content.decode()
    english = client.get("/en/actors/?utm=newer")
    assert english.status_code == 429
    assert "Too many requests" in english.content.decode()
    # Pages the cache holds are still served; another address has its own count.
    assert client.get("/actors/?utm=0")[STATUS_HEADER] == "hit"
    assert client.get("/actors/?utm=x", REMOTE_ADDR="192.0.2.8").status_code == 200


@pytest.mark.django_db
def test_a_fake_session_cookie_does_not_escape_the_limit(client, settings):
    settings.PORTAL_RENDER_RATE = "2/m"
    client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-session"
    statuses = [client.get("/actors/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


@pytest.mark.django_db
def test_staff_and_the_limit_off(client, settings, django_user_model):
    settings.PORTAL_RENDER_RATE = "1/m"
    client.force_login(django_user_model.objects.create_superuser("s", "s@example.be", "pw"))
    assert [client.get("/actors/").status_code for _ in range(3)] == [200] * 3
    client.logout()
    settings.PORTAL_RENDER_RATE = "0"
    assert [client.get(f"/actors/?n={i}").status_code for i in range(3)] == [200] * 3


@pytest.mark.django_db
def test_behind_the_proxy_the_limit_counts_each_client(client, settings, behind_proxy):
    settings.PORTAL_RENDER_RATE = "1/m"
    assert client.get("/actors/?a", **via_proxy("203.0.113.5")).status_code == 200
    assert client.get("/actors/?b", **via_proxy("203.0.113.5")).status_code == 429
    assert client.get("/actors/?c", **via_proxy("203.0.113.6")).status_code == 200


def test_the_benchmark_turns_the_limit_off():
    assert "PORTAL_RENDER_RATE=0" in (PROJECT_DIR / "bench" / "run.sh").read_text()


# --- #12: a draft territory is no place on the map -----------------------------------


@pytest.mark.django_db
def test_a_draft_territory_is_neither_counted_nor_placed_on_the_map(client):
    public = make(Territory, "zz-public", name="Ville publique", latitude=50.5, longitude=4.8)
    draft = make(Territory, "zz-draft", published=False, name="Ville brouillon")
    only_draft = make(Cluster, "zz-only-draft", name="Cluster Brouillon Seul")
    both = make(Cluster, "zz-both", name="Cluster Double")
    only_draft.territories.add(draft)
    both.territories.add(public, draft)
    actor = make(
        Actor, "zz-actor", name="Acteur Brouillon", kind=Actor.Kind.COMPANY, territory=draft
    )

    def page():
        response = client.get("/map/")
        assert response.status_code == 200
        return response.content.decode()

    with_drafts = page()
    assert "Ville brouillon" not in with_drafts
    # The page is the very one shown were the draft territory not linked at all.
    only_draft.territories.clear()
    both.territories.remove(draft)
    Actor.objects.filter(pk=actor.pk).update(territory=None)
    clear_caches()
    assert page() == with_drafts


# --- #13: the admin export page works under the CSP ----------------------------------


@pytest.mark.django_db
def test_the_export_page_wires_select_all_from_a_static_script(client, editor):  # noqa: F811
    response = client.get(admin_url(Actor, "export"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="select-toggle"' in html
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert '<script src="/static/js/admin_export.js">' in html
    script = (PROJECT_DIR / "static" / "js" / "admin_export.js").read_text()
    assert "onSelectToggleChange" in script
    # The package's own script (which defines the handler) is loaded before ours.
    assert html.index("export_selectable_fields.js") < html.index("admin_export.js")
