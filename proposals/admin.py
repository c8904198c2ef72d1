"""The moderation queue: each proposal as the record is and as proposed, field by field.

An editor ticks the fields to accept (and may edit their value first), or
rejects with a reason; a new organisation shows its possible duplicates.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from proposals import fields as proposable
from proposals import review
from proposals.models import CREATING, Proposal

# What a new record cannot be saved without.
REQUIRED = {
    Proposal.Kind.NEW_ORGANISATION: ("name", "kind", "pillar"),
    Proposal.Kind.NEW_PERSON: ("name",),
    Proposal.Kind.NEW_PLACE: ("name", "kind"),
    Proposal.Kind.FIGURE: ("label", "value"),
}


class ReviewForm(forms.Form):
    """One « accept » box and one editable value per proposed field, a reason to reject,
    and, for a new organisation, the source's words as its excerpt."""

    decision = forms.ChoiceField(
        choices=[("accept", _("Accepter les champs cochés")), ("reject", _("Refuser"))],
        widget=forms.RadioSelect,
        label=_("Décision"),
    )
    reason = forms.CharField(
        label=_("Motif du refus"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    excerpt_source = forms.ModelChoiceField(
        queryset=None, required=False, to_field_name="slug", label=_("Source publiée citée")
    )
    excerpt_text = forms.CharField(
        label=_("Les mots de la source (extrait)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Collez les mots exacts du document ; sinon une déduction dit d'où vient la fiche."
        ),
    )

    def __init__(self, *args, proposal: Proposal, **kwargs):
        super().__init__(*args, **kwargs)
        from ecosystem.models import Source

        self.proposal = proposal
        self.model = self._model()
        self.fields["excerpt_source"].queryset = Source.objects.all()
        for name, value in proposal.proposed.items():
            self.fields[f"accept_{name}"] = forms.BooleanField(
                required=False, initial=True, label=_("accepter")
            )
            field = proposable.form_field(self.model, name)
            field.required = False
            field.initial = value
            self.fields[f"value_{name}"] = field

    def _model(self):
        from django.apps import apps

        if self.proposal.target_type_id:
            return self.proposal.target_type.model_class()
        return apps.get_model(CREATING.get(self.proposal.kind, "actors.Actor"))

    def accepted_values(self) -> dict:
        return {
            name: proposable.cleaned_value(self.model, name, self.cleaned_data.get(f"value_{name}"))
            for name in self.proposal.proposed
            if self.cleaned_data.get(f"accept_{name}")
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Dites au proposant pourquoi."))
        if cleaned.get("decision") == "accept":
            values = self.accepted_values()
            if not values and self.proposal.kind != Proposal.Kind.MENTION:
                raise forms.ValidationError(_("Cochez au moins un champ, ou refusez."))
            if self.proposal.kind == Proposal.Kind.FIGURE and "value" in values:
                self._check_number(values["value"])
            if self.proposal.kind == Proposal.Kind.NEW_ORGANISATION:
                for required in REQUIRED[self.proposal.kind]:
                    if not values.get(required):
                        self.add_error(
                            f"value_{required}" if f"value_{required}" in self.fields else None,
                            _(
                                "Une organisation a besoin d'un nom, d'un type et d'un pilier : "
                                "« %(field)s » manque."
                            )
                            % {"field": required},
                        )
            elif self.proposal.creates_record:
                for required in REQUIRED[self.proposal.kind]:
                    if not values.get(required):
                        self.add_error(
                            f"value_{required}" if f"value_{required}" in self.fields else None,
                            _("Cette fiche a besoin de « %(field)s ».") % {"field": required},
                        )
            if bool(cleaned.get("excerpt_source")) != bool(cleaned.get("excerpt_text", "").strip()):
                self.add_error("excerpt_text", _("Un extrait a une source et des mots : les deux."))
        return cleaned

    def _check_number(self, value: str) -> None:
        try:
            Decimal(str(value).replace(",", ".").replace(" ", ""))
        except InvalidOperation:
            self.add_error("value_value", _("Une valeur est un nombre : « 80 », « 11.1 »."))
        else:
            self.cleaned_data["value_value"] = str(value).replace(",", ".").replace(" ", "")

    def excerpt(self) -> dict | None:
        source = self.cleaned_data.get("excerpt_source")
        if source is None:
            return None
        return {"source": source.slug, "text": self.cleaned_data["excerpt_text"].strip()}


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "target_name", "status", "created", "decided_at")
    list_filter = ("status", "kind")
    date_hierarchy = "created"
    search_fields = ("source", "comment")
    list_select_related = ("target_type",)

    def has_add_permission(self, request):
        return False  # proposals come from the public form

    @admin.display(description=_("fiche"))
    def target_name(self, obj):
        if obj.creates_record and obj.target_id is None:
            return obj.proposed.get("name") or obj.proposed.get("label") or "—"
        return obj.target or "—"

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("status", "created")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        proposal = get_object_or_404(Proposal, pk=object_id)
        if not self.has_view_permission(request, proposal):
            raise PermissionDenied
        form = ReviewForm(request.POST or None, proposal=proposal)
        if request.method == "POST" and proposal.is_open:
            if not self.has_change_permission(request, proposal):
                raise PermissionDenied
            if form.is_valid():
                return self._decide(request, proposal, form)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "proposal": proposal,
            "form": form,
            "rows": self._rows(proposal, form),
            "duplicates": self._duplicates(proposal),
            "title": str(proposal),
            "can_decide": proposal.is_open and self.has_change_permission(request, proposal),
        }
        return TemplateResponse(request, "admin/proposals/proposal/review.html", context)

    def _decide(self, request, proposal, form):
        if form.cleaned_data["decision"] == "reject":
            review.reject(proposal, form.cleaned_data["reason"], request.user)
            self.message_user(request, _("Proposition refusée."), messages.SUCCESS)
            return redirect("admin:proposals_proposal_changelist")
        record = review.accept(proposal, form.accepted_values(), request.user, form.excerpt())
        self.message_user(
            request, _("Proposition acceptée : la fiche est modifiée."), messages.SUCCESS
        )
        opts = record._meta
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", record.pk)

    @staticmethod
    def _rows(proposal, form):
        """Field by field: the record then, now, the proposal, and the editor's controls."""
        model = form.model
        record = proposal.target if proposal.kind == Proposal.Kind.CORRECTION else None
        rows = []
        for name, value in proposal.proposed.items():
            now = proposable.value_of(record, name) if record else ""
            rows.append(
                {
                    "label": model._meta.get_field(name).verbose_name,
                    "then": proposable.label_of(model, name, proposal.current.get(name, "")),
                    "now": proposable.label_of(model, name, now),
                    "changed_since": record is not None and now != proposal.current.get(name),
                    "proposed": proposable.label_of(model, name, value),
                    "accept": form[f"accept_{name}"],
                    "value": form[f"value_{name}"],
                }
            )
        return rows

    @staticmethod
    def _duplicates(proposal):
        if proposal.kind not in review.LIKELY_TWINS:
            return []
        return [
            {
                "record": duplicate.record,
                "matched": duplicate.matched,
                "exact": duplicate.exact,
                "url": reverse(
                    f"admin:{duplicate.record._meta.app_label}_"
                    f"{duplicate.record._meta.model_name}_change",
                    args=[duplicate.record.pk],
                ),
            }
            for duplicate in review.possible_duplicates(
                proposal.proposed.get("name", ""), labels=review.LIKELY_TWINS[proposal.kind]
            )
        ]
