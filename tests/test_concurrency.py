"""Two editors on one record: a save from a form read before the other's save is refused."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from actors.models import Actor, Person, Quote
from clusters.models import Cluster, Membership
from ecosystem.core.admin import READ_VERSION
from ecosystem.models import Source
from tests.factories import make
from tests.test_admin import form_data as admin_form_data

pytestmark = pytest.mark.django_db

PASSWORD = "Cleantech-Wallonie-2025"


def change_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def editor(name: str) -> Client:
    call_command("create_editor", name, password=PASSWORD, email=f"{name}@example.be")
    client = Client()
    client.force_login(User.objects.get(username=name))
    return client


def form_data(response) -> dict:
    """What the browser posts back for the change form as rendered, sent back or not."""
    data = admin_form_data(response.context)
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data.setdefault(management.add_prefix(name), management[name].value())
    return data


def errors(response) -> str:
    return " ".join(response.context["adminform"].form.non_field_errors())


@pytest.fixture
def marie():
    return editor("marie")


@pytest.fixture
def paul():
    return editor("paul")


@pytest.fixture
def actor():
    source = make(Source, "t-doc", title="Document")
    actor = make(Actor, "t-h2", name="Hydrogène Demo", website="https://h2.example.be")
    actor.sources.add(source)
    actor.tags.add("hydrogène")
    cluster = make(Cluster, "t-cluster", name="Cluster de test")
    Membership.objects.create(actor=actor, cluster=cluster)
    return actor


def test_the_change_form_carries_the_version_it_was_read_at(marie, actor):
    page = marie.get(change_url(actor))
    assert f'type="hidden" name="{READ_VERSION}"' in page.content.decode()
    assert page.context["adminform"].form[READ_VERSION].value()
    add = marie.get(reverse("admin:actors_actor_add"))
    assert f'name="{READ_VERSION}"' not in add.content.decode()


def test_a_stale_save_is_refused_with_what_changed_and_nothing_is_written(marie, paul, actor):
    url = change_url(actor)
    marie_form = form_data(marie.get(url))
    paul_form = form_data(paul.get(url))

    paul_form.update(name_fr="Hydrogène Wallonie", tags="hydrogène, électrolyse")
    assert paul.post(url, paul_form).status_code == 302

    # Marie saves the form she read before Paul's save: a new website, the
    # membership deleted, the tags cleared.
    marie_form.update(website="https://marie.example.be", tags="")
    marie_form["memberships-0-DELETE"] = "on"
    refused = marie.post(url, marie_form)
    assert refused.status_code == 200
    message = errors(refused)
    assert "n'ont pas été enregistrées" in message
    assert "par paul" in message
    assert "« Nom [fr] » vaut maintenant : Hydrogène Wallonie" in message
    assert "« Mots-clés » vaut maintenant : hydrogène, électrolyse" in message
    assert "Site web" not in message  # what Paul did not change is not listed

    actor.refresh_from_db()
    assert actor.name == "Hydrogène Wallonie"
    assert actor.website == "https://h2.example.be"
    assert sorted(actor.tags.names()) == ["hydrogène", "électrolyse"]
    assert actor.memberships.count() == 1

    # The form she gets back keeps her values and carries the current
    # version: saving it again, knowingly, goes through.
    again = form_data(refused)
    assert again["website"] == "https://marie.example.be"
    assert again[READ_VERSION] != marie_form[READ_VERSION]
    saved = marie.post(url, again)
    assert saved.status_code == 302
    actor.refresh_from_db()
    assert actor.website == "https://marie.example.be"
    assert actor.memberships.count() == 0


def test_a_form_without_its_version_is_refused(marie, actor):
    url = change_url(actor)
    data = form_data(marie.get(url))
    for token in ("", "forged"):
        data.update({READ_VERSION: token, "name_fr": "Écrasé"})
        response = marie.post(url, data)
        assert response.status_code == 200
        assert "ne dit pas quelle version" in errors(response)
    actor.refresh_from_db()
    assert actor.name == "Hydrogène Demo"


def test_an_invalid_form_keeps_the_version_it_was_read_at(marie, paul, actor):
    """A form sent back for another error still holds the first read, not a later one."""
    url = change_url(actor)
    data = form_data(marie.get(url))
    invalid = marie.post(url, {**data, "website": "pas une adresse"})
    assert invalid.status_code == 200
    assert "n'ont pas été enregistrées" not in errors(invalid)

    paul_form = form_data(paul.get(url))
    assert paul.post(url, {**paul_form, "description_fr": "Par Paul."}).status_code == 302

    corrected = {**form_data(invalid), "website": "https://h2.example.be/fr"}
    refused = marie.post(url, corrected)
    assert refused.status_code == 200
    assert "Par Paul." in errors(refused)
    actor.refresh_from_db()
    assert actor.website == "https://h2.example.be"


def test_a_change_that_leaves_the_stamp_alone_is_seen_too(marie, actor):
    """A record without ``modified`` (a quote), or changed by an update(): the fields tell."""
    person = Person.objects.create(slug="t-p", name="Anne")
    quote = Quote.objects.create(person=person, text="Des mots.", source=actor.sources.get())
    for obj, change in ((quote, {"text": "D'autres mots."}), (actor, {"website": ""})):
        url = change_url(obj)
        data = form_data(marie.get(url))
        type(obj).objects.filter(pk=obj.pk).update(**change)
        refused = marie.post(url, data)
        assert refused.status_code == 200, obj
        assert "vaut maintenant" in errors(refused)


def test_the_unchanged_form_saves(marie, actor):
    url = change_url(actor)
    data = form_data(marie.get(url))
    assert marie.post(url, {**data, "name_fr": "Nouveau nom"}).status_code == 302
    actor.refresh_from_db()
    assert actor.name == "Nouveau nom"


def test_a_row_changed_on_its_own_page_is_not_put_back_by_a_stale_inline(marie, paul, actor):
    """Issue 25, item 9: the actor's form resubmits its membership rows as they were read."""
    membership = actor.memberships.get()
    url = change_url(actor)
    marie_form = form_data(marie.get(url))

    paul_form = form_data(paul.get(change_url(membership)))
    paul_form.update(role="founder", description_fr="Fondateur du cluster.")
    assert paul.post(change_url(membership), paul_form).status_code == 302

    # Marie changes only the website of the actor she read before Paul's save.
    refused = marie.post(url, {**marie_form, "website": "https://marie.example.be"})
    assert refused.status_code == 200
    row_errors = " ".join(
        " ".join(form.non_field_errors())
        for inline in refused.context["inline_admin_formsets"]
        for form in inline.formset.forms
    )
    membership.refresh_from_db()
    assert f"la ligne « {membership} »" in row_errors
    assert "par paul" in row_errors
    assert "« Rôle » vaut maintenant : fondateur" in row_errors
    assert "« Précision [fr] » vaut maintenant : Fondateur du cluster." in row_errors
    assert "« Site web »" not in row_errors
    actor.refresh_from_db()
    assert (membership.role, membership.description) == ("founder", "Fondateur du cluster.")
    assert actor.website == "https://h2.example.be"

    # Sent again knowingly, the rows carry the current version: Marie's values win.
    again = form_data(refused)
    assert marie.post(url, again).status_code == 302
    actor.refresh_from_db()
    assert actor.website == "https://marie.example.be"


def test_a_row_changed_through_another_page_s_inline_is_seen_too(marie, paul, actor):
    """The same membership, changed from the cluster's page while Marie edits the actor."""
    membership = actor.memberships.get()
    marie_form = form_data(marie.get(change_url(actor)))
    cluster_url = change_url(membership.cluster)
    paul_form = form_data(paul.get(cluster_url))
    paul_form["memberships-0-description_fr"] = "Changé depuis le cluster."
    assert paul.post(cluster_url, paul_form).status_code == 302
    assert marie.post(change_url(actor), marie_form).status_code == 200
    membership.refresh_from_db()
    assert membership.description == "Changé depuis le cluster."


def test_unchanged_rows_save_with_the_record(marie, actor):
    url = change_url(actor)
    data = form_data(marie.get(url))
    data["memberships-0-description_fr"] = "Membre actif."
    assert marie.post(url, {**data, "website": "https://autre.example.be"}).status_code == 302
    assert actor.memberships.get().description == "Membre actif."
