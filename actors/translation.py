"""Organisations', people's and projects' texts in French and English (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from actors.models import Actor, Person, Project, ProjectParticipation, Quote, Role
from ecosystem.core.translation import CitedTranslation, ContentTranslation, TextTranslation


@register(Actor)
class ActorTranslation(ContentTranslation):
    fields = ("name", "description")


@register(Person)
class PersonTranslation(ContentTranslation):
    # A person's name is the same in every language.
    fields = ("description",)


@register(Project)
class ProjectTranslation(ContentTranslation):
    fields = ("name", "description", "figures_note")


@register(Role)
class RoleTranslation(TranslationOptions):
    # A title is NULL, not "", when untranslated: a person holds each English title once.
    fields = ("title", "inference")
    empty_values = {"title": None, "inference": ""}


@register(Quote)
class QuoteTranslation(TextTranslation):
    # The quote itself keeps the language it was said in (``text``, with a
    # translation beside it); only the editorial context is translated.
    fields = ("context",)


@register(ProjectParticipation)
class ParticipationTranslation(CitedTranslation):
    fields = ("description",)
