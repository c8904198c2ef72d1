"""The admin as staff use it: every page, drafts, history and restore, validation, import
and export (no spreadsheet formula leaves it; its export page under the CSP)."""

import csv
import html
import io
from io import BytesIO, StringIO
from pathlib import Path

import pytest
import tablib
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from reversion.models import Version
from taggit.models import Tag

from actors.admin import MAX_IMPORT_BYTES, MAX_IMPORT_ROWS
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

pytestmark = pytest.mark.django_db

PROJECT_DIR = Path(__file__).resolve().parent.parent

PASSWORD = "Cleantech-Wallonie-2025"


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def public_url(name, *args):
    """A public page's URL, or None while the public pages are not there yet."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


@pytest.fixture
def superuser(client):
    user = User.objects.create_superuser("root", "root@example.be", PASSWORD)
    client.force_login(user)
    return user


@pytest.fixture
def editor(client):
    call_command("create_editor", "editrice", email="e@example.be", password=PASSWORD)
    user = User.objects.get(username="editrice")
    client.force_login(user)
    return user


def populate(n: int, tag: str) -> None:
    """``n`` records of every admin model, related to each other the way the content is."""
    source = Source.objects.create(slug=f"{tag}-source", title="Source", is_published=True)
    for i in range(n):
        key = f"{tag}-{i}"
        parent_domain = Domain.objects.create(slug=f"{key}-dp", name=f"Domaine parent {key}")
        domain = Domain.objects.create(slug=f"{key}-d", name=f"Domaine {key}", parent=parent_domain)
        territory = Territory.objects.create(
            slug=f"{key}-t", name=f"Territoire {key}", kind=Territory.Kind.CITY
        )
        Source.objects.create(slug=f"{key}-s", title=f"Source {key}")
        policy = Policy.objects.create(slug=f"{key}-p", name=f"Plan {key}", territory=territory)
        event = Event.objects.create(slug=f"{key}-e", name=f"Événement {key}", territory=territory)
        Concept.objects.create(slug=f"{key}-c", name=f"Notion {key}", definition="…")
        hub = Cluster.objects.create(slug=f"{key}-h", name=f"Hub {key}", kind=Cluster.Kind.HUB)
        cluster = Cluster.objects.create(
            slug=f"{key}-cl", name=f"Cluster {key}", kind=Cluster.Kind.REGIONAL, part_of=hub
        )
        actor = Actor.objects.create(
            slug=f"{key}-a",
            name=f"Acteur {key}",
            kind=Actor.Kind.COMPANY,
            pillar=Pillar.CORPORATE,
            territory=territory,
        )
        actor.domains.add(domain)
        actor.sources.add(source)
        actor.tags.add(f"mot-{key}")
        Membership.objects.create(actor=actor, cluster=cluster)
        person = Person.objects.create(slug=f"{key}-pe", name=f"Personne {key}")
        Role.objects.create(person=person, title=f"Présidente {key}", actor=actor, cluster=cluster)
        Quote.objects.create(person=person, text=f"Citation {key}", source=source)
        project = Project.objects.create(
            slug=f"{key}-pr", name=f"Projet {key}", territory=territory
        )
        ProjectParticipation.objects.create(project=project, actor=actor)
        KeyFigure.objects.create(
            slug=f"{key}-k", label=f"Chiffre {key}", value=80, cluster=cluster, actor=actor
        )
        KeyFigure.objects.create(
            slug=f"{key}-k2", label=f"Chiffre 2 {key}", value=3, policy=policy, event=event
        )
        Milestone.objects.create(slug=f"{key}-m", name=f"Fait {key}", territory=territory)


REGISTERED = sorted(
    (model for model in apps.get_models() if admin.site.is_registered(model)),
    key=lambda model: model._meta.label,
)
PORTAL = [
    model for model in REGISTERED if model._meta.app_label in {"ecosystem", "clusters", "actors"}
]


def ids(model):
    return model._meta.label


class TestEveryPage:
    @pytest.mark.parametrize("model", REGISTERED, ids=ids)
    def test_changelist_add_and_change_pages_answer(self, client, rf, superuser, model):
        populate(1, "page")
        request = rf.get("/admin/")
        request.user = superuser
        model_admin = admin.site.get_model_admin(model)
        assert client.get(admin_url(model, "changelist")).status_code == 200
        # Some third-party admins (login attempts) are read-only by design.
        can_add = model_admin.has_add_permission(request)
        assert client.get(admin_url(model, "add")).status_code == (200 if can_add else 403)
        obj = model._default_manager.first()
        if obj is not None:
            assert client.get(admin_url(model, "change", obj.pk)).status_code == 200
            assert client.get(admin_url(model, "history", obj.pk)).status_code == 200

    @pytest.mark.parametrize("model", [*PORTAL, Tag], ids=ids)
    def test_changelist_runs_a_bounded_number_of_queries(self, client, superuser, model):
        """The same number of queries for 5 rows as for 50: no query per row."""
        url = admin_url(model, "changelist")
        populate(5, "few")
        client.get(url)  # warm the content-type and site caches
        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200
        populate(45, "many")
        with CaptureQueriesContext(connection) as many:
            response = client.get(url)
        assert response.status_code == 200
        assert response.context["cl"].result_count >= 50
        assert len(many) == len(few), [q["sql"] for q in many]

    def test_changelists_filtered_and_searched(self, client, superuser):
        populate(2, "filter")
        for params in ({"stale": "1y"}, {"is_published__exact": "0"}, {"q": "acteur"}):
            response = client.get(admin_url(Actor, "changelist"), params)
            assert response.status_code == 200
        response = client.get(admin_url(Actor, "changelist"), {"q": "Acteur filter-1"})
        assert [a.slug for a in response.context["cl"].result_list] == ["filter-1-a"]


def actor_form(cluster, source, **overrides):
    """The add / change form of an actor as the browser posts it, with one membership."""
    data = {
        "name_fr": "Hydrogène Demo",
        "slug": "hydrogene-demo",
        "aliases": "H2D",
        "kind": Actor.Kind.STARTUP,
        "pillar": Pillar.ENTREPRENEUR,
        "status": Actor.Status.ACTIVE,
        "website": "https://h2demo.example.be",
        "description": "Une start-up de l'hydrogène vert.",
        "sources": [source.pk],
        "tags": "hydrogène",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "0",
        "memberships-0-cluster": cluster.pk,
        "memberships-0-role": Membership.Role.MEMBER,
        "memberships-0-sources": [source.pk],
        "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0",
        "participations-TOTAL_FORMS": "0",
        "participations-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def cluster():
    return Cluster.objects.create(
        slug="district-test", name="District de test", kind=Cluster.Kind.REGIONAL, is_published=True
    )


@pytest.fixture
def source():
    return Source.objects.create(slug="doc-test", title="Document de test", is_published=True)


class TestEditorWorkflow:
    def test_editor_logs_in_with_the_login_form(self, client):
        call_command("create_editor", "editrice", password=PASSWORD, stdout=StringIO())
        response = client.post(
            reverse("admin:login"),
            {"username": "editrice", "password": PASSWORD, "next": "/admin/"},
        )
        assert response.status_code == 302
        assert client.get("/admin/").status_code == 200

    def test_draft_then_published_then_history(self, client, editor, cluster, source):
        response = client.post(admin_url(Actor, "add"), actor_form(cluster, source))
        assert response.status_code == 302, response.context and response.context["errors"]
        actor = Actor.objects.get(slug="hydrogene-demo")
        assert not actor.is_published
        assert list(actor.sources.all()) == [source]
        assert actor.memberships.get().cluster == cluster
        assert actor not in Actor.objects.published()
        self.assert_public(client, actor, cluster, visible=False)

        response = client.post(
            admin_url(Actor, "changelist"), {"action": "publish", "_selected_action": [actor.pk]}
        )
        assert response.status_code == 302
        actor.refresh_from_db()
        assert actor.is_published
        self.assert_public(client, actor, cluster, visible=True)

        versions = Version.objects.get_for_object(actor)
        assert len(versions) == 2
        assert {v.revision.user for v in versions} == {editor}
        assert [v.field_dict["is_published"] for v in versions] == [True, False]
        # The draft version remembers the membership (followed through the inline).
        draft = versions[1].revision.version_set.all()
        assert {v.content_type.model for v in draft} == {"actor", "membership"}
        history = client.get(admin_url(Actor, "history", actor.pk))
        assert history.status_code == 200
        assert "Publié." in history.content.decode()
        assert len(history.context["action_list"]) == 2
        # The previous values: the draft version opens as a form, filled in.
        old = client.get(admin_url(Actor, "revision", actor.pk, versions[1].pk))
        assert old.status_code == 200
        assert old.context["adminform"].form.initial["is_published"] is False
        actor.refresh_from_db()
        assert actor.is_published  # looking at an old version changes nothing

        client.post(
            admin_url(Actor, "changelist"), {"action": "unpublish", "_selected_action": [actor.pk]}
        )
        actor.refresh_from_db()
        assert not actor.is_published
        self.assert_public(client, actor, cluster, visible=False)

    @staticmethod
    def assert_public(client, actor, cluster, visible):
        detail = public_url("actors:actor_detail", actor.slug)
        if detail is None:  # public pages not there yet: the queryset says it all
            return
        assert client.get(detail).status_code == (200 if visible else 404)
        directory = client.get(public_url("actors:actor_list"), {"cluster": cluster.slug})
        assert (detail in directory.content.decode()) is visible
        cluster_page = client.get(cluster.get_absolute_url())
        assert (actor.name in cluster_page.content.decode()) is visible
        search = client.get(public_url("ecosystem:search"), {"q": "Hydrogène Demo"})
        assert (detail in search.content.decode()) is visible

    def test_bulk_publish_only_counts_changes(self, client, editor):
        populate(3, "bulk")
        pks = list(Actor.objects.filter(slug__startswith="bulk-").values_list("pk", flat=True))
        response = client.post(
            admin_url(Actor, "changelist"),
            {"action": "publish", "_selected_action": pks},
            follow=True,
        )
        assert "3 éléments publiés" in response.content.decode()
        assert Actor.objects.published().filter(pk__in=pks).count() == 3

    def test_editor_cannot_reach_user_management(self, client, editor):
        for url in ("/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/"):
            assert client.get(url).status_code == 403
        assert client.get(admin_url(Actor, "changelist")).status_code == 200

    def test_editors_group_has_content_rights_only(self):
        permissions = Group.objects.get(name="Éditeurs").permissions.all()
        apps = {p.content_type.app_label for p in permissions}
        # The content, and what the editors review: the public's proposals, the documents read.
        assert apps == {"ecosystem", "clusters", "actors", "taggit", "proposals", "ingestion"}
        codenames = {p.codename for p in permissions}
        assert {"add_actor", "change_membership", "delete_source", "view_tag"} <= codenames

    def test_create_editor_refuses_a_duplicate_and_a_weak_password(self):
        call_command("create_editor", "paul", password=PASSWORD, stdout=StringIO())
        user = User.objects.get(username="paul")
        assert user.is_staff and not user.is_superuser
        with pytest.raises(CommandError):
            call_command("create_editor", "paul", password=PASSWORD)
        with pytest.raises(CommandError):
            call_command("create_editor", "pierre", password="1234")


class TestRestore:
    def test_deleted_actor_is_recovered_with_its_membership(self, client, editor, cluster, source):
        client.post(admin_url(Actor, "add"), actor_form(cluster, source))
        actor = Actor.objects.get(slug="hydrogene-demo")
        response = client.post(admin_url(Actor, "delete", actor.pk), {"post": "yes"})
        assert response.status_code == 302
        assert not Actor.objects.filter(slug="hydrogene-demo").exists()
        assert not Membership.objects.filter(cluster=cluster).exists()

        self.recover(client, "hydrogene-demo")
        actor = Actor.objects.get(slug="hydrogene-demo")
        assert actor.memberships.get().cluster == cluster
        assert list(actor.sources.all()) == [source]

    def test_record_never_edited_in_the_admin_is_recovered_after_a_bulk_delete(
        self, client, editor
    ):
        # Content loaded by loaddata has no version yet: the delete itself keeps one.
        populate(1, "gone")
        actor = Actor.objects.get(slug="gone-0-a")
        assert not Version.objects.get_for_object(actor).exists()
        client.post(
            admin_url(Actor, "changelist"),
            {"action": "delete_selected", "_selected_action": [actor.pk], "post": "yes"},
        )
        assert not Actor.objects.filter(slug="gone-0-a").exists()
        self.recover(client, "gone-0-a")
        actor = Actor.objects.get(slug="gone-0-a")
        assert actor.memberships.count() == 1
        assert actor.roles.count() == 1
        assert actor.key_figures.get().slug == "gone-0-k"  # deleted with it, back with it

    def test_a_change_is_reverted_from_the_history(self, client, editor, cluster, source):
        client.post(admin_url(Actor, "add"), actor_form(cluster, source))
        actor = Actor.objects.get(slug="hydrogene-demo")
        change = client.get(admin_url(Actor, "change", actor.pk))
        data = {**form_data(change.context), "name_fr": "Nom erroné", "website": ""}
        data["memberships-0-DELETE"] = "on"
        assert client.post(admin_url(Actor, "change", actor.pk), data).status_code == 302
        actor.refresh_from_db()
        assert (actor.name, actor.memberships.count()) == ("Nom erroné", 0)

        first = Version.objects.get_for_object(actor).last()
        url = admin_url(Actor, "revision", actor.pk, first.pk)
        page = client.get(url)
        assert page.status_code == 200
        assert client.post(url, form_data(page.context)).status_code == 302
        actor.refresh_from_db()
        assert actor.name == "Hydrogène Demo"
        assert actor.website == "https://h2demo.example.be"
        assert actor.memberships.get().cluster == cluster

    def test_a_record_linked_to_a_record_deleted_after_it_names_what_to_recover_first(
        self, client, editor, cluster, source
    ):
        """Issue 25, item 10: its membership's cluster is gone too (an IntegrityError, a 500)."""
        client.post(admin_url(Actor, "add"), actor_form(cluster, source))
        actor = Actor.objects.get(slug="hydrogene-demo")
        assert client.post(admin_url(Actor, "delete", actor.pk), {"post": "yes"}).status_code == 302
        delete_cluster = client.post(admin_url(Cluster, "delete", cluster.pk), {"post": "yes"})
        assert delete_cluster.status_code == 302

        listing = client.get(admin_url(Actor, "recoverlist"))
        version = next(v for v in listing.context["deleted"] if v.object_repr == "Hydrogène Demo")
        url = reverse("admin:actors_actor_recover", args=[version.pk])
        for method in (client.get, client.post):
            refused = method(url, follow=True)
            assert refused.status_code == 200
            text = html.unescape(refused.content.decode())
            assert "« Hydrogène Demo » ne peut pas être récupéré" in text
            assert "« District de test » (cluster), supprimé depuis" in text
            cluster_version = Version.objects.get_deleted(Cluster).get(object_id=str(cluster.pk))
            assert reverse("admin:clusters_cluster_recover", args=[cluster_version.pk]) in text
        assert not Actor.objects.filter(slug="hydrogene-demo").exists()

        # Recovered in that order, both come back, linked.
        recover_cluster = reverse("admin:clusters_cluster_recover", args=[cluster_version.pk])
        form = client.get(recover_cluster)
        assert client.post(recover_cluster, form_data(form.context)).status_code == 302
        self.recover(client, "hydrogene-demo")
        actor = Actor.objects.get(slug="hydrogene-demo")
        assert actor.memberships.get().cluster.slug == "district-test"

    def test_a_slug_taken_again_since_the_deletion_is_named(self, client, editor, cluster, source):
        """Reversion said « Could not save … version - missing dependency. », in English."""
        client.post(admin_url(Actor, "add"), actor_form(cluster, source))
        actor = Actor.objects.get(slug="hydrogene-demo")
        assert client.post(admin_url(Actor, "delete", actor.pk), {"post": "yes"}).status_code == 302
        Actor.objects.create(slug="hydrogene-demo", name="Un autre")
        listing = client.get(admin_url(Actor, "recoverlist"))
        version = next(v for v in listing.context["deleted"] if v.object_repr == "Hydrogène Demo")
        url = reverse("admin:actors_actor_recover", args=[version.pk])
        for method in (client.get, client.post):
            response = method(url, follow=True)
            assert response.status_code == 200
            assert (
                "« Hydrogène Demo » ne peut pas être récupéré dans cette version : son "
                "identifiant d'URL « hydrogene-demo » est pris depuis par « Un autre »"
            ) in html.unescape(response.content.decode())
        assert Actor.objects.get(slug="hydrogene-demo").name == "Un autre"

    @staticmethod
    def recover(client, slug):
        listing = client.get(admin_url(Actor, "recoverlist"))
        assert listing.status_code == 200
        version = next(v for v in listing.context["deleted"] if v.field_dict["slug"] == slug)
        url = reverse("admin:actors_actor_recover", args=[version.pk])
        form = client.get(url)
        assert form.status_code == 200
        response = client.post(url, form_data(form.context))
        assert response.status_code == 302, form_errors(response)


def form_data(context) -> dict:
    """What the browser would post back for an admin change form as rendered."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            elif value is not None:
                data[key] = str(value)

    add(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[formset.management_form.add_prefix(name)] = value
        for form in formset.initial_forms:
            add(form)
        data[formset.management_form.add_prefix("TOTAL_FORMS")] = len(formset.initial_forms)
    return data


def form_errors(response):
    if response.context is None:
        return response.status_code
    inline_errors = [f.errors for f in response.context.get("inline_admin_formsets", [])]
    return response.context["adminform"].form.errors, inline_errors


class TestValidation:
    """Wrong input is a form error on the page (200), never a 500, and nothing is saved."""

    @pytest.mark.parametrize(
        "overrides",
        [
            pytest.param({"slug": "existant"}, id="duplicate-slug"),
            pytest.param({"founded_year": "2020", "ended_year": "2010"}, id="end-before-start"),
            pytest.param({"website": "pas une adresse"}, id="malformed-url"),
            pytest.param({"pillar": "aliens"}, id="unknown-pillar"),
            pytest.param({"kind": ""}, id="missing-kind"),
        ],
    )
    def test_actor_form_errors(self, client, editor, cluster, source, overrides):
        Actor.objects.create(slug="existant", name="Existant", kind="company", pillar="corporate")
        before = Actor.objects.count()
        response = client.post(admin_url(Actor, "add"), actor_form(cluster, source, **overrides))
        assert response.status_code == 200
        assert response.context["adminform"].form.errors
        assert Actor.objects.count() == before
        assert not Membership.objects.filter(cluster=cluster).exists()

    def test_same_membership_twice_in_the_inline(self, client, editor, cluster, source):
        data = actor_form(
            cluster,
            source,
            **{
                "memberships-TOTAL_FORMS": "2",
                "memberships-1-cluster": cluster.pk,
                "memberships-1-role": Membership.Role.FOUNDER,
            },
        )
        response = client.post(admin_url(Actor, "add"), data)
        assert response.status_code == 200
        formset = response.context["inline_admin_formsets"][0].formset
        assert formset.non_form_errors()
        assert not Actor.objects.filter(slug="hydrogene-demo").exists()

    def test_membership_that_already_exists(self, client, editor, cluster, source):
        actor = Actor.objects.create(slug="a1", name="A1", kind="company", pillar="corporate")
        Membership.objects.create(actor=actor, cluster=cluster)
        response = client.post(
            admin_url(Membership, "add"),
            {"actor": actor.pk, "cluster": cluster.pk, "role": "member"},
        )
        assert response.status_code == 200
        assert "déjà membre" in str(response.context["adminform"].form.errors)

    def test_cluster_end_before_start_and_role_without_place(self, client, editor):
        response = client.post(
            admin_url(Cluster, "add"),
            {
                "name_fr": "Pôle",
                "slug": "pole-x",
                "kind": "pole",
                "status": "active",
                "start_year": "2015",
                "end_year": "2001",
                "memberships-TOTAL_FORMS": "0",
                "memberships-INITIAL_FORMS": "0",
                "roles-TOTAL_FORMS": "0",
                "roles-INITIAL_FORMS": "0",
            },
        )
        assert response.status_code == 200
        assert "end_year" in response.context["adminform"].form.errors
        person = Person.objects.create(slug="p", name="P")
        roles = Role.objects.count()
        response = client.post(admin_url(Role, "add"), {"person": person.pk, "title": "Présidente"})
        assert response.status_code == 200
        assert response.context["adminform"].form.errors
        assert not Cluster.objects.filter(slug="pole-x").exists()
        assert Role.objects.count() == roles


def upload(rows, name="acteurs.csv", file_format="csv"):
    dataset = tablib.Dataset(headers=list(rows[0]))
    for row in rows:
        dataset.append([row[key] for key in rows[0]])
    content = dataset.export(file_format)
    if isinstance(content, str):
        content = content.encode()
    return SimpleUploadedFile(name, content)


def import_rows(cluster):
    base = {
        "slug": "",
        "name": "",
        "kind": "startup",
        "pillar": "entrepreneur",
        "territory": "",
        "domains": "",
        "clusters": "",
        "website": "",
        "is_published": "",
    }
    return [
        {**base, "slug": "imp-un", "name": "Import Un", "clusters": f"{cluster.slug}:founder"},
        {**base, "slug": "imp-deux", "name": "Import Deux", "pillar": "Entreprises"},
        {**base, "slug": "imp-trois", "name": "Import Trois", "is_published": "oui"},
    ]


class TestImportExport:
    FORMATS = {"csv": "0", "xlsx": "1"}

    def start(self, client, file):
        fmt = self.FORMATS["xlsx" if file.name.endswith(".xlsx") else "csv"]
        return client.post(
            admin_url(Actor, "import"),
            {"resource": "0", "format": fmt, "import_file": file},
        )

    @pytest.mark.parametrize("bad", ["pillar", "domains", "clusters", "territory", "url"])
    def test_one_bad_row_writes_nothing_and_is_reported(self, client, editor, cluster, bad):
        rows = import_rows(cluster)
        broken = {
            "pillar": {"pillar": "aliens"},
            "domains": {"domains": "inconnu"},
            "clusters": {"clusters": "pas-un-cluster:member"},
            "territory": {"territory": "atlantide"},
            "url": {"website": "pas une adresse"},
        }[bad]
        rows[1].update(broken)
        before = (Actor.objects.count(), Membership.objects.count())
        response = self.start(client, upload(rows))
        assert response.status_code == 200
        result = response.context["result"]
        assert result.has_validation_errors()
        assert [row.number for row in result.invalid_rows] == [2]
        assert "confirm_form" not in response.context
        assert (Actor.objects.count(), Membership.objects.count()) == before

    def test_preview_then_confirm_creates_drafts_with_memberships(self, client, editor, cluster):
        response = self.start(client, upload(import_rows(cluster)))
        assert response.status_code == 200
        result = response.context["result"]
        assert not result.has_errors() and not result.has_validation_errors()
        assert [row.import_type for row in result.valid_rows()] == ["new"] * 3
        assert not Actor.objects.filter(slug__startswith="imp-").exists()  # preview only

        confirm = response.context["confirm_form"]
        response = client.post(
            admin_url(Actor, "process_import"),
            {name: confirm[name].value() for name in confirm.fields},
        )
        assert response.status_code == 302
        imported = {a.slug: a for a in Actor.objects.filter(slug__startswith="imp-")}
        assert set(imported) == {"imp-un", "imp-deux", "imp-trois"}
        assert not imported["imp-un"].is_published
        assert imported["imp-deux"].pillar == Pillar.CORPORATE
        assert imported["imp-trois"].is_published
        membership = imported["imp-un"].memberships.get()
        assert (membership.cluster, membership.role) == (cluster, Membership.Role.FOUNDER)
        assert Version.objects.get_for_object(imported["imp-un"]).count() == 1

    def test_export_then_import_round_trip_in_excel(self, client, editor, cluster):
        populate(2, "xl")
        actor = Actor.objects.get(slug="xl-0-a")
        response = client.post(
            admin_url(Actor, "export"),
            {"format": "1", "resource": "0", **{f"actorresource_{f}": "on" for f in FIELDS}},
        )
        assert response.status_code == 200
        dataset = tablib.Dataset().load(BytesIO(response.content).read(), format="xlsx")
        slugs = [values[0] for values in dataset]
        row = dict(zip(dataset.headers, dataset[slugs.index("xl-0-a")], strict=True))
        assert row["clusters"] == "xl-0-cl:member"
        assert row["domains"] == "xl-0-d"
        assert row["territory"] == "xl-0-t"

        # Change one cell in the exported file: only that actor is updated.
        position = slugs.index("xl-0-a")
        values = list(dataset[position])
        values[dataset.headers.index("clusters")] = f"xl-0-cl:animator, {cluster.slug}"
        dataset[position] = values
        file = SimpleUploadedFile("acteurs.xlsx", dataset.export("xlsx"))
        response = self.start(client, file)
        result = response.context["result"]
        assert not result.has_validation_errors(), result.invalid_rows
        types = {row.object_repr: row.import_type for row in result.rows}
        assert types[actor.name] == "update"
        assert types["Acteur xl-1"] == "skip"
        confirm = response.context["confirm_form"]
        client.post(
            admin_url(Actor, "process_import"),
            {name: confirm[name].value() for name in confirm.fields},
        )
        roles = dict(actor.memberships.values_list("cluster__slug", "role"))
        assert roles == {"xl-0-cl": "animator", cluster.slug: "member"}


FIELDS = (
    "slug",
    "name",
    "name_en",
    "aliases",
    "kind",
    "pillar",
    "status",
    "territory",
    "domains",
    "clusters",
    "website",
    "founded_year",
    "ended_year",
    "description",
    "description_en",
    "is_published",
)


def test_tags_are_editable_by_editors(client, editor):
    Tag.objects.create(name="hydrogène", slug="hydrogene")
    assert client.get(admin_url(Tag, "changelist")).status_code == 200


class TestImportLimits:
    """Issue 25, item 11: a preview of 8,000 rows outlived the worker (a 500)."""

    @staticmethod
    def csv_file(n: int, padding: str = "") -> SimpleUploadedFile:
        lines = ["slug,name,kind,pillar,description"]
        lines += [f"t-lim-{i},Limite {i},startup,entrepreneur,{padding}" for i in range(n)]
        return SimpleUploadedFile("acteurs.csv", "\n".join(lines).encode())

    def post(self, client, file):
        return client.post(
            admin_url(Actor, "import"), {"resource": "0", "format": "0", "import_file": file}
        )

    def test_the_form_states_the_limit(self, client, editor):
        page = client.get(admin_url(Actor, "import")).content.decode()
        assert f"Au plus {MAX_IMPORT_ROWS} lignes et {MAX_IMPORT_BYTES // 1024} Ko" in page

    def test_too_many_rows_are_refused_before_any_preview(self, client, editor):
        response = self.post(client, self.csv_file(8000))
        assert response.status_code == 200
        errors = response.context["form"].errors["import_file"]
        assert errors == [
            f"Ce fichier est trop long pour un seul import (8000 lignes) : au plus "
            f"{MAX_IMPORT_ROWS} lignes et {MAX_IMPORT_BYTES // 1024} Ko. "
            "Découpez-le en plusieurs fichiers."
        ]
        assert "result" not in response.context
        assert not Actor.objects.filter(slug__startswith="t-lim-").exists()

    def test_a_file_too_big_is_refused(self, client, editor):
        response = self.post(client, self.csv_file(10, padding="x" * 60_000))
        assert "trop long pour un seul import" in response.context["form"].errors["import_file"][0]

    def test_up_to_the_limit_the_preview_runs(self, client, editor, monkeypatch):
        monkeypatch.setattr("actors.admin.MAX_IMPORT_ROWS", 3)
        assert "form" in self.post(client, self.csv_file(4)).context
        assert self.post(client, self.csv_file(4)).context["form"].errors
        preview = self.post(client, self.csv_file(3))
        assert not preview.context["form"].errors
        assert [row.import_type for row in preview.context["result"].rows] == ["new"] * 3


# --- Exports: no formula, and the export page under the CSP ---------------------------

FORMULAS = {
    "name": '=HYPERLINK("https://evil.example";"clic")',
    "aliases": "@SUM(A1)",
    "description": "- une liste Markdown\n- deuxième point",
    "description_en": "+33 is not a number here",
    "name_en": "'=already quoted",
}


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_admin_export_neutralises_formulas_and_imports_back_unchanged(client, editor, fmt):
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


@pytest.mark.django_db
def test_the_export_page_wires_select_all_from_a_static_script(client, editor):
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
