"""The background task of a document's reading (Django's tasks API, django-tasks-db)."""

from django_tasks import task

from ingestion import pipeline
from ingestion.models import IngestionRun


@task()
def ingest_document(run_id: int) -> dict:
    """Read the run's document and propose what it found; return its counts by kind."""
    run = IngestionRun.objects.get(pk=run_id)
    if run.status != IngestionRun.Status.QUEUED:
        return run.counts  # already read (a job claimed twice is read once)
    return pipeline.ingest(run).counts
