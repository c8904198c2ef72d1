"""A visitor's proposal: a correction to a public record, or a new organisation.

Nothing proposed is shown to the public before an editor accepts it; the
proposer's e-mail address is kept while the proposal is open and 30 days after
its decision (``purge_proposal_emails``).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# How long an address is kept after the decision, to answer a follow-up.
EMAIL_KEPT_FOR = timedelta(days=30)


class ProposalQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status=Proposal.Status.WAITING)

    def about(self, record):
        return self.filter(
            target_type=ContentType.objects.get_for_model(record), target_id=record.pk
        )

    def with_expired_email(self, now=None):
        """Decided proposals whose address has been kept long enough."""
        cutoff = (now or timezone.now()) - EMAIL_KEPT_FOR
        return self.exclude(email="").filter(decided_at__lt=cutoff)


class Proposal(models.Model):
    class Kind(models.TextChoices):
        CORRECTION = "correction", _("correction d'une fiche")
        NEW_ORGANISATION = "new_organisation", _("nouvelle organisation")
        # Found in a document (issue 28): the document's words come with them (excerpts).
        MENTION = "mention", _("mention d'une fiche existante")
        NEW_PERSON = "new_person", _("nouvelle personne")
        NEW_PLACE = "new_place", _("nouveau lieu")
        FIGURE = "figure", _("chiffre clé")

    class Status(models.TextChoices):
        WAITING = "waiting", _("en attente")
        ACCEPTED = "accepted", _("acceptée")
        PARTLY_ACCEPTED = "partly_accepted", _("acceptée en partie")
        REJECTED = "rejected", _("refusée")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.WAITING, db_index=True
    )
    # The record a correction is about (null for a new organisation, or once accepted: the
    # record it created).
    target_type = models.ForeignKey(
        ContentType,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("type de fiche"),
    )
    target_id = models.PositiveBigIntegerField(_("fiche"), null=True, blank=True)
    language = models.CharField(_("langue"), max_length=2, default="fr")
    # {field: value} as proposed (text, a slug, a list of slugs), and as the record was then.
    proposed = models.JSONField(_("proposé"), default=dict)
    current = models.JSONField(_("la fiche à ce moment"), default=dict)
    source = models.CharField(
        _("source"),
        max_length=500,
        help_text=_("L'adresse web ou le titre du document qui appuie la proposition."),
    )
    comment = models.TextField(_("commentaire"), blank=True)
    # The document's words, [{"source": slug, "text": sentence}], as a record cites them.
    excerpts = models.JSONField(_("extraits"), default=list, blank=True)
    # Where a proposal comes from when not from the public form: « ingestion:<run> ».
    origin = models.CharField(_("origine"), max_length=40, blank=True, db_index=True)
    email = models.EmailField(_("adresse e-mail"), blank=True)
    created = models.DateTimeField(_("reçue le"), auto_now_add=True)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décidée par"),
    )
    accepted_fields = models.JSONField(_("champs acceptés"), default=list, blank=True)
    reason = models.TextField(_("motif"), blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("proposition du public")
        verbose_name_plural = _("propositions du public")
        indexes = [
            # the moderation queue: waiting first, oldest first
            models.Index(fields=["status", "created"], name="proposal_queue_idx"),
            # purge_proposal_emails
            models.Index(fields=["decided_at"], name="proposal_decided_idx"),
        ]

    def __str__(self):
        return _("Proposition publique n° %(number)s") % {"number": self.pk}

    @property
    def target(self):
        if self.target_type is None or self.target_id is None:
            return None
        model = self.target_type.model_class()
        return model._default_manager.filter(pk=self.target_id).first()

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.WAITING

    @property
    def creates_record(self) -> bool:
        return self.kind in CREATING

    def get_review_url(self) -> str:
        return reverse("admin:proposals_proposal_change", args=[self.pk])


# The kinds whose acceptance creates a draft, and the model of that draft.
CREATING = {
    Proposal.Kind.NEW_ORGANISATION: "actors.Actor",
    Proposal.Kind.NEW_PERSON: "actors.Person",
    Proposal.Kind.NEW_PLACE: "ecosystem.Territory",
    Proposal.Kind.FIGURE: "ecosystem.KeyFigure",
}
