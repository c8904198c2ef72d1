from django.apps import AppConfig


class ClustersConfig(AppConfig):
    name = "clusters"
    verbose_name = "Clusters, pôles et hubs"
    # Public content (ecosystem/core/registry.py).
    portal_content = True
    public_namespaces = ("clusters",)
