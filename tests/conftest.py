"""Shared test set-up: the real content of fixtures/ is loaded once per test session.

Tests run inside a transaction that is rolled back, so they see the documents'
content and may add to it freely. Tests that need a live server (transactional
tests) flush the database: they must reload the content with ``load_content``.

Beside the real content, the ``world`` fixture makes a small hand-made world of
published records and drafts (tests/factories.py makes the records; tests/urls.py
lists the pages that show them).
"""

import functools
import os
import runpy
from decimal import Decimal
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.utils import translation

from actors.models import Actor, Person, Project, ProjectParticipation, Quote, Role
from clusters.models import Cluster, Membership
from ecosystem.models import (
    Concept,
    Domain,
    Event,
    KeyFigure,
    Milestone,
    Pillar,
    Policy,
    Source,
    Territory,
)
from tests.factories import make
from tests.urls import WORLD_PAGES

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"


def fixture_files() -> list[str]:
    """Every fixture file, in load order (their names sort in dependency order)."""
    return [str(path) for path in sorted(FIXTURES_DIR.glob("*.json"))]


needs_content = pytest.mark.skipif(not fixture_files(), reason="fixtures/ not written yet")


def load_content():
    files = fixture_files()
    if files:
        call_command("loaddata", *files, verbosity=0)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_content()


@pytest.fixture(autouse=True)
def _axes_only_where_tested(request, settings):
    """django-axes needs a request to authenticate; ``client.login`` has none.

    Lockout is tested on its own (marker ``axes``); elsewhere it is switched off.
    """
    settings.AXES_ENABLED = request.node.get_closest_marker("axes") is not None


@functools.cache
def production_limits() -> tuple[str, str]:
    """The render and login rates config/settings.py gives when the environment sets none."""
    names = ("PORTAL_RENDER_RATE", "PORTAL_LOGIN_RATE")
    with mock.patch.dict(os.environ):
        for name in names:
            os.environ.pop(name, None)
        production = runpy.run_path(str(Path(settings.BASE_DIR) / "config" / "settings.py"))
    return tuple(production[name] for name in names)


@pytest.fixture(autouse=True)
def _no_rate_limits(request, settings):
    """Every test comes from one address: the render and login limits are off, except
    for tests marked ``production_limits`` (the failure tests: a failing cache or
    database must lock nobody out with the limits as production has them)."""
    if request.node.get_closest_marker("production_limits"):
        settings.PORTAL_RENDER_RATE, settings.PORTAL_LOGIN_RATE = production_limits()
    else:
        settings.PORTAL_RENDER_RATE = "0"
        settings.PORTAL_LOGIN_RATE = "0"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """PBKDF2 takes a quarter of a second by design; tests that log in need no such cost."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _export_files_per_test(settings, tmp_path):
    """Full exports are written to files (ecosystem/opendata/exports.py): each test its own."""
    settings.PORTAL_EXPORT_DIR = str(tmp_path / "exports")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Tests create content and check counts: no cached count or page from another test."""
    clear_caches()
    yield
    clear_caches()


@pytest.fixture(autouse=True)
def _french_around_each_test():
    """A request under /en/ leaves English active in the test's thread (reverse() would
    then give /en/ addresses): every test starts and ends in French."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def clear_caches():
    for alias_cache in caches.all():
        alias_cache.clear()


@pytest.fixture
def world():
    """A small world of published records and drafts, made by hand beside the real content.

    Published (slugs ``t-…``): a document, domains (hydrogène under énergie, CCU),
    Charleroi and Mons, an alliance with two hubs, a pôle, five actors across four
    pillars with their memberships, a person with roles and a quote, a project with
    its partners and figures, a key figure, a milestone, a notion, a plan, an event.
    Tied to the real content: « H2 Company » (``t-h2co``), a company of the real
    hydrogen domain and member of District Cleantech, with a project and a person;
    « H2 Lab », a university of the same domain; and a company whose name starts like
    a spreadsheet formula.

    Drafts (``t-draft-…``, names saying « caché »): one of every public model, each
    tied to published records, so that a test can check it shows nowhere. The draft
    actor is a hydrogen company of every hub: only its draft state keeps it out of the
    directory's hydrogen companies and out of the facet counts.
    """
    w = {}
    source = make(Source, "t-source", title="Document de test", publisher="Éditeur test")
    draft_source = make(Source, "t-draft-source", published=False, title="Brouillon source cachée")
    w.update(source=source, draft_source=draft_source)
    energie = make(Domain, "t-energie", name="Énergie test")
    w["hydrogene"] = make(Domain, "t-hydrogene", name="Hydrogène test", parent=energie)
    w["ccu"] = make(Domain, "t-ccu", name="CCU test", sources=[source])
    w["draft_domain"] = make(Domain, "t-draft-domain", published=False, name="Domaine caché")
    w["charleroi"] = make(Territory, "t-charleroi", name="Charleroi test", kind="city")
    w["mons"] = make(Territory, "t-mons", name="Mons test", kind="city")
    w["draft_territory"] = make(
        Territory, "t-draft-territory", published=False, name="Territoire caché", kind="city"
    )

    alliance = make(Cluster, "t-alliance", name="Alliance test", kind=Cluster.Kind.ALLIANCE)
    district = make(
        Cluster,
        "t-district",
        name="District test",
        kind=Cluster.Kind.HUB,
        part_of=alliance,
        sources=[source],
    )
    district.domains.set([w["hydrogene"], w["ccu"], w["draft_domain"]])
    district.territories.set([w["charleroi"]])
    heart = make(Cluster, "t-heart", name="Heart test", kind=Cluster.Kind.HUB, part_of=alliance)
    pole = make(Cluster, "t-pole", name="Pôle test", kind=Cluster.Kind.POLE)
    draft_cluster = make(
        Cluster, "t-draft-cluster", published=False, name="Cluster caché", kind=Cluster.Kind.POLE
    )
    w.update(alliance=alliance, district=district, heart=heart, pole=pole)
    w["draft_cluster"] = draft_cluster
    w["real_hydrogene"] = Domain.objects.get(slug="hydrogene")
    w["real_district"] = Cluster.objects.get(slug="district-cleantech")

    def actor(slug, name, pillar, kind, domains, territory, clusters, published=True):
        obj = make(
            Actor,
            slug,
            published=published,
            name=name,
            pillar=pillar,
            kind=kind,
            territory=territory,
            sources=[source],
        )
        obj.domains.set(domains)
        for cluster, role in clusters:
            Membership.objects.create(actor=obj, cluster=cluster, role=role)
        return obj

    founder, member = Membership.Role.FOUNDER, Membership.Role.MEMBER
    w["acme"] = actor(
        "t-acme",
        "Acme Hydrogène",
        Pillar.CORPORATE,
        Actor.Kind.COMPANY,
        [w["hydrogene"], w["draft_domain"]],
        w["draft_territory"],
        [(district, founder)],
    )
    w["acme"].aliases = "ACME SA\nAcme Wallonie"
    w["acme"].description = 'Produit de l\'hydrogène **"vert"** <script>alert(1)</script>'
    w["acme"].save()
    w["umons"] = actor(
        "t-umons",
        "Université test",
        Pillar.UNIVERSITY,
        Actor.Kind.UNIVERSITY,
        [w["hydrogene"], w["ccu"]],
        w["mons"],
        [(district, member), (heart, member)],
    )
    w["region"] = actor(
        "t-region",
        "Région test",
        Pillar.GOVERNMENT,
        Actor.Kind.PUBLIC_AUTHORITY,
        [w["ccu"]],
        w["charleroi"],
        [(district, Membership.Role.FUNDER)],
    )
    w["startup"] = actor(
        "t-startup",
        "Jeune pousse test",
        Pillar.ENTREPRENEUR,
        Actor.Kind.STARTUP,
        [w["hydrogene"]],
        w["mons"],
        [(heart, member)],
    )
    w["gasco"] = actor(
        "t-gasco",
        "Gasco test",
        Pillar.CORPORATE,
        Actor.Kind.COMPANY,
        [w["ccu"]],
        w["charleroi"],
        [(pole, member), (draft_cluster, member)],
    )
    w["draft_actor"] = actor(
        "t-draft-actor",
        "Acteur caché",
        Pillar.CORPORATE,
        Actor.Kind.COMPANY,
        [w["hydrogene"], w["ccu"], w["real_hydrogene"]],
        w["charleroi"],
        [(district, member), (heart, member), (pole, member)],
        published=False,
    )

    alice = make(Person, "t-alice", name="Alice Test", sources=[source])
    Role.objects.create(person=alice, title="Directrice d'Acme", actor=w["acme"])
    Role.objects.create(person=alice, title="Présidente du District test", cluster=district)
    Quote.objects.create(person=alice, text="Nous construisons des usines.", source=source)
    draft_person = make(Person, "t-draft-person", published=False, name="Personne cachée")
    Role.objects.create(person=draft_person, title="Animatrice cachée", cluster=district)
    w.update(alice=alice, draft_person=draft_person)

    site = make(
        Project,
        "t-site",
        name="Site test",
        territory=w["charleroi"],
        area_hectares=Decimal("12.5"),
        budget_eur=Decimal("3000000"),
        sources=[source],
    )
    site.domains.set([w["hydrogene"]])
    site.clusters.set([district, draft_cluster])
    lead, partner = ProjectParticipation.Role.LEAD, ProjectParticipation.Role.PARTNER
    ProjectParticipation.objects.create(project=site, actor=w["acme"], role=lead)
    ProjectParticipation.objects.create(project=site, actor=w["umons"], role=partner)
    ProjectParticipation.objects.create(project=site, actor=w["draft_actor"], role=partner)
    w["site"] = site
    w["draft_project"] = make(Project, "t-draft-project", published=False, name="Projet caché")
    ProjectParticipation.objects.create(project=w["draft_project"], actor=w["acme"], role=lead)

    w["figure"] = make(
        KeyFigure,
        "t-figure",
        label="Membres du District test",
        value=Decimal("80"),
        qualifier="plus de",
        unit="membres",
        year=2024,
        cluster=district,
        sources=[source],
    )
    w["draft_figure"] = make(
        KeyFigure,
        "t-draft-figure",
        published=False,
        label="Chiffre caché",
        value=1,
        cluster=district,
    )
    w["milestone"] = make(Milestone, "t-milestone", name="Création du District test", year=2021)
    w["milestone"].clusters.set([district])
    w["concept"] = make(Concept, "t-concept", name="Vallée test", definition="Une définition.")
    w["concept"].domains.set([w["hydrogene"]])
    w["policy"] = make(Policy, "t-policy", name="Plan test", territory=w["charleroi"])
    w["policy"].domains.set([w["ccu"]])
    w["event"] = make(Event, "t-event", name="Rencontre test", territory=w["charleroi"])
    w["event"].speakers.set([alice])
    w["event"].clusters.set([district])
    make(Concept, "t-draft-concept", published=False, name="Notion cachée", definition="x")
    make(Policy, "t-draft-policy", published=False, name="Plan caché")
    draft_event = make(Event, "t-draft-event", published=False, name="Événement caché")
    draft_milestone = make(Milestone, "t-draft-milestone", published=False, name="Fait caché")
    for record in WORLD_PAGES:
        if record != "source":
            w[record].sources.add(source, draft_source)

    # Beside the real content; created last, they are the latest changes the feeds list.
    w["h2co"] = make(
        Actor,
        "t-h2co",
        name="H2 Company",
        kind=Actor.Kind.COMPANY,
        pillar=Pillar.CORPORATE,
        territory=w["draft_territory"],
        aliases="H2C\nHydroCo",
        description="- une liste en markdown",
        sources=[draft_source, source],
    )
    w["h2co"].domains.set([w["real_hydrogene"], w["draft_domain"]])
    Membership.objects.create(actor=w["h2co"], cluster=w["real_district"], role=member)
    Membership.objects.create(actor=w["h2co"], cluster=draft_cluster)
    Role.objects.create(person=draft_person, title="Directrice cachée", actor=w["h2co"])
    ProjectParticipation.objects.create(project=w["draft_project"], actor=w["h2co"])
    w["h2_project"] = make(Project, "t-h2-project", name="Projet H2")
    w["h2_project"].clusters.set([w["real_district"], draft_cluster])
    ProjectParticipation.objects.create(project=w["h2_project"], actor=w["h2co"], role=lead)
    ProjectParticipation.objects.create(project=w["h2_project"], actor=w["draft_actor"])
    w["ada"] = make(Person, "t-person", name="Ada Hydrogène")
    Role.objects.create(person=w["ada"], title="Directrice", actor=w["h2co"], cluster=draft_cluster)
    draft_event.organisers.set([w["h2co"]])
    draft_milestone.actors.set([w["h2co"]])
    w["milestone"].actors.set([w["acme"], w["h2co"], w["draft_actor"]])
    w["milestone"].projects.set([w["draft_project"]])
    make(
        KeyFigure,
        "t-figure-of-draft",
        label="Chiffre d'un brouillon",
        value=2,
        actor=w["draft_actor"],
        cluster=draft_cluster,
    )
    w["h2lab"] = make(
        Actor, "t-h2lab", name="H2 Lab", kind=Actor.Kind.UNIVERSITY, pillar=Pillar.UNIVERSITY
    )
    w["h2lab"].domains.set([w["real_hydrogene"]])
    w["formula"] = make(Actor, "t-formula", name='=HYPERLINK("http://evil.example")')
    return w
