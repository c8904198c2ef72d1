"""``/api/``: the read API's routes and its OpenAPI schema at ``/api/schema/``."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from ecosystem.opendata.api import schema, views  # noqa: F401 (schema registers the filters' OpenAPI extension)

router = DefaultRouter()
router.include_format_suffixes = False
router.register("clusters", views.ClusterViewSet, basename="cluster")
router.register("actors", views.ActorViewSet, basename="actor")
router.register("projects", views.ProjectViewSet, basename="project")
router.register("people", views.PersonViewSet, basename="person")
router.register("domains", views.DomainViewSet, basename="domain")
router.register("territories", views.TerritoryViewSet, basename="territory")

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("", include(router.urls)),
]
