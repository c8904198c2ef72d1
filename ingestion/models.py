"""A document's reading, followed from its upload to its proposals (issue 28)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class IngestionRun(models.Model):
    """One document read in the background: what an editor gave, where the reading is,
    and what it proposed. The uploaded bytes are kept until the reading ends."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("en attente")
        RUNNING = "running", _("en cours")
        DONE = "done", _("terminée")
        FAILED = "failed", _("échouée")

    class Stage(models.TextChoices):
        EXTRACTING = "extracting", _("extraction du texte")
        READING = "reading", _("lecture")
        PROPOSING = "proposing", _("propositions")

    source = models.ForeignKey(
        "ecosystem.Source",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source"),
    )
    file_name = models.CharField(_("nom du fichier"), max_length=200, blank=True)
    document = models.BinaryField(_("document"), blank=True, default=b"", editable=False)
    title = models.CharField(_("titre"), max_length=300, blank=True)
    publisher = models.CharField(_("éditeur"), max_length=300, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    language = models.CharField(_("langue"), max_length=2, blank=True)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    stage = models.CharField(_("étape"), max_length=12, choices=Stage.choices, blank=True)
    percent = models.PositiveSmallIntegerField(_("avancement (%)"), default=0)
    error = models.TextField(_("motif de l'échec"), blank=True)
    # {"mention": 3, "new_organisation": 5, …}: the proposals made, by kind.
    counts = models.JSONField(_("propositions par type"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ajouté par"),
    )
    created = models.DateTimeField(_("ajouté le"), auto_now_add=True)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("fini le"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("document ajouté")
        verbose_name_plural = _("documents ajoutés")

    def __str__(self):
        return self.title or self.file_name or _("Document n° %(number)s") % {"number": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("admin:ingestion_ingestionrun_change", args=[self.pk])

    @property
    def origin(self) -> str:
        """What its proposals carry as their origin (``Proposal.origin``)."""
        return f"ingestion:{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    def advance(self, stage: str, percent: int) -> None:
        """Record where the reading is (its own statement: the admin's page reads it)."""
        self.stage, self.percent = stage, max(0, min(100, percent))
        type(self).objects.filter(pk=self.pk).update(stage=self.stage, percent=self.percent)
