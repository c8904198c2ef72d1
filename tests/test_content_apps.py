"""The registry of content apps (ecosystem/core/registry.py): one declaration per app.

Every app with published records declares itself; what must know the content
apps — the content version, the replica router, the page cache, the editors'
group — reads the registry, so a declared app gets them all.
"""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import models
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve

from actors.models import Actor
from ecosystem.core import replicas
from ecosystem.core.cache import content_version
from ecosystem.core.editors import EDITORS, sync_editors_group
from ecosystem.core.registry import (
    content_apps,
    content_labels,
    content_table_labels,
    public_namespaces,
)
from ecosystem.core.replicas import PrimaryReplicaRouter, ReplicaMiddleware

pytestmark = pytest.mark.django_db


def publishable_models() -> list[type[models.Model]]:
    """Every installed model that has records the public may see (an ``is_published``)."""
    return [
        model
        for model in apps.get_models()
        if any(field.name == "is_published" for field in model._meta.get_fields())
    ]


def undeclared() -> list[str]:
    return [model._meta.label for model in publishable_models() if not _declared(model)]


def _declared(model) -> bool:
    return model._meta.app_label in {config.label for config in content_apps()}


def test_every_app_with_published_records_declares_itself():
    assert publishable_models(), "the portal has publishable models"
    assert undeclared() == []


def test_an_app_that_forgets_to_declare_itself_is_named(monkeypatch):
    monkeypatch.setattr(apps.get_app_config("clusters"), "portal_content", False)
    assert "clusters.Cluster" in undeclared()


def test_the_registry_lists_the_content_apps_in_installed_order():
    assert [config.label for config in content_apps()] == ["ecosystem", "clusters", "actors"]
    assert content_labels() == {"ecosystem", "clusters", "actors"}
    assert content_table_labels() == content_labels() | {"taggit"}
    assert public_namespaces() == {"ecosystem", "feeds", "visuals", "clusters", "actors"}


@pytest.mark.parametrize("label", ["ecosystem", "clusters", "actors"])
def test_a_save_in_any_content_app_bumps_the_content_version(label):
    model = next(
        model for model in apps.get_app_config(label).get_models() if model.objects.exists()
    )
    record = model.objects.first()
    before = content_version()
    record.save()
    assert content_version() != before


def test_a_save_outside_the_content_apps_bumps_nothing():
    before = content_version()
    Group.objects.create(name="Quelqu'un")
    assert content_version() == before


def test_the_router_reads_content_from_a_replica_and_the_rest_from_the_primary(monkeypatch):
    """An anonymous visitor's public page, a replica configured and answering."""
    monkeypatch.setattr(replicas, "replica_aliases", lambda: ["replica1"])
    monkeypatch.setattr(replicas, "choose_replica", lambda: "replica1")
    router = PrimaryReplicaRouter()
    reads = {}

    def view(request):
        # As Django's handler does once the URL is resolved, before the view.
        middleware.process_view(request, view, (), {})
        for label in content_table_labels():
            model = next(iter(apps.get_app_config(label).get_models()))
            reads[label] = router.db_for_read(model)
        reads["auth"] = router.db_for_read(Group)
        return HttpResponse()

    middleware = ReplicaMiddleware(view)
    request = RequestFactory().get("/actors/")
    request.resolver_match = resolve("/actors/")
    middleware(request)
    assert reads == {**dict.fromkeys(content_table_labels(), "replica1"), "auth": "default"}
    # Outside any request, everything is read from the primary.
    assert router.db_for_read(Actor) == "default"


def test_the_editors_group_gets_every_right_on_every_content_model():
    group = Group.objects.get(name=EDITORS)
    group.permissions.clear()
    sync_editors_group()
    codenames = set(group.permissions.values_list("codename", flat=True))
    for label in content_table_labels():
        for model in apps.get_app_config(label).get_models():
            for action in ("add", "change", "view", "delete"):
                assert f"{action}_{model._meta.model_name}" in codenames
    assert not group.permissions.filter(content_type__app_label="auth").exists()
