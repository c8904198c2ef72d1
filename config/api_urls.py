"""``/api/``: the read API's routes and its OpenAPI schema at ``/api/schema/``."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from actors.api import ActorViewSet, PersonViewSet, ProjectViewSet
from clusters.api import ClusterViewSet
from ecosystem.api import DomainViewSet, TerritoryViewSet
from ecosystem.opendata.api import schema  # noqa: F401 (registers the filters' OpenAPI extension)

router = DefaultRouter()
router.include_format_suffixes = False
router.register("clusters", ClusterViewSet, basename="cluster")
router.register("actors", ActorViewSet, basename="actor")
router.register("projects", ProjectViewSet, basename="project")
router.register("people", PersonViewSet, basename="person")
router.register("domains", DomainViewSet, basename="domain")
router.register("territories", TerritoryViewSet, basename="territory")

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("", include(router.urls)),
]
