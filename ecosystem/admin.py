from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ecosystem.core.admin import PUBLICATION_FILTERS, ContentAdmin, PublishableAdmin
from ecosystem.models import Concept, Domain, Event, KeyFigure, Milestone, Policy, Source, Territory


@admin.register(Source)
class SourceAdmin(PublishableAdmin):
    list_display = ("title", "publisher", "kind", "date", "language", "is_published", "modified")
    list_filter = ("language", "kind", *PUBLICATION_FILTERS)
    search_fields = ("title", "publisher", "file_name", "slug")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "date"
    readonly_fields = ("text_sha256",)


@admin.register(Domain)
class DomainAdmin(ContentAdmin):
    list_display = ("name", "parent", "is_published", "on_site", "modified")
    list_select_related = ("parent",)
    list_filter = PUBLICATION_FILTERS
    search_fields = ("name", "name_en", "slug")
    autocomplete_fields = ("parent", "sources")


@admin.register(Territory)
class TerritoryAdmin(ContentAdmin):
    follow_also = ("key_figures",)
    list_display = ("name", "kind", "parent", "is_published", "on_site", "modified")
    list_select_related = ("parent",)
    list_filter = ("kind", *PUBLICATION_FILTERS)
    search_fields = ("name", "name_en", "slug")
    autocomplete_fields = ("parent", "sources")


@admin.register(Concept)
class ConceptAdmin(ContentAdmin):
    list_display = ("name", "kind", "attribution", "is_published", "on_site", "modified")
    list_filter = ("kind", "domains", *PUBLICATION_FILTERS)
    search_fields = ("name", "name_en", "attribution", "slug")
    autocomplete_fields = ("domains", "sources")


@admin.register(Policy)
class PolicyAdmin(ContentAdmin):
    follow_also = ("key_figures",)
    list_display = (
        "name",
        "parent",
        "start_year",
        "end_year",
        "territory",
        "is_published",
        "on_site",
        "modified",
    )
    list_select_related = ("parent", "territory")
    list_filter = ("domains", "territory", *PUBLICATION_FILTERS)
    search_fields = ("name", "name_en", "slug")
    autocomplete_fields = ("parent", "territory", "domains", "sources")


@admin.register(Event)
class EventAdmin(ContentAdmin):
    follow_also = ("key_figures",)
    list_display = ("name", "start_date", "territory", "is_published", "on_site", "modified")
    list_select_related = ("territory",)
    list_filter = ("domains", "territory", *PUBLICATION_FILTERS)
    search_fields = ("name", "name_en", "slug")
    date_hierarchy = "start_date"
    autocomplete_fields = (
        "territory",
        "organisers",
        "participants",
        "speakers",
        "clusters",
        "domains",
        "sources",
    )


@admin.register(KeyFigure)
class KeyFigureAdmin(ContentAdmin):
    # What a figure can be about, in the order the subject column looks for one.
    subjects = ("cluster", "actor", "project", "territory", "policy", "event")

    list_display = ("label", "display_value", "year", "subject", "is_published", "modified")
    list_select_related = subjects
    list_filter = ("year", *PUBLICATION_FILTERS)
    search_fields = ("label", "label_en", "unit", "slug")
    prepopulated_fields = {"slug": ("label",)}
    autocomplete_fields = (*subjects, "sources")

    @admin.display(description=_("valeur"))
    def display_value(self, obj):
        return obj.display_value

    @admin.display(description=_("à propos de"))
    def subject(self, obj):
        return next(
            (str(getattr(obj, name)) for name in self.subjects if getattr(obj, f"{name}_id")),
            "—",
        )


@admin.register(Milestone)
class MilestoneAdmin(ContentAdmin):
    list_display = ("name", "year", "date", "territory", "is_published", "on_site", "modified")
    list_select_related = ("territory",)
    list_filter = ("year", "territory", *PUBLICATION_FILTERS)
    search_fields = ("name", "name_en", "slug")
    autocomplete_fields = ("actors", "clusters", "projects", "territory", "sources")
