"""The migration that moves a model's tags from taggit's generic link to its own through model."""

from django.db import migrations


def move_tags(app_label: str, model_name: str, through_name: str) -> migrations.RunPython:
    """Copy ``app_label.model_name``'s taggit.TaggedItem rows into ``through_name``, and back."""

    def links(apps):
        content_type = apps.get_model("contenttypes", "ContentType").objects.filter(
            app_label=app_label, model=model_name
        )
        tagged_item = apps.get_model("taggit", "TaggedItem")
        return tagged_item, tagged_item.objects.filter(content_type__in=content_type)

    def forward(apps, schema_editor):
        through = apps.get_model(app_label, through_name)
        model = apps.get_model(app_label, model_name)
        _tagged_item, generic = links(apps)
        # A link to a record deleted meanwhile has nothing to point at: it goes.
        existing = set(model.objects.values_list("pk", flat=True))
        through.objects.bulk_create(
            through(content_object_id=object_id, tag_id=tag_id)
            for object_id, tag_id in generic.values_list("object_id", "tag_id")
            if object_id in existing
        )
        generic.delete()

    def backward(apps, schema_editor):
        through = apps.get_model(app_label, through_name)
        content_type, _created = apps.get_model(
            "contenttypes", "ContentType"
        ).objects.get_or_create(app_label=app_label, model=model_name)
        tagged_item, _generic = links(apps)
        tagged_item.objects.bulk_create(
            tagged_item(content_type=content_type, object_id=object_id, tag_id=tag_id)
            for object_id, tag_id in through.objects.values_list("content_object_id", "tag_id")
        )

    return migrations.RunPython(forward, backward)
