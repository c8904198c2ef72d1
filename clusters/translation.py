"""Clusters' and memberships' texts in French and English (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from clusters.models import Cluster, Membership
from ecosystem.core.translation import ContentTranslation


@register(Cluster)
class ClusterTranslation(ContentTranslation):
    fields = ("name", "description", "strategic_axes")


@register(Membership)
class MembershipTranslation(TranslationOptions):
    fields = ("description",)
