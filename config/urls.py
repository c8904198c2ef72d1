from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from ecosystem.health import healthz

admin.site.site_header = "Portail cleantech wallon — administration"
admin.site.site_title = "Administration du portail"
admin.site.index_title = "Contenu du portail"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

# The public pages: French at the unprefixed addresses of the URL contract,
# English under /en/.
urlpatterns += i18n_patterns(
    path("", include("clusters.urls")),
    path("", include("actors.urls")),
    path("", include("ecosystem.urls")),
    prefix_default_language=False,
)
