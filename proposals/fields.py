"""What a visitor may propose on each kind of record, as form fields and as JSON values.

A model names its fields in ``proposable_fields``; others offer their title and
their text. A value is kept as JSON: a text, a choice's key, a slug for a
foreign key, a sorted list of slugs for a many-to-many relation.
"""

from __future__ import annotations

from django import forms
from django.core.validators import URLValidator
from django.db import models
from django.utils.text import capfirst
from modeltranslation.translator import NotRegistered, translator

# A text field of any size keeps a proposal readable and the database small.
MAX_TEXT = 5000
WEB_ADDRESS = URLValidator(schemes=["http", "https"])


def proposable_fields(model) -> tuple[str, ...]:
    declared = getattr(model, "proposable_fields", None)
    if declared:
        return declared
    names = {field.name for field in model._meta.get_fields()}
    return tuple(name for name in (model.title_field, "description", "definition") if name in names)


def translated_fields(model) -> set[str]:
    try:
        return set(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return set()


def value_of(record, name: str):
    """The record's value of ``name`` as a proposal keeps it (in the active language)."""
    field = record._meta.get_field(name)
    if field.many_to_many:
        return sorted(getattr(record, name).values_list("slug", flat=True))
    if field.many_to_one:
        related = getattr(record, name)
        return related.slug if related else ""
    return getattr(record, name) or ""


def label_of(model, name: str, value) -> str:
    """A value as a reader would say it: a choice's label, a record's name."""
    field = model._meta.get_field(name)
    if field.many_to_many or field.many_to_one:
        slugs = value if isinstance(value, list) else [value] if value else []
        related = field.related_model._default_manager.filter(slug__in=slugs)
        names = {record.slug: str(record) for record in related}
        return ", ".join(names.get(slug, slug) for slug in slugs)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def form_field(model, name: str) -> forms.Field:
    field = model._meta.get_field(name)
    label = capfirst(field.verbose_name)
    if field.many_to_many:
        return forms.ModelMultipleChoiceField(
            field.related_model._default_manager.published(),
            to_field_name="slug",
            required=False,
            label=label,
            widget=forms.CheckboxSelectMultiple,
        )
    if field.many_to_one:
        return forms.ModelChoiceField(
            field.related_model._default_manager.published(),
            to_field_name="slug",
            required=False,
            label=label,
        )
    if field.choices:
        return forms.ChoiceField(
            choices=[("", "—"), *field.choices], required=not field.blank, label=label
        )
    if isinstance(field, models.URLField):
        return forms.URLField(
            required=False,
            max_length=200,
            label=label,
            validators=[WEB_ADDRESS],
            assume_scheme="https",
        )
    if isinstance(field, models.TextField):
        return forms.CharField(
            required=False,
            max_length=MAX_TEXT,
            label=label,
            widget=forms.Textarea(attrs={"rows": 6}),
        )
    return forms.CharField(
        required=not field.blank, max_length=field.max_length or 200, label=label
    )


def cleaned_value(model, name: str, cleaned):
    """A form's cleaned value as a proposal keeps it."""
    field = model._meta.get_field(name)
    if field.many_to_many:
        return sorted(record.slug for record in cleaned)
    if field.many_to_one:
        return cleaned.slug if cleaned else ""
    return cleaned or ""


def apply(record, name: str, value, language: str) -> None:
    """Set ``name`` to ``value`` on ``record`` (a many-to-many after the record is saved)."""
    field = record._meta.get_field(name)
    if field.many_to_many:
        related = field.related_model._default_manager.filter(slug__in=value or [])
        getattr(record, name).set(related)
    elif field.many_to_one:
        related = field.related_model._default_manager.filter(slug=value).first()
        setattr(record, name, related)
    elif name in translated_fields(type(record)):
        setattr(record, f"{name}_{language}", value)
    else:
        setattr(record, name, value)


def is_many(model, name: str) -> bool:
    return model._meta.get_field(name).many_to_many
