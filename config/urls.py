from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import TemplateView

from actors import exports as actor_exports
from actors import feeds as actor_feeds
from actors import sitemaps as actor_sitemaps
from clusters import exports as cluster_exports
from clusters import sitemaps as cluster_sitemaps
from ecosystem import exports as knowledge_exports
from ecosystem import sitemaps as knowledge_sitemaps
from ecosystem.core.health import healthz
from ecosystem.opendata.exports import export_urls
from ecosystem.opendata.sitemaps import ListSitemap, cached_sitemap
from ecosystem.pages import views as pages_views

admin.site.site_header = "Portail cleantech wallon — administration"
admin.site.site_title = "Administration du portail"
admin.site.index_title = "Contenu du portail"

# Every public list that can be downloaded, app by app.
DATASETS = [*actor_exports.DATASETS, *cluster_exports.DATASETS, *knowledge_exports.DATASETS]

SITEMAPS = {
    # The cross-app pages (home, pillars) around the apps' lists.
    "lists": ListSitemap(
        [
            "ecosystem:home",
            *cluster_sitemaps.LISTS,
            *actor_sitemaps.LISTS,
            *knowledge_sitemaps.LISTS,
            "ecosystem:pillars",
        ]
    ),
    **cluster_sitemaps.SITEMAPS,
    **actor_sitemaps.SITEMAPS,
    **knowledge_sitemaps.SITEMAPS,
}

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # Open data for machines: one address whatever the language.
    path("api/", include("config.api_urls")),
    path(
        "sitemap.xml",
        cached_sitemap(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cached_sitemap(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("favicon.ico", pages_views.favicon),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
]

# The public pages: French at the unprefixed addresses of the URL contract,
# English under /en/.
urlpatterns += i18n_patterns(
    path("", include("clusters.urls")),
    path("", include("actors.urls")),
    path("", include("ecosystem.pages.urls")),
    # <list>/export.csv and .json; feeds/actors/, feeds/projects/, feeds/domains/<slug>/
    path("", include((export_urls(DATASETS), "exports"))),
    path("", include((actor_feeds.urlpatterns, "feeds"))),
    path("", include("ecosystem.pages.visual_urls")),
    path("", include("proposals.urls")),
    prefix_default_language=False,
)
