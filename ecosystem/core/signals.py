"""Keep every content record's search text in step, and the public caches fresh."""

from django.apps import apps
from django.core.signals import request_started
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from ecosystem.core.cache import bump_content_version
from ecosystem.core.models import ContentModel, forget_public_source_slugs
from ecosystem.core.registry import is_content
from ecosystem.core.replicas import wait_for_replicas


@receiver(pre_save)
def refresh_derived_text(sender, instance, raw=False, **kwargs):
    # Runs for admin saves and for loaddata (raw=True) alike, so the fixtures
    # are searchable and sorted as soon as they are loaded.
    if isinstance(instance, ContentModel):
        instance.refresh_derived_text()


def _bump():
    forget_public_source_slugs()
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


# Any change to a model of a content app (a record, a link row, a many-to-many
# change) makes the public caches stale.
@receiver(post_save)
@receiver(post_delete)
def content_saved(sender, **kwargs):
    if is_content(sender):
        _bump()


@receiver(m2m_changed)
def content_links_changed(sender, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and is_content(sender):
        _bump()


# Another process may have published or withdrawn a document since the last request.
request_started.connect(forget_public_source_slugs, dispatch_uid="forget_public_source_slugs")


def _is_document(model) -> bool:
    return model is apps.get_model("ecosystem", "Source")


@receiver(pre_save)
def remember_document_state(sender, instance, raw=False, **kwargs):
    if _is_document(sender):
        stored = sender._default_manager.filter(pk=instance.pk).values("slug", "is_published")
        instance._stored_state = stored.first() if instance.pk is not None else None


@receiver(post_save)
def document_saved(sender, instance, raw=False, **kwargs):
    if not _is_document(sender):
        return
    before = getattr(instance, "_stored_state", None)
    if before == {"slug": instance.slug, "is_published": instance.is_published}:
        return
    slugs = {instance.slug} | ({before["slug"]} if before else set())
    refresh_search_text_citing(slugs)


@receiver(post_delete)
def document_deleted(sender, instance, **kwargs):
    if _is_document(sender):
        refresh_search_text_citing({instance.slug})


def refresh_search_text_citing(slugs: set[str]) -> None:
    """Search texts of the records quoting one of ``slugs``, after the document was published,
    withdrawn, renamed or deleted: its words find them exactly when the public may read them."""
    # A text match finds every candidate on SQLite and PostgreSQL alike; the
    # excerpts themselves then say which records quote the document.
    candidates = Q()
    for slug in slugs:
        candidates |= Q(excerpts__icontains=f'"{slug}"')
    for model in apps.get_models():
        if not issubclass(model, ContentModel):
            continue
        for record in model._default_manager.filter(candidates).iterator():
            if not any(excerpt.get("source") in slugs for excerpt in record.excerpts):
                continue
            record.refresh_derived_text()
            # An update, not a save: the record itself did not change (no revision,
            # no new modification date); the document's save bumped the content version.
            model._default_manager.filter(pk=record.pk).update(
                search_text=record.search_text, search_text_en=record.search_text_en
            )
