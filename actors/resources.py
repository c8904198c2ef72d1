"""Spreadsheet import and export of actors (django-import-export), for the admin.

One row per actor, identified by its slug: an existing slug updates the
actor, a new one creates it. Relations are written the way an editor reads
them: slugs, comma-separated. An actor is a draft unless its row says
« publié ». Every value is checked before anything is written, and an import
runs in one transaction: a single bad row and nothing is saved.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.instance_loaders import CachedInstanceLoader

from actors.models import Actor
from clusters.models import Cluster, Membership
from ecosystem.models import Domain, Pillar, Territory
from ecosystem.opendata.exports import FORMULA_STARTS


def spreadsheet_text(value):
    """A cell a spreadsheet shows as text: a leading quote before what would be a formula.

    Quotes already there count too (« '=x » goes out as « ''=x »), so that
    ``imported_text`` gives every value back exactly.
    """
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def imported_text(value):
    """The value ``spreadsheet_text`` neutralised, as it was."""
    if isinstance(value, str) and value[:1] == "'" and value.lstrip("'").startswith(FORMULA_STARTS):
        return value[1:]
    return value


def split_list(value) -> list[str]:
    return [item.strip() for item in str(value or "").split(",") if item.strip()]


class ChoiceWidget(widgets.Widget):
    """A choice written as its key (« corporate ») or its French label (« Entreprises »)."""

    def __init__(self, choices: type[models.TextChoices], **kwargs):
        self.choices = choices
        super().__init__(**kwargs)

    def lookup(self, text: str) -> str:
        text = text.strip()
        for key, label in self.choices.choices:
            if text.casefold() in {key.casefold(), str(label).casefold()}:
                return key
        raise ValueError(
            _("« %(value)s » n'est pas une valeur possible (%(keys)s).")
            % {"value": text, "keys": ", ".join(self.choices.values)}
        )

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return ""
        return self.lookup(str(value))

    def render(self, value, obj=None, **kwargs):
        return value or ""


class SlugWidget(widgets.ForeignKeyWidget):
    """A foreign key written as the target's slug; an unknown slug is a row error."""

    def __init__(self, model, **kwargs):
        super().__init__(model, field="slug", **kwargs)

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(str(value or "").strip(), row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                _("%(model)s inconnu : « %(slug)s ».")
                % {"model": self.model._meta.verbose_name, "slug": value}
            ) from None


class SlugsWidget(widgets.ManyToManyWidget):
    """Many-to-many written as slugs, comma-separated; unlike the stock widget,
    an unknown slug is reported instead of silently dropped."""

    def __init__(self, model, **kwargs):
        super().__init__(model, separator=",", field="slug", **kwargs)

    def clean(self, value, row=None, **kwargs):
        slugs = split_list(value)
        found = self.model.objects.filter(slug__in=slugs)
        missing = sorted(set(slugs) - {obj.slug for obj in found})
        if missing:
            raise ValueError(
                _("%(model)s inconnu(s) : %(slugs)s.")
                % {"model": self.model._meta.verbose_name, "slugs": ", ".join(missing)}
            )
        return found


class YesNoWidget(widgets.BooleanWidget):
    """« oui » / « non » as well as 1 / 0 and true / false; empty means no (a draft)."""

    TRUE = {"1", "true", "oui", "vrai", "yes", "x", "publié"}
    FALSE = {"", "0", "false", "non", "faux", "no", "none", "brouillon"}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = str(value if value is not None else "").strip().casefold()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("« %(value)s » : écrivez oui ou non.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return _("oui") if value else _("non")


class MembershipsWidget(widgets.Widget):
    """Cluster memberships as « cluster-slug:role » pairs, comma-separated.

    The role (a key such as ``founder`` or a label such as « fondateur ») may be
    left out: it is then « membre »; « cluster-slug: » (nothing after the colon) is a
    link whose role the documents do not give, as the export writes it.
    """

    roles = ChoiceWidget(Membership.Role)

    def clean(self, value, row=None, **kwargs) -> list[tuple[Cluster, str]]:
        pairs = []
        for item in split_list(value):
            slug, _sep, role = item.partition(":")
            if role.strip():
                role = self.roles.lookup(role)
            else:
                role = "" if _sep else Membership.Role.MEMBER
            pairs.append((slug.strip(), role))
        slugs = [slug for slug, _role in pairs]
        if len(set(slugs)) != len(slugs):
            raise ValueError(_("Un même cluster est cité deux fois."))
        clusters = Cluster.objects.in_bulk(slugs, field_name="slug")
        missing = [slug for slug in slugs if slug not in clusters]
        if missing:
            raise ValueError(_("Cluster(s) inconnu(s) : %s.") % ", ".join(missing))
        return [(clusters[slug], role) for slug, role in pairs]

    def render(self, value, obj=None, **kwargs):
        return ", ".join(f"{slug}:{role}" for slug, role in value or ())


class MembershipsField(fields.Field):
    """The actor's memberships; written after the actor is saved (see ``ActorResource``).

    The value is a sorted list of (cluster slug, role), so the preview can tell
    whether a row changes anything.
    """

    pending_attribute = "_imported_memberships"

    def get_value(self, instance):
        pending = getattr(instance, self.pending_attribute, None)
        if pending is not None:
            return sorted((cluster.slug, role) for cluster, role in pending)
        if instance.pk is None:
            return []
        return sorted((m.cluster.slug, m.role) for m in instance.memberships.all())

    def save(self, instance, row, is_m2m=False, **kwargs):
        setattr(instance, self.pending_attribute, self.clean(row, **kwargs))


class TextField(fields.Field):
    """A translated text column: an untranslated field (NULL) reads as an empty cell."""

    def get_value(self, instance):
        return super().get_value(instance) or ""


class ActorResource(resources.ModelResource):
    # French in the unsuffixed columns, English beside them.
    name = TextField("name_fr", "name", widgets.CharWidget())
    name_en = TextField("name_en", "name_en", widgets.CharWidget())
    description = TextField("description_fr", "description", widgets.CharWidget())
    description_en = TextField("description_en", "description_en", widgets.CharWidget())
    kind = fields.Field("kind", "kind", ChoiceWidget(Actor.Kind))
    pillar = fields.Field("pillar", "pillar", ChoiceWidget(Pillar))
    status = fields.Field("status", "status", ChoiceWidget(Actor.Status))
    territory = fields.Field("territory", "territory", SlugWidget(Territory))
    domains = fields.Field("domains", "domains", SlugsWidget(Domain))
    clusters = MembershipsField("clusters", "clusters", MembershipsWidget())
    is_published = fields.Field("is_published", "is_published", YesNoWidget())

    class Meta:
        model = Actor
        fields = (
            "slug",
            "name",
            "name_en",
            "aliases",
            "kind",
            "pillar",
            "status",
            "status_year",
            "territory",
            "domains",
            "clusters",
            "website",
            "founded_year",
            "ended_year",
            "description",
            "description_en",
            "is_published",
        )
        import_id_fields = ("slug",)
        instance_loader_class = CachedInstanceLoader
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        # An empty spreadsheet cell reads as None; blank text is stored as "".
        if isinstance(f, models.TextField):
            return widgets.CharWidget
        return super().widget_from_django_field(f, default)

    def import_instance(self, instance, row, **kwargs):
        # Many-to-many values are only read after the actor is saved; check
        # them now so an unknown slug is a validation error of its row.
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)

    def export_field(self, field, instance, **kwargs):
        # No formula leaves the admin (« =HYPERLINK(…) » in a name or a description).
        return spreadsheet_text(super().export_field(field, instance, **kwargs))

    def before_import_row(self, row, **kwargs):
        # A file exported here comes back as it went out: the quotes come off.
        for column, value in row.items():
            row[column] = imported_text(value)

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("territory").prefetch_related(
            "domains", "memberships__cluster"
        )

    def after_save_instance(self, instance, row, **kwargs):
        """Make the actor's memberships those of the file; the others are removed.

        A membership already there keeps its description, years and sources.
        Without a « clusters » column, memberships are left as they are.
        """
        pending = getattr(instance, MembershipsField.pending_attribute, None)
        if pending is None:
            return
        wanted = {cluster.pk: role for cluster, role in pending}
        existing = {m.cluster_id: m for m in instance.memberships.all()}
        for cluster_id, membership in existing.items():
            if cluster_id not in wanted:
                membership.delete()
            elif membership.role != wanted[cluster_id]:
                membership.role = wanted[cluster_id]
                membership.save()
        for cluster_id, role in wanted.items():
            if cluster_id not in existing:
                Membership.objects.create(actor=instance, cluster_id=cluster_id, role=role)
