"""Backup and restore: ``backup_content`` then ``loaddata`` gives back every record as saved.

The restore runs the README's commands as written there, into an emptied
database and into one that already holds the content, and compares every
model's rows by natural key: fields, links, tags and timestamps to the
microsecond.
"""

import json
import re
import shlex
import threading
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import IntegrityError, connection, connections, transaction
from taggit.models import Tag, TaggedItem

from actors.models import Actor, Person, Project, Quote
from clusters.models import Cluster, Membership
from ecosystem.core.registry import content_apps
from ecosystem.management.commands import backup_content
from ecosystem.models import Pillar, Source

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parent.parent / "README.md"
BACKUP_FILE = "backup.json"


def content_models():
    """Every model the backup must bring back: the content apps' and taggit's tags."""
    models = [model for config in content_apps() for model in config.get_models()]
    return [*models, Tag]


def natural(obj) -> tuple:
    return tuple(obj.natural_key())


def rows(model) -> dict:
    """``model``'s rows by natural key, every field with relations by natural key too."""
    result = {}
    objs = model._base_manager.all()
    for obj in objs:
        values = {}
        for field in model._meta.concrete_fields:
            if field.primary_key:
                continue
            value = field.value_from_object(obj)
            if field.is_relation and value is not None:
                value = natural(getattr(obj, field.name))
            values[field.name] = value
        # Tags too, whatever model holds their links.
        for field in model._meta.many_to_many:
            related = getattr(obj, field.name).all()
            values[field.name] = sorted(natural(other) for other in related)
        result[natural(obj)] = values
    assert len(result) == len(objs), f"{model._meta.label}: two rows share a natural key"
    return result


def snapshot() -> dict:
    return {model._meta.label: rows(model) for model in content_models()}


def readme_commands() -> list[list[str]]:
    """The commands of the README's « Backup and restore » block, as argument lists."""
    section = README.read_text().split("### Backup and restore", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL).group(1)
    commands = []
    for line in block.splitlines():
        for command in line.split("#", 1)[0].split("&&"):
            words = shlex.split(command)
            if words:
                assert words[:2] == ["python", "manage.py"], line
                commands.append(words[2:])
    return commands


def run(words: list[str], backup: Path) -> None:
    name, *args = words
    args = [str(backup) if arg == BACKUP_FILE else arg for arg in args]
    call_command(name, *args, stdout=StringIO(), stderr=StringIO())


@pytest.fixture
def readme():
    """The README's backup commands, split at the first restore step."""
    commands = readme_commands()
    assert [words[0] for words in commands] == ["backup_content", "migrate", "loaddata"]
    return commands[:1], commands[1:]


def flush() -> None:
    postgresql = connection.vendor == "postgresql"
    if postgresql:
        # TRUNCATE refuses tables whose foreign-key checks this test's
        # transaction still holds back: run them now.
        connection.cursor().execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if postgresql:
        connection.cursor().execute("SET CONSTRAINTS ALL DEFERRED")


@pytest.fixture
def flushable():
    yield
    # flush recreated the content types under new ids, rolled back since.
    ContentType.objects.clear_cache()


def at(second: int, microsecond: int) -> datetime:
    return datetime(2024, 5, 17, 9, 30, second, microsecond, tzinfo=UTC)


@pytest.fixture
def awkward():
    """The real content plus what a backup once lost: tags, a quote cited twice, microseconds."""
    # A gap in the ids: restored records get other ids than the saved ones.
    for model in (Actor, Project, Cluster):
        model.objects.create(slug="t-gap").delete()
    actors = list(Actor.objects.order_by("pk")[:6])
    projects = list(Project.objects.order_by("pk")[:4])
    clusters = list(Cluster.objects.order_by("pk")[:4])
    assert len(actors) == 6 and len(projects) == 4 and len(clusters) == 4
    for i, actor in enumerate(actors):
        actor.tags.add("hydrogène", f"acteur-{i}", *(["économie circulaire"] if i % 2 else []))
    for i, project in enumerate(projects):
        project.tags.add("hydrogène", f"projet-{i}")
    for i, cluster in enumerate(clusters):
        cluster.tags.add(f"cluster-{i}", "économie circulaire")
    Tag.objects.create(name="sans objet", slug="sans-objet")

    # The same words of one person, quoted by two documents.
    quote = Quote.objects.select_related("person").first()
    other = Source.objects.exclude(pk=quote.source_id).first()
    Quote.objects.create(person=quote.person, text=quote.text, source=other, context="Repris")

    # Timestamps to the microsecond, on a record of every timestamped model.
    for i, model in enumerate(content_models()):
        if any(field.name == "modified" for field in model._meta.fields):
            first = model._base_manager.order_by("pk").first()
            model._base_manager.filter(pk=first.pk).update(
                created=at(i, 123456 + i), modified=at(i, 654321 - i)
            )
    saved = snapshot()
    assert all(saved.values()), [label for label, found in saved.items() if not found]
    tagged = (row.get("tags", ()) for found in saved.values() for row in found.values())
    assert sum(len(tags) for tags in tagged) == 31
    return saved


def test_restore_into_an_empty_database_as_the_readme_says(tmp_path, readme, awkward, flushable):
    backup_steps, restore_steps = readme
    backup = tmp_path / BACKUP_FILE
    for words in backup_steps:
        run(words, backup)

    # A new, empty database: nothing of the content left, ids counted afresh.
    flush()
    assert not Actor.objects.exists() and not Tag.objects.exists()
    for words in restore_steps:
        run(words, backup)

    assert snapshot() == awkward
    assert not TaggedItem.objects.exists()  # every tag link is by foreign key


def test_restore_into_the_database_that_holds_it_puts_back_what_was_saved(
    tmp_path, readme, awkward
):
    backup_steps, restore_steps = readme
    backup = tmp_path / BACKUP_FILE
    for words in backup_steps:
        run(words, backup)
    loaddata = next(words for words in restore_steps if words[0] == "loaddata")

    run(loaddata, backup)
    assert snapshot() == awkward

    # Changed since the backup: the restore brings back the saved state.
    actor = Actor.objects.filter(tags__name="hydrogène").first()
    actor.name = "Renommé"
    actor.save()
    actor.tags.remove("hydrogène")
    Quote.objects.filter(context="Repris").delete()
    Person.objects.filter(pk=Person.objects.first().pk).update(modified=at(0, 1))
    run(loaddata, backup)
    assert snapshot() == awkward


def test_a_quote_is_once_per_person_source_and_text():
    quote = Quote.objects.select_related("person", "source").first()
    other = Source.objects.exclude(pk=quote.source_id).first()
    again = Quote.objects.create(person=quote.person, text=quote.text, source=other)
    assert natural(again) != natural(quote)
    assert Quote.objects.get_by_natural_key(*natural(again)) == again
    with pytest.raises(IntegrityError), transaction.atomic():
        Quote.objects.create(person=quote.person, text=quote.text, source=quote.source)


def test_backup_keeps_microseconds(tmp_path):
    actor = Actor.objects.first()
    Actor.objects.filter(pk=actor.pk).update(modified=at(1, 999999))
    backup = tmp_path / BACKUP_FILE
    call_command("backup_content", str(backup), stdout=StringIO())
    assert f'"{at(1, 999999).isoformat()}"' in backup.read_text()


def in_thread(work):
    """``work()`` on a connection of its own, outside this test's transaction (autocommit)."""
    outcome = {}

    def target():
        try:
            outcome["value"] = work()
        except BaseException as error:  # raised again in the test's thread
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


MEANWHILE = "t-saved-during-the-backup"


def save_actor_and_membership():
    actor = Actor.objects.create(
        slug=MEANWHILE, name="Saved meanwhile", kind=Actor.Kind.COMPANY, pillar=Pillar.CORPORATE
    )
    cluster = Cluster.objects.get(slug="district-cleantech")
    Membership.objects.create(actor=actor, cluster=cluster, role=Membership.Role.MEMBER)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="another session writing during the backup: PostgreSQL (SQLite has one writer)",
)
def test_backup_is_one_snapshot_while_an_editor_saves(tmp_path):
    """An actor and its membership committed by another session once the backup has
    written the actors, before it reads the memberships: neither is in the file."""
    backup = tmp_path / BACKUP_FILE
    read = backup_content.objects_of

    def objects_of(model):
        if model is Membership:
            in_thread(save_actor_and_membership)
        return read(model)

    try:
        with mock.patch.object(backup_content, "objects_of", objects_of):
            # The backup's own session, as `manage.py backup_content` has: not this test's.
            in_thread(lambda: run(["backup_content", BACKUP_FILE], backup))
    finally:
        in_thread(lambda: Actor.objects.filter(slug=MEANWHILE).delete())

    saved = json.loads(backup.read_text())
    actors = {row["fields"]["slug"] for row in saved if row["model"] == "actors.actor"}
    members = [row["fields"]["actor"] for row in saved if row["model"] == "clusters.membership"]
    assert members and MEANWHILE not in actors
    assert [slug for (slug,) in members if slug not in actors] == [], "links without their actor"
    # And it restores.
    call_command("loaddata", str(backup), verbosity=0)
    assert not Actor.objects.filter(slug=MEANWHILE).exists()


@pytest.mark.django_db
def test_backup_reloads_into_an_empty_database(tmp_path):
    backup = tmp_path / "backup.json"
    call_command("backup_content", str(backup))
    before = json.loads(backup.read_text())
    assert len(before) > 100  # the real content is there

    call_command("flush", interactive=False, verbosity=0)
    assert not Actor.objects.exists()
    call_command("loaddata", str(backup), verbosity=0)

    again = tmp_path / "again.json"
    call_command("backup_content", str(again))
    assert json.loads(again.read_text()) == before
