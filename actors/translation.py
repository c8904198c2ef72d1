"""Organisations', people's and projects' texts in French and English (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from actors.models import Actor, Person, Project, ProjectParticipation, Quote, Role
from ecosystem.core.translation import ContentTranslation


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
    fields = ("title",)


@register(Quote)
class QuoteTranslation(TranslationOptions):
    # The quote itself keeps the language it was said in (``text``, with a
    # translation beside it); only the editorial context is translated.
    fields = ("context",)


@register(ProjectParticipation)
class ParticipationTranslation(TranslationOptions):
    fields = ("description",)
