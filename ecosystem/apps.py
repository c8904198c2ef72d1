from django.apps import AppConfig


class EcosystemConfig(AppConfig):
    name = "ecosystem"
    verbose_name = "Écosystème et connaissances"

    def ready(self):
        from ecosystem.core import signals  # noqa: F401  (connects the search-text handler)
