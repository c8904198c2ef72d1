"""Records for tests, made with model_bakery.

``make`` creates a public record for a test: published unless told otherwise,
citing the sources given, every field the test does not name left to
model_bakery (a name, a label) — except the choices that lists filter and
count, which are fixed so that a record never lands in another facet from one
run to the next. Slugs of test records start with ``t-``: they never meet the
real content loaded from fixtures/.
"""

from model_bakery import baker

from actors.models import Actor, Project, ProjectParticipation
from clusters.models import Cluster, Membership
from ecosystem.models import Pillar, Territory

# What a record is when the test does not say: the filters and facets count these.
CHOICES = {
    Actor: {"kind": Actor.Kind.COMPANY, "pillar": Pillar.CORPORATE},
    Cluster: {"kind": Cluster.Kind.REGIONAL},
    Territory: {"kind": Territory.Kind.CITY},
}


def make(model, slug, published=True, sources=(), **fields):
    """One record of ``model``, published unless ``published=False``."""
    obj = baker.make(
        model, slug=slug, is_published=published, **{**CHOICES.get(model, {}), **fields}
    )
    if sources:
        obj.sources.set(sources)
    return obj


def grow(world, n=60):
    """n more published actors in the world, each in two domains and two clusters, with a
    project of its own, and a partner of the world's site."""
    for i in range(n):
        actor = make(
            Actor,
            f"t-extra-{i}",
            name=f"Extra {i}",
            pillar=list(Pillar)[i % 5],
            kind=Actor.Kind.COMPANY,
            territory=world["charleroi"],
            sources=[world["source"]],
        )
        actor.domains.set([world["hydrogene"], world["ccu"]])
        Membership.objects.create(actor=actor, cluster=world["district"])
        Membership.objects.create(actor=actor, cluster=world["alliance"])
        project = make(Project, f"t-extra-project-{i}", name=f"Projet extra {i}")
        project.domains.set([world["hydrogene"]])
        ProjectParticipation.objects.create(project=project, actor=actor)
        ProjectParticipation.objects.create(project=world["site"], actor=actor)
