"""Synthetic actors for measuring the portal at scale.

    python manage.py generate_synthetic --actors 100000     # add 100,000 actors
    python manage.py generate_synthetic --clear             # remove every synthetic record

The synthetic actors are spread like the published real content: kinds and
pillars, territories, founding years, how many domains and which, how many
cluster memberships, in which clusters and with which role; some of them lead
projects with synthetic partners, in the proportion of real projects to real
actors. They are published (the public pages must show them to be measured),
marked ``is_synthetic`` and get ``syn-`` slugs that continue from the last run,
so running twice adds more. They only ever point at real records (a membership
in a real cluster); no real row is modified, and ``--clear`` removes exactly
the synthetic actors and projects and the rows that hang from them.

Written with ``bulk_create`` in batches (bounded memory); ``bulk_create`` sends
no ``pre_save`` signal, so the search text is computed here.

Over 450 lines because it is one recipe: observing the real content, sampling
from it and writing the batches share the same distributions and nothing else
imports them.
"""

import random
import re
from collections import Counter
from dataclasses import dataclass

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count
from django.utils.text import slugify
from tqdm import tqdm

from actors.models import Actor, Project, ProjectParticipation
from clusters.models import Cluster, Membership
from ecosystem.core.cache import bump_content_version
from ecosystem.models import Domain, Pillar, Territory

SLUG_PREFIX = "syn-"
PROJECT_SLUG_PREFIX = "syn-p-"
SEQUENCE_DIGITS = 8
_SEQUENCE = re.compile(rf"^{SLUG_PREFIX}(?:p-)?(\d{{{SEQUENCE_DIGITS}}})-")

# Used only where the real content has nothing to sample from (an empty database).
DEFAULT_PILLAR = {
    Actor.Kind.COMPANY: Pillar.CORPORATE,
    Actor.Kind.STARTUP: Pillar.ENTREPRENEUR,
    Actor.Kind.UNIVERSITY: Pillar.UNIVERSITY,
    Actor.Kind.RESEARCH_CENTRE: Pillar.UNIVERSITY,
    Actor.Kind.TRAINING_CENTRE: Pillar.UNIVERSITY,
    Actor.Kind.INVESTOR: Pillar.INVESTOR,
    Actor.Kind.PUBLIC_AUTHORITY: Pillar.GOVERNMENT,
    Actor.Kind.PUBLIC_AGENCY: Pillar.GOVERNMENT,
    Actor.Kind.DEVELOPMENT_AGENCY: Pillar.GOVERNMENT,
    Actor.Kind.INCUBATOR: Pillar.ENTREPRENEUR,
}
DEFAULT_PROJECTS_PER_ACTOR = 0.05

ROOTS = (
    "Wal", "Hydro", "Eco", "Terra", "Sol", "Bio", "Meuse", "Sambre", "Ardenn", "Carbo",
    "Lumi", "Vento", "Therm", "Aqua", "Circ", "Neo", "Vert", "Hesba", "Condroz", "Famenn",
    "Gaum", "Ourth", "Fagn", "Silic", "Ferro", "Volt", "Nova", "Ion", "Agri", "Sylva",
    "Heli", "Clim", "Petra", "Ambi", "Kinet", "Ecla", "Ther", "Cera", "Alu", "Lign",
)  # fmt: skip
SUFFIXES = (
    "tech", "gen", "lab", "energy", "cycle", "pro", "nova", "line", "watt", "flux",
    "is", "ia", "eo", "on", "ys", "air", "mat", "sys", "ix", "wal",
)  # fmt: skip
LEGAL_FORMS = ("SA", "SRL", "SC", "SPRL", "NV", "")
CITIES = (
    "Liège", "Namur", "Charleroi", "Mons", "Wavre", "Arlon", "Tournai", "Verviers",
    "Seraing", "Louvain-la-Neuve", "Gembloux", "Nivelles", "Marche-en-Famenne",
    "Huy", "Dinant", "Mouscron", "La Louvière", "Herstal", "Bastogne", "Ath",
)  # fmt: skip
KIND_NAMES = {
    Actor.Kind.COMPANY: ("{brand} {legal}", "{brand} Industries", "{brand} Solutions {legal}"),
    Actor.Kind.STARTUP: ("{brand}", "{brand} Labs", "{brand}.io"),
    Actor.Kind.UNIVERSITY: ("Université de {city} — {brand}", "Haute École {brand}"),
    Actor.Kind.RESEARCH_CENTRE: ("Centre de recherche {brand}", "Institut {brand}"),
    Actor.Kind.TRAINING_CENTRE: ("Centre de compétence {brand}", "Forem Formation {brand}"),
    Actor.Kind.INVESTOR: ("{brand} Capital", "{brand} Invest", "Fonds {brand}"),
    Actor.Kind.PUBLIC_AUTHORITY: ("Commune de {city}", "Ville de {city}"),
    Actor.Kind.PUBLIC_AGENCY: ("Agence {brand}", "Office wallon {brand}"),
    Actor.Kind.DEVELOPMENT_AGENCY: ("Intercommunale {brand}", "Agence de développement {brand}"),
    Actor.Kind.INCUBATOR: ("{brand} Incubator", "Accélérateur {brand}"),
    Actor.Kind.SCIENCE_PARK: ("Parc scientifique {brand}",),
    Actor.Kind.FEDERATION: ("Fédération {brand}",),
    Actor.Kind.NETWORK: ("Réseau {brand}",),
}
ACTIVITIES = (
    "Conçoit et fabrique des équipements pour l'industrie.",
    "Accompagne les entreprises dans leur transition énergétique.",
    "Développe des procédés bas carbone et des matériaux recyclés.",
    "Réalise des études, des essais et des démonstrateurs.",
    "Forme les techniciens et les ingénieurs de la région.",
    "Finance des projets innovants en phase d'amorçage.",
    "Valorise les déchets et les coproduits industriels.",
    "Exploite des installations de production d'énergie renouvelable.",
)
PROJECT_NAMES = ("Projet {brand}", "Démonstrateur {brand}", "Plateforme {brand}", "{brand} 2030")


class Sampler:
    """Draws values with the frequencies observed in the real content."""

    def __init__(self, rng: random.Random, counts: Counter, default=None):
        self.rng = rng
        self.values = list(counts)
        self.weights = [counts[value] for value in self.values]
        self.default = default

    def __bool__(self):
        return bool(self.values)

    def one(self):
        if not self.values:
            return self.default
        return self.rng.choices(self.values, self.weights)[0]

    def distinct(self, how_many: int) -> list:
        """Up to ``how_many`` different values, drawn by weight."""
        chosen: list = []
        how_many = min(how_many, len(self.values))
        while len(chosen) < how_many:
            value = self.one()
            if value not in chosen:
                chosen.append(value)
        return chosen


@dataclass
class RealContent:
    """What the published real content looks like, as samplers."""

    kind_pillar: Sampler
    territory: Sampler
    founded_year: Sampler
    domain_count: Sampler
    domain: Sampler
    membership_count: Sampler
    cluster: Sampler
    membership_role: Sampler
    projects_per_actor: float
    project_kind_status: Sampler
    participant_count: Sampler
    participant_role: Sampler
    project_cluster_count: Sampler
    project_cluster: Sampler
    domain_names: dict
    territory_names: dict


def observe(rng: random.Random) -> RealContent:
    """Frequencies of the published, real (non-synthetic) records."""
    actors = Actor.objects.published().filter(is_synthetic=False)
    projects = Project.objects.published().filter(is_synthetic=False)
    domains = Domain.objects.published()
    clusters = Cluster.objects.published()
    actor_count = actors.count()
    real_actor_ids = actors.values("pk")

    kind_pillar = Counter(actors.values_list("kind", "pillar"))
    if not kind_pillar:
        kind_pillar = Counter(dict.fromkeys(DEFAULT_PILLAR.items(), 1))
    territory = Counter(actors.values_list("territory_id", flat=True))
    if not territory:
        territory = Counter(Territory.objects.published().values_list("pk", flat=True))
    founded = Counter(actors.values_list("founded_year", flat=True))

    actor_domains = Actor.domains.through.objects.filter(
        actor__in=real_actor_ids, domain__in=domains
    )
    domain = smoothed(
        Counter(actor_domains.values_list("domain_id", flat=True)),
        domains.values_list("pk", flat=True),
    )
    domain_count = _per_record_counts(
        actor_domains.values("actor_id").annotate(n=Count("pk")).order_by(), actor_count, default=1
    )

    memberships = Membership.objects.filter(actor__in=real_actor_ids, cluster__in=clusters)
    cluster = smoothed(
        Counter(memberships.values_list("cluster_id", flat=True)),
        clusters.values_list("pk", flat=True),
    )
    membership_count = _per_record_counts(
        memberships.values("actor_id").annotate(n=Count("pk")).order_by(), actor_count, default=0
    )
    membership_role = Counter(memberships.values_list("role", flat=True))

    participations = ProjectParticipation.objects.filter(
        project__in=projects, actor__in=real_actor_ids
    )
    project_clusters = Project.clusters.through.objects.filter(
        project__in=projects, cluster__in=clusters
    )
    project_count = projects.count()
    return RealContent(
        kind_pillar=Sampler(rng, kind_pillar),
        territory=Sampler(rng, territory),
        founded_year=Sampler(rng, founded),
        domain_count=Sampler(rng, domain_count),
        domain=Sampler(rng, domain),
        membership_count=Sampler(rng, membership_count),
        cluster=Sampler(rng, cluster),
        membership_role=Sampler(rng, membership_role, default=Membership.Role.MEMBER),
        projects_per_actor=(
            project_count / actor_count if actor_count else DEFAULT_PROJECTS_PER_ACTOR
        ),
        project_kind_status=Sampler(
            rng,
            Counter(projects.values_list("kind", "status")),
            default=(Project.Kind.PROJECT, Project.Status.ONGOING),
        ),
        participant_count=Sampler(
            rng,
            _per_record_counts(
                participations.values("project_id").annotate(n=Count("pk")).order_by(), 0, default=2
            ),
        ),
        participant_role=Sampler(
            rng,
            Counter(
                participations.exclude(role=ProjectParticipation.Role.LEAD).values_list(
                    "role", flat=True
                )
            ),
            default=ProjectParticipation.Role.PARTNER,
        ),
        project_cluster_count=Sampler(
            rng,
            _per_record_counts(
                project_clusters.values("project_id").annotate(n=Count("pk")).order_by(),
                project_count,
                default=0,
            ),
        ),
        project_cluster=Sampler(
            rng, Counter(project_clusters.values_list("cluster_id", flat=True))
        ),
        domain_names=dict(domains.values_list("pk", "name")),
        territory_names=dict(Territory.objects.values_list("pk", "name")),
    )


def smoothed(counts: Counter, every_value, pseudo_count: float = 0.5) -> Counter:
    """The observed frequencies plus a little weight for every published value.

    A directory a hundred times larger has actors in every domain and cluster;
    without this, a domain no real actor has yet (the benchmark's « hydrogene »)
    would measure an empty list.
    """
    counts = Counter(counts)
    for value in every_value:
        counts[value] += pseudo_count
    return counts


def _per_record_counts(grouped, total: int, default: int) -> Counter:
    """How many records have n related rows, records with none included."""
    counts = Counter(row["n"] for row in grouped)
    with_rows = sum(counts.values())
    if total > with_rows:
        counts[0] += total - with_rows
    return counts or Counter({default: 1})


def next_sequence(model, prefix: str) -> int:
    """The first free number after the synthetic slugs already there."""
    # Zero-padded numbers: the greatest slug carries the greatest number.
    last = (
        model.objects.filter(is_synthetic=True, slug__startswith=prefix)
        .order_by("-slug")
        .values_list("slug", flat=True)
        .first()
    )
    match = _SEQUENCE.match(last or "")
    return int(match.group(1)) + 1 if match else 1


class Generator:
    def __init__(self, rng: random.Random, real: RealContent):
        self.rng = rng
        self.real = real
        self.actor_sequence = next_sequence(Actor, SLUG_PREFIX)
        self.project_sequence = next_sequence(Project, PROJECT_SLUG_PREFIX)
        self.project_debt = 0.0

    def brand(self) -> str:
        return self.rng.choice(ROOTS) + self.rng.choice(SUFFIXES)

    def actor_name(self, kind: str) -> str:
        template = self.rng.choice(KIND_NAMES.get(kind, ("{brand}",)))
        name = template.format(
            brand=self.brand(), legal=self.rng.choice(LEGAL_FORMS), city=self.rng.choice(CITIES)
        )
        return name.strip()

    def slug(self, prefix: str, sequence: int, name: str) -> str:
        return f"{prefix}{sequence:0{SEQUENCE_DIGITS}d}-{slugify(name)}"[:120].rstrip("-")

    def describe(self, kind_label: str, domain_ids: list, territory_id) -> str:
        parts = [str(kind_label).capitalize()]
        if domain_ids:
            names = ", ".join(self.real.domain_names[pk] for pk in domain_ids)
            parts.append(f"active dans : {names}")
        if territory_id in self.real.territory_names:
            parts.append(f"({self.real.territory_names[territory_id]})")
        return " ".join(parts) + ". " + self.rng.choice(ACTIVITIES)

    def batch(self, size: int) -> tuple[int, int]:
        """Create ``size`` actors and their share of projects; returns (actors, projects)."""
        real = self.real
        actors, actor_domains, memberships = [], [], []
        for _ in range(size):
            kind, pillar = real.kind_pillar.one()
            territory_id = real.territory.one()
            domain_ids = real.domain.distinct(real.domain_count.one())
            name = self.actor_name(kind)
            actor = Actor(
                slug=self.slug(SLUG_PREFIX, self.actor_sequence, name),
                name=name,
                kind=kind,
                pillar=pillar,
                territory_id=territory_id,
                founded_year=real.founded_year.one(),
                description=self.describe(Actor.Kind(kind).label, domain_ids, territory_id),
                is_published=True,
                is_synthetic=True,
            )
            actor.refresh_derived_text()
            self.actor_sequence += 1
            actors.append((actor, domain_ids, real.cluster.distinct(real.membership_count.one())))
        Actor.objects.bulk_create([actor for actor, _, _ in actors])
        for actor, domain_ids, cluster_ids in actors:
            actor_domains += [
                Actor.domains.through(actor_id=actor.pk, domain_id=pk) for pk in domain_ids
            ]
            memberships += [
                Membership(actor_id=actor.pk, cluster_id=pk, role=real.membership_role.one())
                for pk in cluster_ids
            ]
        Actor.domains.through.objects.bulk_create(actor_domains)
        Membership.objects.bulk_create(memberships)
        return len(actors), self.projects([(actor, domains) for actor, domains, _ in actors])

    def projects(self, actors: list) -> int:
        """Projects led by actors of this batch, with partners of this batch."""
        real = self.real
        self.project_debt += len(actors) * real.projects_per_actor
        how_many = int(self.project_debt)
        self.project_debt -= how_many
        if not how_many or len(actors) < 2:
            return 0
        projects, links = [], []
        for _ in range(how_many):
            team = self.rng.sample(actors, min(len(actors), max(1, real.participant_count.one())))
            lead, lead_domains = team[0]
            kind, status = real.project_kind_status.one()
            name = self.rng.choice(PROJECT_NAMES).format(brand=self.brand())
            project = Project(
                slug=self.slug(PROJECT_SLUG_PREFIX, self.project_sequence, name),
                name=name,
                kind=kind,
                status=status,
                territory_id=lead.territory_id,
                description=f"{name}, porté par {lead.name}. " + self.rng.choice(ACTIVITIES),
                is_published=True,
                is_synthetic=True,
            )
            project.refresh_derived_text()
            self.project_sequence += 1
            projects.append(project)
            clusters = real.project_cluster.distinct(real.project_cluster_count.one())
            links.append((team, lead_domains, clusters))
        Project.objects.bulk_create(projects)
        participations, project_domains, project_clusters = [], [], []
        for project, (team, domain_ids, cluster_ids) in zip(projects, links, strict=True):
            participations += [
                ProjectParticipation(
                    project_id=project.pk,
                    actor_id=actor.pk,
                    role=ProjectParticipation.Role.LEAD if i == 0 else real.participant_role.one(),
                )
                for i, (actor, _) in enumerate(team)
            ]
            project_domains += [
                Project.domains.through(project_id=project.pk, domain_id=pk) for pk in domain_ids
            ]
            project_clusters += [
                Project.clusters.through(project_id=project.pk, cluster_id=pk) for pk in cluster_ids
            ]
        ProjectParticipation.objects.bulk_create(participations)
        Project.domains.through.objects.bulk_create(project_domains)
        Project.clusters.through.objects.bulk_create(project_clusters)
        return len(projects)


class Command(BaseCommand):
    help = (
        "Ajoute des acteurs synthétiques (publiés, marqués is_synthetic, slugs « syn- ») "
        "répartis comme le contenu réel, pour les mesures de performance ; --clear les retire."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--actors", type=int, default=100_000, help="Nombre d'acteurs à créer (100000)."
        )
        parser.add_argument("--batch-size", type=int, default=2_000, help="Acteurs par lot (2000).")
        parser.add_argument("--seed", type=int, help="Graine du hasard, pour rejouer un tirage.")
        parser.add_argument(
            "--clear", action="store_true", help="Retire tous les enregistrements synthétiques."
        )
        parser.add_argument("--no-progress", action="store_true", help="Sans barre de progression.")

    def handle(self, *args, actors, batch_size, seed, clear, no_progress, verbosity, **options):
        progress = not no_progress and verbosity > 0
        if clear:
            self.clear(batch_size, progress)
            return
        if actors < 0 or batch_size < 1:
            raise CommandError("--actors must be >= 0 and --batch-size >= 1.")
        rng = random.Random(seed)
        generator = Generator(rng, observe(rng))
        created_actors = created_projects = 0
        with tqdm(total=actors, unit="actors", disable=not progress) as bar:
            while created_actors < actors:
                size = min(batch_size, actors - created_actors)
                # One transaction per batch: an interrupted run leaves whole batches only.
                with transaction.atomic():
                    done, projects = generator.batch(size)
                created_actors += done
                created_projects += projects
                bar.update(done)
        # bulk_create sends no signal: make the cached counts and search stale here.
        bump_content_version()
        self.stdout.write(
            self.style.SUCCESS(
                f"{created_actors} acteurs et {created_projects} projets synthétiques créés."
            )
        )

    def clear(self, batch_size: int, progress: bool):
        """Delete synthetic projects, then synthetic actors, batch by batch."""
        deleted = Counter()
        for model in (Project, Actor):
            ids = list(model.objects.filter(is_synthetic=True).values_list("pk", flat=True))
            with tqdm(total=len(ids), unit=model._meta.model_name, disable=not progress) as bar:
                for start in range(0, len(ids), batch_size):
                    chunk = ids[start : start + batch_size]
                    with transaction.atomic():
                        # The collector also removes memberships, participations, links.
                        _total, per_model = model.objects.filter(pk__in=chunk).delete()
                    deleted.update(per_model)
                    bar.update(len(chunk))
        summary = ", ".join(f"{label}: {n}" for label, n in sorted(deleted.items())) or "rien"
        self.stdout.write(
            self.style.SUCCESS(f"Enregistrements synthétiques supprimés — {summary}.")
        )
