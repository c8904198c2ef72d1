"""generate_synthetic: marked, published, spread like the real content, removable, and
the directory's query count does not grow with the number of actors."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from actors.models import Actor, Project, ProjectParticipation
from clusters.models import Cluster, Membership
from ecosystem.models import Domain, Pillar, Territory

pytestmark = pytest.mark.django_db


def generate(n: int, **options):
    call_command("generate_synthetic", actors=n, seed=8, no_progress=True, verbosity=0, **options)


@pytest.fixture
def real():
    """A small real corpus on top of the fixtures: every actor has a domain and a cluster,
    so the synthetic ones sampled from it must have some too."""
    hydrogen = Domain.objects.create(slug="zz-hydrogene", name="Hydrogène vert", is_published=True)
    ccu = Domain.objects.create(slug="zz-ccu", name="Captage du CO2", is_published=True)
    draft_domain = Domain.objects.create(slug="zz-brouillon", name="Brouillon", is_published=False)
    liege = Territory.objects.create(
        slug="zz-liege", name="Liège", kind=Territory.Kind.CITY, is_published=True
    )
    hub = Cluster.objects.create(
        slug="zz-hub", name="Hub zz", kind=Cluster.Kind.HUB, is_published=True
    )
    actors = []
    for i, (kind, pillar) in enumerate(
        [
            (Actor.Kind.COMPANY, Pillar.CORPORATE),
            (Actor.Kind.COMPANY, Pillar.CORPORATE),
            (Actor.Kind.UNIVERSITY, Pillar.UNIVERSITY),
            (Actor.Kind.INVESTOR, Pillar.INVESTOR),
        ]
    ):
        actor = Actor.objects.create(
            slug=f"zz-actor-{i}",
            name=f"Acteur réel {i}",
            kind=kind,
            pillar=pillar,
            territory=liege,
            is_published=True,
        )
        actor.domains.add(hydrogen if i % 2 else ccu, draft_domain)
        Membership.objects.create(actor=actor, cluster=hub)
        actors.append(actor)
    project = Project.objects.create(slug="zz-projet", name="Projet réel", is_published=True)
    ProjectParticipation.objects.create(
        project=project, actor=actors[0], role=ProjectParticipation.Role.LEAD
    )
    ProjectParticipation.objects.create(project=project, actor=actors[1])
    return {"hub": hub, "domains": {hydrogen, ccu}, "draft_domain": draft_domain}


def share(actors, relation: str) -> float:
    """The share of ``actors`` with at least one published related record."""
    published = {
        "domains": "domains__is_published",
        "memberships": "memberships__cluster__is_published",
    }
    with_one = actors.filter(**{published[relation]: True}).distinct().count()
    return with_one / actors.count()


def snapshot():
    """Every real actor, project and link row, to prove generation leaves them alone."""
    return (
        list(Actor.objects.filter(is_synthetic=False).order_by("pk").values()),
        list(Project.objects.filter(is_synthetic=False).order_by("pk").values()),
        list(Membership.objects.filter(actor__is_synthetic=False).order_by("pk").values()),
        list(
            ProjectParticipation.objects.filter(actor__is_synthetic=False).order_by("pk").values()
        ),
        list(
            Actor.domains.through.objects.filter(actor__is_synthetic=False).order_by("pk").values()
        ),
    )


def test_creates_marked_published_actors_like_the_real_ones(real):
    real_counts = (Actor.objects.count(), Project.objects.count())
    generate(300)

    synthetic = Actor.objects.filter(is_synthetic=True)
    assert synthetic.count() == 300
    assert synthetic.filter(is_published=True).count() == 300
    assert all(slug.startswith("syn-") for slug in synthetic.values_list("slug", flat=True))
    # Searchable: bulk_create sends no pre_save, the command fills search_text itself.
    assert not synthetic.filter(search_text="").exists()
    for actor in synthetic[:10]:
        assert actor.search_text == actor.build_search_text("fr")
    # Spread like the real ones: about the same share with a (published) domain and
    # with a membership in a (published) cluster; kinds and pillars the real content has.
    real_actors = Actor.objects.published().filter(is_synthetic=False)
    for relation in ("domains", "memberships"):
        real_share = share(real_actors, relation)
        assert abs(share(synthetic, relation) - real_share) < 0.2, relation
    assert synthetic.filter(domains__isnull=False).exists()
    assert synthetic.filter(memberships__isnull=False).exists()
    assert not synthetic.filter(domains=real["draft_domain"]).exists()
    assert not synthetic.filter(memberships__cluster__is_published=False).exists()
    real_pairs = set(
        Actor.objects.published().filter(is_synthetic=False).values_list("kind", "pillar")
    )
    assert set(synthetic.values_list("kind", "pillar")) <= real_pairs
    # Some projects with a lead and partners, all synthetic.
    projects = Project.objects.filter(is_synthetic=True)
    assert projects.exists()
    assert Project.objects.count() - real_counts[1] == projects.count()
    assert not ProjectParticipation.objects.filter(
        project__is_synthetic=True, actor__is_synthetic=False
    ).exists()
    assert (
        ProjectParticipation.objects.filter(
            project__in=projects, role=ProjectParticipation.Role.LEAD
        ).count()
        == projects.count()
    )


def test_never_touches_real_records_and_clear_removes_exactly_them(real):
    before = snapshot()
    real_counts = {
        model: model.objects.count()
        for model in (Actor, Project, Membership, ProjectParticipation, Cluster, Domain)
    }
    generate(40)
    assert snapshot() == before

    call_command("generate_synthetic", clear=True, no_progress=True, verbosity=0)
    assert not Actor.objects.filter(is_synthetic=True).exists()
    assert not Project.objects.filter(is_synthetic=True).exists()
    assert {model: model.objects.count() for model in real_counts} == real_counts
    assert snapshot() == before


def test_running_twice_adds_more_with_fresh_slugs(real):
    generate(10)
    generate(10)
    slugs = list(Actor.objects.filter(is_synthetic=True).values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs)) == 20
    assert max(slugs).startswith("syn-00000020-")


# The counts of tests/test_queries.py: the actor directory runs 14 queries (8 for its
# facet index, 3 for its facets' labels, its records, their territory, their domains),
# one more to look up a domain filter's value; search runs one per type (11) and, with
# this many hits, no suggestion.
@pytest.mark.parametrize(
    ("url", "count"),
    [
        (reverse("actors:actor_list"), 14),
        (reverse("actors:actor_list") + "?domain=zz-hydrogene&pillar=corporate", 15),
        (reverse("actors:actor_list") + "?page=3", 14),
        (reverse("ecosystem:search") + "?q=hydrogene", 11),
    ],
)
def test_query_count_does_not_grow_with_the_number_of_actors(
    real, client, url, count, django_assert_num_queries
):
    generate(30)
    with django_assert_num_queries(count):
        assert client.get(url).status_code == 200
    generate(300)
    with django_assert_num_queries(count):
        assert client.get(url).status_code == 200
