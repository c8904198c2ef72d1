from django.apps import AppConfig


class EcosystemConfig(AppConfig):
    name = "ecosystem"
    verbose_name = "Écosystème et connaissances"

    def ready(self):
        from ecosystem.core import (  # noqa: F401
            checks,  # registers the deployment checks
            signals,  # connects the search-text handler
        )
