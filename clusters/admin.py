from django.contrib import admin

from actors.models import Role
from clusters.models import Cluster, Membership
from ecosystem.core.admin import PUBLICATION_FILTERS, CitedInline, ContentAdmin, HistoryAdmin


class MembershipInline(CitedInline):
    """The cluster's members (the actor's page has its own inline, of its clusters)."""

    model = Membership
    fields = ("actor", "role", "description", "start_year", "end_year", "sources")
    autocomplete_fields = ("actor", "sources")


class ClusterRoleInline(CitedInline):
    """People's positions at the cluster (« Président du Forum for Cleantech »)."""

    model = Role
    fk_name = "cluster"
    fields = ("person", "title", "actor", "start_year", "end_year", "sources")
    autocomplete_fields = ("person", "actor", "sources")


@admin.register(Cluster)
class ClusterAdmin(ContentAdmin):
    follow_also = ("key_figures",)
    list_display = (
        "name",
        "kind",
        "status",
        "part_of",
        "start_year",
        "is_published",
        "on_site",
        "modified",
    )
    list_select_related = ("part_of",)
    list_filter = ("kind", "status", "domains", "territories", *PUBLICATION_FILTERS)
    search_fields = ("name", "name_en", "aliases", "slug")
    autocomplete_fields = ("part_of", "domains", "territories", "sources")
    inlines = (MembershipInline, ClusterRoleInline)


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    list_display = ("actor", "cluster", "role", "start_year", "end_year", "modified")
    list_select_related = ("actor", "cluster")
    list_filter = ("role", "cluster__kind", "cluster")
    search_fields = ("actor__name_fr", "actor__aliases", "cluster__name_fr", "cluster__aliases")
    autocomplete_fields = ("actor", "cluster", "sources")
