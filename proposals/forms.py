"""The proposal forms: the record's fields a visitor may know, a source, a comment, an e-mail.

Against robots: a honeypot field a person never sees, and a minimum fill time
carried in a signed timestamp (a form posted faster than a person can read it
is refused with a message, never stored).
"""

from __future__ import annotations

import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from proposals import fields as proposable

MINIMUM_FILL_SECONDS = 3
STARTED_SALT = "proposals.started"


class ProposalForm(forms.Form):
    source = forms.CharField(
        label=_("Votre source"),
        max_length=500,
        help_text=_(
            "L'adresse web ou le titre du document qui dit ce que vous proposez : l'équipe "
            "vérifie chaque proposition avant de la publier."
        ),
    )
    comment = forms.CharField(
        label=_("Commentaire (facultatif)"),
        required=False,
        max_length=proposable.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    email = forms.EmailField(
        label=_("Votre adresse e-mail (facultatif)"),
        required=False,
        help_text=_(
            "Pour vous dire ce que l'équipe a décidé. Elle est effacée 30 jours après la "
            "décision et n'est jamais publiée."
        ),
    )
    # A person never sees this field (hidden by CSS and from screen readers); a robot fills it.
    nickname = forms.CharField(required=False, label=_("Ne pas remplir ce champ"))
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, model, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.model, self.record = model, record
        self.proposable = proposable.proposable_fields(model)
        record_fields = {name: proposable.form_field(model, name) for name in self.proposable}
        if record is not None:
            for name, field in record_fields.items():
                field.initial = proposable.value_of(record, name)
                field.required = False
        # The record's fields first, then the source and the rest.
        self.fields = {**record_fields, **self.fields}
        if not self.is_bound:
            self.fields["started"].initial = signing.dumps(time.time(), salt=STARTED_SALT)

    def clean_started(self):
        try:
            started = signing.loads(self.cleaned_data["started"], salt=STARTED_SALT, max_age=86400)
        except signing.BadSignature as error:
            raise forms.ValidationError(
                _("Le formulaire a expiré : rechargez la page et recommencez.")
            ) from error
        if time.time() - float(started) < MINIMUM_FILL_SECONDS:
            raise forms.ValidationError(
                _("Envoyé trop vite pour avoir été lu : relisez et renvoyez le formulaire.")
            )
        return started

    def clean_nickname(self):
        if self.cleaned_data.get("nickname"):
            # Said above the form: the field itself is hidden.
            raise forms.ValidationError(
                _("Le champ caché doit rester vide : ce formulaire semble rempli par un robot.")
            )
        return ""

    def proposed_values(self) -> dict:
        """{field: value} for the record's fields the visitor changed (all, for a new one)."""
        values = {
            name: proposable.cleaned_value(self.model, name, self.cleaned_data.get(name))
            for name in self.proposable
        }
        if self.record is None:
            return {name: value for name, value in values.items() if value not in ("", [])}
        return {
            name: value
            for name, value in values.items()
            if value != proposable.value_of(self.record, name)
        }

    def clean(self):
        cleaned = super().clean()
        unchanged = self.record is not None and not self.proposed_values()
        if not self.errors and unchanged and not cleaned.get("comment"):
            raise forms.ValidationError(
                _("Vous n'avez rien changé : modifiez un champ ou expliquez-vous en commentaire.")
            )
        return cleaned

    def current_values(self) -> dict:
        if self.record is None:
            return {}
        return {name: proposable.value_of(self.record, name) for name in self.proposable}
