"""The « Éditeurs » group: full rights on the portal's content, none on users or groups."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Éditeurs"
CONTENT_APPS = ("ecosystem", "clusters", "actors", "taggit")
ACTIONS = ("add", "change", "view", "delete")


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after the whole migrate run
    # (post_migrate); on a fresh database they do not exist yet at this point.
    for label in CONTENT_APPS:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=EDITORS)
    codenames = [
        f"{action}_{model._meta.model_name}"
        for label in CONTENT_APPS
        for model in apps.get_app_config(label).get_models()
        for action in ACTIONS
    ]
    group.permissions.set(
        Permission.objects.filter(content_type__app_label__in=CONTENT_APPS, codename__in=codenames)
    )


def delete_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("ecosystem", "0001_initial"),
        ("clusters", "0002_initial"),
        ("actors", "0002_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_editors_group, delete_editors_group)]
