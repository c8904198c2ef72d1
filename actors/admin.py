import reversion
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ImportForm
from modeltranslation.admin import TranslationStackedInline

from actors.models import Actor, Person, Project, ProjectParticipation, Quote, Role
from actors.resources import ActorResource
from clusters.models import Membership
from ecosystem.core.admin import (
    PUBLICATION_FILTERS,
    CitedInline,
    ContentAdmin,
    HistoryAdmin,
    VersionedInline,
)


class PersonRoleInline(CitedInline):
    model = Role
    fk_name = "person"
    fields = ("title", "actor", "cluster", "start_year", "end_year", "sources")
    autocomplete_fields = ("actor", "cluster", "sources")


class ActorRoleInline(CitedInline):
    model = Role
    fk_name = "actor"
    fields = ("person", "title", "cluster", "start_year", "end_year", "sources")
    autocomplete_fields = ("person", "cluster", "sources")


class MembershipInline(CitedInline):
    """The actor's clusters (the cluster's page has its own inline, of its members)."""

    model = Membership
    fields = ("cluster", "role", "description", "start_year", "end_year", "sources")
    autocomplete_fields = ("cluster", "sources")


class QuoteInline(VersionedInline, TranslationStackedInline):
    model = Quote
    fields = ("text", "text_fr", "text_en", "source", "context")
    autocomplete_fields = ("source",)
    extra = 0


class ParticipationInline(CitedInline):
    """Leads, partners and funders, on the project's page and on the actor's."""

    model = ProjectParticipation
    fields = ("project", "actor", "role", "description", "sources")
    autocomplete_fields = ("project", "actor", "sources")


# A preview saves every row in a transaction it rolls back: about 5 ms a row with
# PostgreSQL (2,000 rows took 10.8 s and 8,000 outlived the worker's 30 s).
# 200 rows keep a preview near a second; a longer list goes in several files.
MAX_IMPORT_ROWS = 200
# Read before the rows are counted: an XLSX file is unzipped to be read.
MAX_IMPORT_BYTES = 512 * 1024


class LimitedImportForm(ImportForm):
    """The import form, refusing a file beyond the rows and size a preview can take."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats
        self.fields["import_file"].help_text = _(
            "Au plus %(rows)s lignes et %(size)s Ko par fichier : découpez une liste plus longue."
        ) % {"rows": MAX_IMPORT_ROWS, "size": MAX_IMPORT_BYTES // 1024}

    def clean(self):
        cleaned_data = super().clean()
        upload = cleaned_data.get("import_file")
        if upload is None or "format" not in cleaned_data:
            return cleaned_data
        if upload.size > MAX_IMPORT_BYTES:
            self.add_error(
                "import_file", self.too_big(_("%(size)s Ko") % {"size": upload.size // 1024})
            )
            return cleaned_data
        input_format = self.formats[int(cleaned_data["format"])]()
        if not input_format.is_binary():
            input_format.encoding = "utf-8-sig"
        try:
            rows = len(input_format.create_dataset(upload.read()))
        except Exception:
            return cleaned_data  # the import view reports a file it cannot read
        finally:
            upload.seek(0)
        if rows > MAX_IMPORT_ROWS:
            self.add_error("import_file", self.too_big(_("%(rows)s lignes") % {"rows": rows}))
        return cleaned_data

    @staticmethod
    def too_big(found: str) -> str:
        return _(
            "Ce fichier est trop long pour un seul import (%(found)s) : au plus %(rows)s lignes "
            "et %(size)s Ko. Découpez-le en plusieurs fichiers."
        ) % {"found": found, "rows": MAX_IMPORT_ROWS, "size": MAX_IMPORT_BYTES // 1024}


@admin.register(Actor)
class ActorAdmin(ImportExportMixin, ContentAdmin):
    follow_also = ("key_figures",)
    list_display = (
        "name",
        "kind",
        "pillar",
        "territory",
        "status",
        "is_published",
        "on_site",
        "modified",
    )
    list_select_related = ("territory",)
    list_filter = ("pillar", "kind", "status", "domains", "territory", *PUBLICATION_FILTERS)
    search_fields = ("name", "aliases", "slug")
    autocomplete_fields = ("territory", "domains", "sources")
    inlines = (MembershipInline, ActorRoleInline, ParticipationInline)

    resource_classes = (ActorResource,)
    import_form_class = LimitedImportForm
    import_formats = (CSV, XLSX)
    export_formats = (CSV, XLSX)
    import_template_name = "admin/actors/actor/import.html"
    export_template_name = "admin/actors/actor/export.html"

    def get_import_data_kwargs(self, **kwargs):
        # The confirm step re-reads the file: if a row has become invalid since
        # the preview, nothing at all is written (not only the other rows).
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def process_import(self, request, **kwargs):
        # Imported actors get a version like any admin change: history and revert.
        with self.create_revision(request):
            reversion.set_comment(_("Importé depuis un fichier."))
            return super().process_import(request, **kwargs)

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            self.message_user(
                request,
                _("Le fichier contient des erreurs : rien n'a été importé. Relancez l'import."),
                messages.ERROR,
            )
            return HttpResponseRedirect(reverse("admin:actors_actor_import"))
        return super().process_result(result, request)


@admin.register(Person)
class PersonAdmin(ContentAdmin):
    list_display = ("name", "is_published", "on_site", "modified")
    list_filter = PUBLICATION_FILTERS
    search_fields = ("name", "slug")
    autocomplete_fields = ("sources",)
    inlines = (PersonRoleInline, QuoteInline)


@admin.register(Role)
class RoleAdmin(HistoryAdmin):
    list_display = ("person", "title", "actor", "cluster", "start_year", "modified")
    list_select_related = ("person", "actor", "cluster")
    list_filter = ("cluster",)
    search_fields = ("person__name", "title", "actor__name_fr", "cluster__name_fr")
    autocomplete_fields = ("person", "actor", "cluster", "sources")


@admin.register(Quote)
class QuoteAdmin(HistoryAdmin):
    list_display = ("__str__", "person", "source")
    list_select_related = ("person", "source")
    search_fields = ("text", "text_fr", "text_en", "person__name")
    autocomplete_fields = ("person", "source")


@admin.register(Project)
class ProjectAdmin(ContentAdmin):
    follow_also = ("key_figures",)
    list_display = (
        "name",
        "kind",
        "status",
        "start_year",
        "end_year",
        "territory",
        "is_published",
        "on_site",
        "modified",
    )
    list_select_related = ("territory",)
    list_filter = ("kind", "status", "domains", "territory", "clusters", *PUBLICATION_FILTERS)
    search_fields = ("name", "name_en", "aliases", "slug")
    autocomplete_fields = ("territory", "domains", "clusters", "sources")
    inlines = (ParticipationInline,)


@admin.register(ProjectParticipation)
class ProjectParticipationAdmin(HistoryAdmin):
    list_display = ("project", "actor", "role", "modified")
    list_select_related = ("project", "actor")
    list_filter = ("role",)
    search_fields = ("project__name_fr", "actor__name_fr", "actor__aliases")
    autocomplete_fields = ("project", "actor", "sources")
