"""Recovering a deleted record, or going back to an old version, when what it links to is gone.

A version holds the record with its links (memberships, roles, tags…). Put back,
a link to a record deleted since — the cluster of a membership, a cited source —
is refused by the database when the transaction commits: django-reversion's view
then ends in a 500. The admin names what to recover first instead, with its own
« Récupérer » link, and refuses anything else the database would (a slug taken
again meanwhile) with a message.
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.db import IntegrityError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from reversion.errors import RevertError
from reversion.models import Version


def _links(restored) -> list[tuple[type, object]]:
    """(model, primary key) of every record a deserialized version points to."""
    obj = restored.object
    links = [
        (field.related_model, getattr(obj, field.attname))
        for field in obj._meta.concrete_fields
        if field.is_relation and field.target_field.primary_key
    ]
    for name, keys in (restored.m2m_data or {}).items():
        model = obj._meta.get_field(name).related_model
        links += [(model, key) for key in keys]
    return [(model, key) for model, key in links if key is not None]


def missing_links(version: Version) -> list[tuple[type, str]]:
    """What the revision of ``version`` links to that neither the database nor the revision
    holds: (model, primary key), in the order met."""
    versions = list(version.revision.version_set.all())
    held = {(v._model, str(v.object_id)) for v in versions}
    wanted: dict[type, set[str]] = defaultdict(set)
    for one in versions:
        try:
            links = _links(one._object_version)
        except RevertError:
            continue  # reversion says so itself, in its own view
        for model, key in links:
            if (model, str(key)) not in held:
                wanted[model].add(str(key))
    missing = []
    for model, keys in wanted.items():
        present = {str(row) for (row,) in model._base_manager.filter(pk__in=keys).values_list("pk")}
        missing += [(model, key) for key in sorted(keys - present)]
    return missing


def taken_values(version: Version) -> list[tuple[object, object, object]]:
    """(field, value, record) for each unique value of the revision that another record
    holds now (a slug given again since the deletion)."""
    taken = []
    for one in version.revision.version_set.all():
        try:
            obj = one._object_version.object
        except RevertError:
            continue
        for field in obj._meta.concrete_fields:
            value = getattr(obj, field.attname)
            if not field.unique or field.primary_key or value in (None, ""):
                continue
            other = type(obj)._base_manager.filter(**{field.attname: value}).exclude(pk=obj.pk)
            if holder := other.first():
                taken.append((field, value, holder))
    return taken


def _described(model, key) -> tuple[str, str]:
    """The name of a deleted record as its last version gives it, and where to recover it."""
    opts = model._meta
    deleted = Version.objects.get_deleted(model).filter(object_id=key).first()
    if deleted is None:
        return _("%(model)s n° %(key)s") % {"model": opts.verbose_name, "key": key}, ""
    try:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_recover", args=[deleted.pk])
    except NoReverseMatch:
        url = ""
    return deleted.object_repr, url


class CheckedRecovery:
    """« Récupérer » and « Rétablir » (django-reversion) that never end in a 500."""

    def recover_view(self, request, version_id, extra_context=None):
        version = get_object_or_404(Version, pk=version_id)
        back = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_recoverlist")
        view = super().recover_view
        return self._checked(request, version, back, view, version_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        version = get_object_or_404(Version, pk=version_id, object_id=unquote(object_id))
        back = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_history", args=[object_id]
        )
        view = super().revision_view
        return self._checked(request, version, back, view, object_id, version_id, extra_context)

    def _checked(self, request, version, back, view, *args):
        taken = taken_values(version)
        if taken:
            field, value, holder = taken[0]
            text = _(
                "« %(record)s » ne peut pas être récupéré dans cette version : son %(field)s "
                "« %(value)s » est pris depuis par « %(holder)s ». Changez d'abord celui-ci."
            ) % {
                "record": version.object_repr,
                "field": field.verbose_name,
                "value": value,
                "holder": holder,
            }
            return self._refused(request, text, back)
        missing = missing_links(version)
        if missing:
            items = format_html_join(
                " ; ",
                "{}{}",
                (
                    (
                        _("« %(name)s » (%(kind)s), supprimé depuis")
                        % {"name": name, "kind": model._meta.verbose_name},
                        self._recover_link(url),
                    )
                    for model, key in missing
                    for name, url in [_described(model, key)]
                ),
            )
            heading = _(
                "« %(record)s » ne peut pas être récupéré dans cette version : elle renvoie à "
                "ce qui a été supprimé après elle. Récupérez d'abord :"
            ) % {"record": version.object_repr}
            return self._refused(request, format_html("{} {}.", heading, items), back)
        try:
            return view(request, *args)
        except IntegrityError as error:
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            text = _(
                "« %(record)s » ne peut pas être récupéré dans cette version : la base de "
                "données le refuse (%(reason)s). Rien n'a été modifié."
            ) % {"record": version.object_repr, "reason": reason}
            return self._refused(request, text, back)

    @staticmethod
    def _recover_link(url: str):
        if not url:
            return format_html(" ({})", _("aucune version gardée"))
        return format_html(' (<a href="{}">{}</a>)', url, _("le récupérer"))

    def _refused(self, request, text, back):
        self.message_user(request, text, messages.ERROR)
        return HttpResponseRedirect(back)
