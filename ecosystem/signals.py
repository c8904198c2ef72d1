"""Keep every content record's normalised search text in step with its fields."""

from django.db.models.signals import pre_save
from django.dispatch import receiver

from .base import ContentModel


@receiver(pre_save)
def refresh_search_text(sender, instance, raw=False, **kwargs):
    # Runs for admin saves and for loaddata (raw=True) alike, so the fixtures
    # are searchable on SQLite as soon as they are loaded.
    if isinstance(instance, ContentModel):
        instance.search_text = instance.build_search_text()
