"""The knowledge base's texts in French and English (django-modeltranslation)."""

from modeltranslation.translator import register

from ecosystem.core.translation import ContentTranslation, TextTranslation
from ecosystem.models import Concept, Domain, Event, KeyFigure, Milestone, Policy, Source, Territory


@register(Source)
class SourceTranslation(TextTranslation):
    fields = ("title", "publisher", "kind", "summary", "date_note")


@register(Domain)
@register(Territory)
@register(Policy)
@register(Milestone)
class DescribedTranslation(ContentTranslation):
    fields = ("name", "description")


@register(Concept)
class ConceptTranslation(ContentTranslation):
    fields = ("name", "definition", "attribution")


@register(Event)
class EventTranslation(ContentTranslation):
    fields = ("name", "description", "date_note")


@register(KeyFigure)
class KeyFigureTranslation(ContentTranslation):
    fields = ("label", "description", "period_note", "qualifier", "unit")
