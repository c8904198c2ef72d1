"""Which installed apps hold the portal's public content: each declares itself.

A content app's ``AppConfig`` sets ``portal_content = True`` (and names the URL
namespaces of its public pages in ``public_namespaces``). Everything that must
know the content apps reads them here: the signals that bump the content
version, the replica router, the page cache, the backup, the editors' group and
the tests. A new app joins by declaring itself; nothing else changes::

    class EventsConfig(AppConfig):
        name = "events"
        portal_content = True
        public_namespaces = ("events",)

Proposals from the public are not content: their app does not declare itself.
"""

from __future__ import annotations

from functools import cache

from django.apps import AppConfig, apps

# Third-party apps whose tables hold content too: the records' tags.
CONTENT_LIBRARIES = ("taggit",)


def content_apps() -> list[AppConfig]:
    """The content apps, in INSTALLED_APPS order (the order the backup writes them in)."""
    return [config for config in apps.get_app_configs() if getattr(config, "portal_content", False)]


@cache
def content_labels() -> frozenset[str]:
    """The labels of the content apps: a save in one of them makes the public caches stale."""
    return frozenset(config.label for config in content_apps())


@cache
def content_table_labels() -> frozenset[str]:
    """The apps whose tables the public pages read and the editors edit (tags included)."""
    return content_labels() | frozenset(CONTENT_LIBRARIES)


@cache
def public_namespaces() -> frozenset[str]:
    """The URL namespaces (``app_name``) of the public pages the page cache keeps."""
    return frozenset(
        namespace for config in content_apps() for namespace in config.public_namespaces
    )


def edited_labels() -> frozenset[str]:
    """What the « Éditeurs » group edits: the content, and the apps that declare
    ``reviewed_by_editors`` (the public's proposals)."""
    reviewed = {
        config.label
        for config in apps.get_app_configs()
        if getattr(config, "reviewed_by_editors", False)
    }
    return content_table_labels() | reviewed


def is_content(model) -> bool:
    return model._meta.app_label in content_labels()
