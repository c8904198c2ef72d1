"""The « Éditeurs » group: every right on the content, none on users or groups.

A migration created it (``ecosystem/migrations/0002_editors_group.py``); after
every ``migrate`` the group is given the rights on every model of the content
apps and of the apps they review (``ecosystem.core.registry``), so that a
new app's models join it without a migration of their own. Rights are only
added: one an administrator gave the group by hand stays.
"""

EDITORS = "Éditeurs"
ACTIONS = ("add", "change", "view", "delete")


def sync_editors_group(using="default", **kwargs) -> None:
    """Give the editors every right on the content apps' models (a post_migrate receiver)."""
    from django.contrib.auth.models import Group, Permission

    from ecosystem.core.registry import edited_labels

    group, _created = Group.objects.using(using).get_or_create(name=EDITORS)
    permissions = Permission.objects.using(using).filter(
        content_type__app_label__in=edited_labels(),
        codename__regex=rf"^({'|'.join(ACTIONS)})_",
    )
    group.permissions.add(*permissions)
