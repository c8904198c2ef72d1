"""« Ajouter un document »: an editor uploads or pastes a document; a worker reads it.

The upload creates a queued run and enqueues its task (ingestion/tasks.py): the request
only stores the bytes, so a 100-page PDF never holds a web worker. The run's page shows
its stage and a progress bar, reloaded every two seconds by the page itself (no
JavaScript) while the run waits or works, and links to its proposals when done.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ingestion.extraction import MAX_BYTES, Refused, kind_of
from ingestion.models import IngestionRun
from ingestion.pipeline import PASTED
from ingestion.tasks import ingest_document
from proposals.models import Proposal


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier"),
        required=False,
        help_text=_("PDF, page HTML ou texte, 20 Mo au plus."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.html,.htm,.txt,.md"}),
    )
    text = forms.CharField(
        label=_("Ou le texte, collé"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    title = forms.CharField(
        label=_("Titre"),
        max_length=300,
        required=False,
        help_text=_("Tel que le document le donne ; vide : celui de ses métadonnées."),
    )
    publisher = forms.CharField(label=_("Éditeur"), max_length=300, required=False)
    date = forms.DateField(label=_("Date"), required=False, help_text=_("AAAA-MM-JJ"))
    language = forms.ChoiceField(
        label=_("Langue"),
        required=False,
        choices=[("", _("celle du texte")), ("fr", _("français")), ("en", _("anglais"))],
    )

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("file"), cleaned.get("text", "").strip()
        if bool(upload) == bool(text):
            raise forms.ValidationError(_("Envoyez un fichier ou collez un texte : l'un des deux."))
        if upload:
            if upload.size > MAX_BYTES:
                self.add_error(
                    "file",
                    _("Le fichier pèse %(size)s Mo : la limite est de %(limit)s Mo.")
                    % {"size": upload.size // (1024 * 1024), "limit": MAX_BYTES // (1024 * 1024)},
                )
            else:
                try:
                    kind_of(upload.name)
                except Refused as refusal:
                    self.add_error("file", str(refusal))
        return cleaned

    def document(self) -> tuple[str, bytes]:
        upload = self.cleaned_data.get("file")
        if upload:
            return upload.name[:200], upload.read()
        return PASTED, self.cleaned_data["text"].encode("utf-8")


@admin.register(IngestionRun)
class IngestionRunAdmin(admin.ModelAdmin):
    list_display = ("__str__", "status", "stage", "percent", "created", "created_by")
    list_filter = ("status",)
    search_fields = ("title", "file_name", "publisher")
    list_select_related = ("created_by",)
    date_hierarchy = "created"

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        posted = request.method == "POST"
        form = DocumentForm(request.POST, request.FILES) if posted else DocumentForm()
        if posted and form.is_valid():
            file_name, data = form.document()
            run = IngestionRun.objects.create(
                file_name=file_name,
                document=data,
                title=form.cleaned_data["title"],
                publisher=form.cleaned_data["publisher"],
                date=form.cleaned_data["date"],
                language=form.cleaned_data["language"],
                created_by=request.user,
            )
            ingest_document.enqueue(run.pk)
            return redirect(run.get_absolute_url())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": _("Ajouter un document"),
        }
        return TemplateResponse(request, "admin/ingestion/ingestionrun/add.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        run = get_object_or_404(IngestionRun.objects.select_related("source"), pk=object_id)
        if not self.has_view_permission(request, run):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "run": run,
            "title": str(run),
            "proposals": self._proposal_links(run),
        }
        return TemplateResponse(request, "admin/ingestion/ingestionrun/progress.html", context)

    @staticmethod
    def _proposal_links(run) -> list[dict]:
        """The run's proposals, all and by kind, as filtered lists of the review queue."""
        if run.status != IngestionRun.Status.DONE:
            return []
        queue = reverse("admin:proposals_proposal_changelist")
        links = [
            {
                "kind": None,
                "count": sum(run.counts.values()),
                "url": f"{queue}?" + urlencode({"origin": run.origin}),
            }
        ]
        for kind, count in sorted(run.counts.items()):
            query = urlencode({"origin": run.origin, "kind__exact": kind})
            label = Proposal.Kind(kind).label if kind in Proposal.Kind.values else kind
            links.append({"kind": label, "count": count, "url": f"{queue}?{query}"})
        return links
