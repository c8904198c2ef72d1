import reversion
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from modeltranslation.admin import TranslationStackedInline

from actors.models import Actor, Person, Project, ProjectParticipation, Quote, Role
from actors.resources import ActorResource
from clusters.admin import MembershipInline
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
