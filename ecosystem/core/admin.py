"""What every admin page of the portal shares: history, drafts, freshness, help texts.

The three apps' ``admin.py`` build on these classes so that an editor finds the
same tools everywhere: the history of each record and the « Récupérer » view
for deleted ones (django-reversion), the « Publier » / « Dépublier » bulk
actions, the « Non modifié depuis » filter, the last-changed stamps, and a
change form that refuses to overwrite what another editor saved meanwhile.

Over 450 lines because these tools are layers of one class, ``ContentAdmin``,
and meet in its change form: split, each part would import the others.
"""

import hashlib
from datetime import timedelta

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, router, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from reversion.admin import VersionAdmin
from reversion.models import Version

from ecosystem.core.recovery import CheckedRecovery

STAMPS = ("created", "modified")

# Help texts for fields whose model leaves the editor guessing.
HELP_TEXTS = {
    "website": _("Adresse complète, commençant par https://"),
    "url": _("Adresse complète, commençant par https://"),
    "start_year": _("Sur quatre chiffres, par exemple 2014."),
    "end_year": _("Laisser vide si toujours en cours ; jamais avant l'année de début."),
    "founded_year": _("Sur quatre chiffres, par exemple 2014."),
    "ended_year": _("Laisser vide si l'organisation existe toujours."),
    "name_en": _("Facultatif : le nom affiché sur la version anglaise du site."),
    "description_en": _("Facultatif : la description de la version anglaise du site."),
    "tags": _("Mots-clés libres, séparés par des virgules."),
}


class NotChangedSinceFilter(admin.SimpleListFilter):
    """Lists the records nobody has touched for a while, so they can be checked."""

    title = _("non modifié depuis")
    parameter_name = "stale"
    periods = {
        "6m": (_("6 mois"), timedelta(days=182)),
        "1y": (_("1 an"), timedelta(days=365)),
        "2y": (_("2 ans"), timedelta(days=730)),
    }

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _delta) in self.periods.items()]

    def queryset(self, request, queryset):
        period = self.periods.get(self.value())
        if period is None:
            return queryset
        return queryset.filter(modified__lt=timezone.now() - period[1])


# The filters every publishable list ends with.
PUBLICATION_FILTERS = ("is_published", NotChangedSinceFilter)


def has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


# The hidden field of a change form: the version of the record it was read at.
READ_VERSION = "read_version"


def field_digest(obj, field) -> str:
    """A fingerprint of ``obj``'s value for ``field``: it changes when the value does."""
    value = field.value_from_object(obj)
    if field.many_to_many:
        value = sorted(related.pk for related in value)
    return hashlib.sha256(repr(value).encode()).hexdigest()[:16]


def field_display(obj, field) -> str:
    """``obj``'s value for ``field`` as an editor reads it, shortened."""
    value = field.value_from_object(obj)
    if field.many_to_many:
        value = ", ".join(sorted(str(related) for related in value))
    elif field.is_relation:
        value = getattr(obj, field.name)
    elif field.choices:
        value = obj._get_FIELD_display(field)
    elif isinstance(value, bool):
        value = _("oui") if value else _("non")
    if value is None or value == "":
        return str(_("(vide)"))
    return Truncator(str(formats.localize(value))).chars(200)


def signed(version: dict) -> str:
    return signing.dumps(version, salt=READ_VERSION, compress=True)


class VersionedModelForm(forms.ModelForm):
    """A change form that carries the version of the record it was read at.

    The version is the record's ``modified`` stamp and a fingerprint of each
    field of the form, signed. Saving when the record has changed since is
    refused, nothing written (inlines included: the admin saves nothing of an
    invalid form), and the error says which fields changed and what they hold
    now. The form then carries the current version, so saving again, once
    the editor has read what changed, replaces it.
    """

    read_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def get_initial_for_field(self, field, field_name):
        # Read when the form is drawn, not built: a formset adds a row's id and
        # foreign key fields after building it, and they belong to its version.
        if field_name == READ_VERSION and not self.is_bound and self.instance.pk is not None:
            self.initial.setdefault(READ_VERSION, signed(self.version()))
        return super().get_initial_for_field(field, field_name)

    def versioned_fields(self) -> list:
        opts = self._meta.model._meta
        found = []
        for name in self.fields:
            try:
                field = opts.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.concrete or field.many_to_many:
                found.append(field)
        return found

    def version(self) -> dict:
        """The version of the record as the database holds it (before this form's changes)."""
        stamp = getattr(self.instance, "modified", None)
        return {
            "modified": stamp.isoformat() if stamp else None,
            "fields": {
                field.name: field_digest(self.instance, field) for field in self.versioned_fields()
            },
        }

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None:
            return cleaned_data
        current = self.version()
        try:
            read = signing.loads(cleaned_data.get(READ_VERSION) or "", salt=READ_VERSION)
        except signing.BadSignature:
            read = None
        if read == current:
            return cleaned_data
        # The next save of this form is made knowing the current version.
        self.data = self.data.copy()
        self.data[self.add_prefix(READ_VERSION)] = signed(current)
        raise ValidationError(self.conflict_messages(read, current))

    def conflict_messages(self, read: dict | None, current: dict) -> list[str]:
        if read is None:
            return [
                _(
                    "Ce formulaire ne dit pas quelle version de la fiche il modifie : "
                    "rien n'a été enregistré. Le voici avec la version actuelle ; "
                    "vérifiez vos valeurs, puis enregistrez à nouveau."
                )
            ]
        messages_ = [self.conflict_heading()]
        changed = [
            field
            for field in self.versioned_fields()
            if read["fields"].get(field.name) != current["fields"][field.name]
        ]
        for field in changed:
            label = self.fields[field.name].label or field.verbose_name
            messages_.append(
                _("« %(label)s » vaut maintenant : %(value)s")
                % {"label": label, "value": field_display(self.instance, field)}
            )
        if not changed:
            messages_.append(
                _("Aucun champ ci-dessous n'a changé ; les lignes liées en bas ont pu changer.")
            )
        messages_.append(
            _(
                "Le formulaire garde vos valeurs : enregistrer à nouveau remplacera la version "
                "actuelle par celles-ci. Rechargez la page pour partir de la version actuelle."
            )
        )
        return messages_

    def conflict_subject(self) -> str:
        return _("Quelqu'un a modifié cette fiche depuis que vous l'avez ouverte")

    def conflict_heading(self) -> str:
        """Who saved the record last, and when, as far as its history and stamp tell."""
        text = self.conflict_subject()
        stamp = getattr(self.instance, "modified", None)
        if stamp:
            text = _("%(text)s (le %(when)s)") % {
                "text": text,
                "when": formats.localize(timezone.localtime(stamp)),
            }
        versions = Version.objects.get_for_object(self.instance).select_related("revision__user")
        latest = versions.first()
        user = latest.revision.user if latest else None
        if user:
            text = _("%(text)s, par %(user)s") % {"text": text, "user": user.get_username()}
        return _("%(text)s : vos modifications n'ont pas été enregistrées.") % {"text": text}


class VersionedInlineForm(VersionedModelForm):
    """A row of an inline (a membership on the actor's page) that carries its version too.

    The page posts back every row it showed, and Django writes each row whose
    values differ from the database's: a row changed since the page was read,
    here or on its own page, would silently go back. Such a save is refused,
    naming the row and what it holds now.
    """

    def conflict_subject(self) -> str:
        return _("Quelqu'un a modifié la ligne « %(row)s » depuis que vous avez ouvert la page") % {
            "row": self.instance
        }


class VersionedInline:
    """An inline whose rows carry their version (``VersionedInlineForm``), held while saved."""

    form = VersionedInlineForm

    def get_fields(self, request, obj=None):
        fields = [name for name in super().get_fields(request, obj) if name != READ_VERSION]
        return [*fields, READ_VERSION]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        using = router.db_for_write(self.model)
        if request.method == "POST" and transaction.get_connection(using).in_atomic_block:
            # As the record itself (HistoryAdmin.get_object): a row saved meanwhile
            # fails its version check, one saved later waits for this save.
            queryset = queryset.select_for_update(of=("self",))
        return queryset


class HistoryAdmin(CheckedRecovery, TranslationAdmin, VersionAdmin):
    """Base of every admin: history and restore, last-changed stamps, help texts.

    django-reversion registers the model, following the inlines' relations, so
    a version holds the record with its memberships, roles or participations.
    The change form carries the version it was read at (``VersionedModelForm``).
    """

    form = VersionedModelForm
    list_per_page = 50
    save_on_top = True
    history_latest_first = True
    # Rows deleted with the record (on_delete=CASCADE) that are not inlines:
    # kept in its versions so that « Récupérer » brings them back with it.
    follow_also: tuple[str, ...] = ()

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        using = router.db_for_write(self.model)
        if (
            obj is None
            or request.method != "POST"
            or not transaction.get_connection(using).in_atomic_block
        ):
            return obj
        # Hold the row until this save commits, then read it again: a save
        # committed meanwhile fails the version check; one that comes later
        # waits for this one, then fails it in turn (PostgreSQL; SQLite
        # writes one at a time anyway).
        self.model._base_manager.select_for_update().filter(pk=obj.pk).values_list("pk").get()
        return super().get_object(request, object_id, from_field)

    def get_fieldsets(self, request, obj=None):
        return self.place_read_version(request, obj, super().get_fieldsets(request, obj))

    def place_read_version(self, request, obj, fieldsets):
        """The version field at the end of the last fieldset, on change forms only."""
        fieldsets = [
            (title, {**options, "fields": [f for f in options["fields"] if f != READ_VERSION]})
            for title, options in fieldsets
        ]
        if fieldsets and obj is not None and self.has_change_permission(request, obj):
            title, options = fieldsets[-1]
            fieldsets[-1] = (title, {**options, "fields": [*options["fields"], READ_VERSION]})
        return fieldsets

    def reversion_register(self, model, **kwargs):
        if model is self.model:
            kwargs["follow"] = (*kwargs.get("follow", ()), *self.follow_also)
        super().reversion_register(model, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        stamps = tuple(name for name in STAMPS if has_field(self.model, name))
        return (*super().get_readonly_fields(request, obj), *stamps)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            # « example.be » typed without a scheme becomes https://example.be.
            kwargs.setdefault("assume_scheme", "https")
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and not formfield.help_text and db_field.name in HELP_TEXTS:
            formfield.help_text = HELP_TEXTS[db_field.name]
        return formfield

    def changelist_view(self, request, extra_context=None):
        # Reversion keeps only the versions of objects that still exist when
        # its revision is saved, so the changelist must not hold one revision
        # around every bulk action: a bulk delete would lose its snapshot.
        # Each action below opens its own revision instead.
        context = {"has_change_permission": self.has_change_permission(request)}
        context.update(extra_context or {})
        return super(VersionAdmin, self).changelist_view(request, context)

    def delete_model(self, request, obj):
        self.remember_before_delete(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self.remember_before_delete(request, queryset)
        super().delete_queryset(request, queryset)

    def remember_before_delete(self, request, objs):
        """Save a version of each record just before it goes, so « Récupérer » finds it.

        Records loaded from the fixtures have no history yet; without this,
        deleting one would be final.
        """
        with self.create_revision(request):
            reversion.set_comment(_("Avant suppression."))
            for obj in objs:
                reversion.add_to_revision(obj)


@admin.action(description=_("Publier les éléments sélectionnés"), permissions=["change"])
def publish(modeladmin, request, queryset):
    modeladmin.set_published(request, queryset, True)


@admin.action(description=_("Dépublier les éléments sélectionnés"), permissions=["change"])
def unpublish(modeladmin, request, queryset):
    modeladmin.set_published(request, queryset, False)


class PublishableAdmin(HistoryAdmin):
    """Admin of a model with a published / draft state."""

    actions = [publish, unpublish]

    def set_published(self, request, queryset, value: bool):
        """Save each record (not a bulk UPDATE) so it gets a version and a new stamp."""
        message = _("Publié.") if value else _("Dépublié.")
        changed = 0
        with self.create_revision(request):
            reversion.set_comment(message)
            for obj in queryset.filter(is_published=not value):
                obj.is_published = value
                obj.save()
                self.log_change(request, obj, str(message))
                changed += 1
            # log_change set the comment to the log entry's; one for the batch.
            reversion.set_comment(message)
        if value:
            text = ngettext("%d élément publié.", "%d éléments publiés.", changed)
        else:
            text = ngettext("%d élément dépublié.", "%d éléments dépubliés.", changed)
        self.message_user(request, text % changed, messages.SUCCESS)

    @admin.display(description=_("sur le site"))
    def on_site(self, obj):
        """A link to the public page, for published records only (drafts have none)."""
        if not obj.is_published:
            return "—"
        url = reverse(
            "admin:view_on_site",
            args=[ContentType.objects.get_for_model(self.model).pk, obj.pk],
        )
        return format_html('<a href="{}" target="_blank">{}</a>', url, _("voir"))


@admin.action(description=_("Marquer comme vérifiées aujourd'hui"), permissions=["change"])
def mark_checked(modeladmin, request, queryset):
    """An editor checked these records against their sources today: saved one by one, so each
    gets a version and the public page says « vérifiée le … »."""
    today = timezone.localdate()
    with modeladmin.create_revision(request):
        reversion.set_comment(_("Vérifiée."))
        checked = 0
        for obj in queryset:
            obj.checked_on = today
            obj.save()
            checked += 1
    text = ngettext(
        "%d fiche marquée comme vérifiée.", "%d fiches marquées comme vérifiées.", checked
    )
    modeladmin.message_user(request, text % checked, messages.SUCCESS)


class CheckedFilter(admin.SimpleListFilter):
    """The records checked longest ago, or never: where an editor's time is best spent."""

    title = _("vérification")
    parameter_name = "checked"

    def lookups(self, request, model_admin):
        return [("never", _("jamais vérifiée")), ("year", _("il y a plus d'un an"))]

    def queryset(self, request, queryset):
        if self.value() == "never":
            return queryset.filter(checked_on__isnull=True)
        if self.value() == "year":
            return queryset.filter(checked_on__lt=timezone.localdate() - timedelta(days=365))
        return queryset


class ContentAdmin(PublishableAdmin):
    """Admin of a ``ContentModel``: its form ends with sources, publication and stamps."""

    prepopulated_fields = {"slug": ("name",)}
    actions = [publish, unpublish, mark_checked]
    # Fields grouped at the end of every form, in this order.
    closing_fieldsets = (
        (_("Sources et preuves"), ("sources", "excerpts", "inference_fr", "inference_en")),
        (_("Publication"), ("is_published", "slug", "notes", "checked_on")),
        (_("Suivi"), STAMPS),
    )

    def get_list_display(self, request):
        return [*super().get_list_display(request), "checked_on"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), CheckedFilter]

    def get_ordering(self, request):
        # ?checked=… lists the records checked longest ago first.
        if request.GET.get("checked"):
            return [F("checked_on").asc(nulls_first=True)]
        return super().get_ordering(request)

    def get_fieldsets(self, request, obj=None):
        if self.fieldsets:
            return self.place_read_version(request, obj, self.fieldsets)
        fields = self.get_fields(request, obj)
        closing = {name for _title, names in self.closing_fieldsets for name in names}
        fieldsets = [(None, {"fields": [name for name in fields if name not in closing]})]
        for title, names in self.closing_fieldsets:
            present = [name for name in names if name in fields]
            if present:
                fieldsets.append((title, {"fields": present}))
        return self.place_read_version(request, obj, fieldsets)


class CitedInline(VersionedInline, TranslationTabularInline):
    """An inline row that cites its sources; one empty row on add forms only."""

    autocomplete_fields = ("sources",)
    show_change_link = True

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj else 1
