"""Keep every content record's search text in step, and the public caches fresh."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from ecosystem.core.cache import bump_content_version
from ecosystem.core.models import ContentModel
from ecosystem.core.replicas import wait_for_replicas


@receiver(pre_save)
def refresh_derived_text(sender, instance, raw=False, **kwargs):
    # Runs for admin saves and for loaddata (raw=True) alike, so the fixtures
    # are searchable and sorted as soon as they are loaded.
    if isinstance(instance, ContentModel):
        instance.refresh_derived_text()


# Apps whose records are public content: any change to one of their models
# (a record, a link row, a many-to-many change) makes the public caches stale.
CONTENT_APPS = {"actors", "clusters", "ecosystem"}


def _is_content(model) -> bool:
    return model._meta.app_label in CONTENT_APPS


def _bump():
    bump_content_version()
    # Once more after the commit: a request that read the old rows between the
    # save and the commit may have cached them under the bumped version. Once
    # per transaction, however many records it saves.
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        if getattr(connection, "_content_bump_hooks", None) is connection.run_on_commit:
            return
        connection._content_bump_hooks = connection.run_on_commit
    transaction.on_commit(_after_commit)


def _after_commit():
    # With read replicas, only once they hold the commit: a page read from a
    # lagging replica must not be cached under the new version.
    wait_for_replicas()
    bump_content_version()


@receiver(post_save)
@receiver(post_delete)
def content_saved(sender, **kwargs):
    if _is_content(sender):
        _bump()


@receiver(m2m_changed)
def content_links_changed(sender, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and _is_content(sender):
        _bump()
