from django.apps import AppConfig


class IngestionConfig(AppConfig):
    """Documents read into proposals (issue 28). Not content (no ``portal_content``): a
    reading run bumps no content version; what it finds waits in the proposals' queue."""

    name = "ingestion"
    verbose_name = "Lecture de documents"
    # The editors add documents and follow their reading (ecosystem/core/editors.py).
    reviewed_by_editors = True
