from django.apps import AppConfig


class ActorsConfig(AppConfig):
    name = "actors"
    verbose_name = "Acteurs, personnes et projets"
    # Public content (ecosystem/core/registry.py).
    portal_content = True
    public_namespaces = ("actors",)
