"""Relations both ways: each record's page shows what it is tied to, hubs group their
members by pillar and cap long lists, and the pillar balance counts them.

Most tests read the world's records (conftest); the one marked ``needs_content``
reads the documents' content loaded from fixtures/.
"""

import pytest

from actors.models import Actor, Project
from clusters.models import Membership
from tests.conftest import needs_content
from tests.factories import make
from tests.html import page

pytestmark = pytest.mark.django_db


def test_hub_page_groups_members_by_pillar(client, world):
    response = client.get("/hubs/t-district/")
    groups = {
        group.pillar.value: [m.actor.slug for m in group.memberships]
        for group in response.context["page"].member_groups
    }
    assert groups == {
        "corporate": ["t-acme"],
        "university": ["t-umons"],
        "investor": [],
        "government": ["t-region"],
        "entrepreneur": [],
    }
    html = response.content.decode()
    # A missing pillar is said once, in the table, not again as a line of its own.
    assert 'class="missing"' in html
    assert "Aucun membre du pilier" not in html
    for text in (
        "Alliance test",  # part of
        "Hydrogène test",
        "Charleroi test",
        "Site test",
        "Alice Test",
        "Présidente du District test",
        "plus de 80 membres",
        "Création du District test",
        "fondateur",
    ):
        assert text in html, text
    for hidden in ("Acteur caché", "Domaine caché", "Personne cachée", "Chiffre caché"):
        assert hidden not in html


def test_hub_page_caps_members_per_pillar_and_projects(client, world):
    """Thousands of members must not make a hub page huge: a dozen per pillar, then a link."""
    from clusters.views import MEMBERS_PER_PILLAR, PROJECTS_SHOWN

    hub = world["district"]
    extra = MEMBERS_PER_PILLAR + 3
    for i in range(extra):
        actor = make(Actor, f"t-many-{i:02}", name=f"Zz membre {i:02}", pillar="investor")
        Membership.objects.create(actor=actor, cluster=hub)
    hidden_member = make(Actor, "t-many-draft", published=False, name="Zz brouillon")
    Membership.objects.create(actor=hidden_member, cluster=hub)
    for i in range(PROJECTS_SHOWN + 2):
        make(Project, f"t-many-project-{i:02}", name=f"Zz projet {i:02}").clusters.add(hub)

    response = client.get("/hubs/t-district/")
    groups = {group.pillar.value: group for group in response.context["page"].member_groups}
    investors = groups["investor"]
    assert investors.total == extra
    assert [m.actor.name for m in investors.memberships] == [
        f"Zz membre {i:02}" for i in range(MEMBERS_PER_PILLAR)
    ]
    assert groups["corporate"].hidden == 0
    html = response.content.decode()
    assert f"Voir les {extra} membres du pilier « Investisseurs (capital à risque) »" in html
    assert "/actors/?cluster=t-district&amp;pillar=investor" in html
    assert f"Zz membre {MEMBERS_PER_PILLAR:02}" not in html
    assert "Zz brouillon" not in html
    # The balance and the heading count every published member, not only those shown.
    assert response.context["page"].member_total == extra + 3
    projects = Project.objects.published().filter(clusters=hub).count()
    assert f"Voir les {projects} projets" in html
    assert "/projects/?cluster=t-district" in html
    assert len(response.context["page"].projects) == PROJECTS_SHOWN
    assert f"Zz projet {PROJECTS_SHOWN + 1:02}" not in html  # the last by name


@pytest.mark.parametrize("kind", ["domain", "territory"])
def test_domain_and_territory_pages_cap_their_projects(client, world, kind):
    from clusters.views import PROJECTS_SHOWN

    record = world["hydrogene"] if kind == "domain" else world["charleroi"]
    for i in range(PROJECTS_SHOWN + 2):
        project = make(
            Project, f"t-cap-{i:02}", name=f"Zz projet {i:02}", territory=world["charleroi"]
        )
        project.domains.add(world["hydrogene"])
    response = client.get(record.get_absolute_url())
    html = response.content.decode()
    total = (
        Project.objects.published()
        .filter(**{"domains" if kind == "domain" else kind: record})
        .count()
    )
    assert len(response.context["projects"]) == PROJECTS_SHOWN
    assert response.context["project_count"] == total
    assert f"Voir les {total} projets" in html
    assert f"/projects/?{kind}={record.slug}" in html
    assert f"Zz projet {PROJECTS_SHOWN + 1:02}" not in html


def test_alliance_page_lists_its_parts(client, world):
    html = page(client, "/clusters/t-alliance/")
    assert "District test" in html and "Heart test" in html


def test_actor_page_shows_its_relations(client, world):
    html = page(client, "/actors/t-acme/")
    # Markdown descriptions: bold in the page, plain and escaped in the meta description.
    assert "<strong>&quot;vert&quot;</strong>" in html or '<strong>"vert"</strong>' in html
    assert 'content="Produit de l&#x27;hydrogène &quot;vert&quot;"' in html
    for text in (
        "District test",
        "fondateur",
        "Site test",
        "porteur",
        "Alice Test",
        "Directrice d&#x27;Acme",
        "Hydrogène test",
        "ACME SA",
        "Nous construisons des usines.",
        "Création du District test",
    ):
        assert text in html, text
    for hidden in ("Projet caché", "Domaine caché", "Territoire caché"):
        assert hidden not in html
    html = page(client, "/actors/t-gasco/")
    assert "Pôle test" in html and "Cluster caché" not in html


def test_project_page_shows_leads_partners_and_figures(client, world):
    response = client.get("/projects/t-site/")
    roles = [(p.actor.slug, p.role) for p in response.context["participations"]]
    assert roles == [("t-acme", "lead"), ("t-umons", "partner")]
    html = response.content.decode()
    assert "12,5 ha" in html and "3" in html and "€" in html
    assert "District test" in html and "Cluster caché" not in html and "Acteur caché" not in html


def test_domain_page_lists_everything_in_it(client, world):
    html = page(client, "/domains/t-hydrogene/")
    for text in ("Acme Hydrogène", "Université test", "District test", "Site test", "Vallée test"):
        assert text in html, text
    assert "Acteur caché" not in html
    html = page(client, "/domains/t-energie/")
    assert "Hydrogène test" in html, "child domains"


def test_person_page_shows_roles_and_quotes(client, world):
    html = page(client, "/people/t-alice/")
    assert "Directrice d&#x27;Acme" in html and "Acme Hydrogène" in html
    assert "Nous construisons des usines." in html and "Rencontre test" in html


def test_pillar_page_compares_hubs_and_domains(client, world):
    response = client.get("/pillars/")
    rows = {
        row.obj.slug: {p.value: n for p, n in row.counts}
        for group in response.context["cluster_groups"]
        for row in group.rows
    }
    assert rows["t-district"] == {
        "corporate": 1,
        "university": 1,
        "investor": 0,
        "government": 1,
        "entrepreneur": 0,
    }
    assert rows["t-heart"]["entrepreneur"] == 1 and "t-draft-cluster" not in rows
    domains = {row.obj.slug: row.total for row in response.context["domains"].rows}
    assert domains["t-hydrogene"] == 3 and "t-draft-domain" not in domains


def test_source_page_lists_what_cites_it(client, world):
    html = page(client, "/sources/t-source/")
    assert "Acme Hydrogène" in html and "District test" in html and "Acteur caché" not in html
    assert "Brouillon source" not in page(client, "/sources/")


@needs_content
def test_real_content_district_cleantech_members_by_pillar(client):
    response = client.get("/hubs/district-cleantech/")
    groups = {
        group.pillar.value: {m.actor.slug for m in group.memberships}
        for group in response.context["page"].member_groups
    }
    assert {"buildwise", "siris"} <= groups["corporate"]
    html = response.content.decode()
    assert "Alliance Cleantech Wallonia" in html
    if not groups["investor"]:
        assert 'class="missing"' in html and "Aucun membre du pilier" not in html
    alliance = page(client, "/clusters/alliance-cleantech-wallonia/")
    assert "District Cleantech" in alliance and "Heart for Cleantech" in alliance
