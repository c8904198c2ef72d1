from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EcosystemConfig(AppConfig):
    name = "ecosystem"
    verbose_name = "Écosystème et connaissances"
    # Public content (ecosystem/core/registry.py): the knowledge base, and the pages that
    # gather every app (site pages, feeds, map and graph).
    portal_content = True
    public_namespaces = ("ecosystem", "feeds", "visuals")

    def ready(self):
        from ecosystem.core import (  # noqa: F401
            checks,  # registers the deployment checks
            signals,  # connects the search-text handler
        )
        from ecosystem.core.editors import sync_editors_group

        post_migrate.connect(sync_editors_group, dispatch_uid="sync_editors_group")
