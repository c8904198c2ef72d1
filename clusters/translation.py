"""Clusters' and memberships' texts in French and English (django-modeltranslation)."""

from modeltranslation.translator import register

from clusters.models import Cluster, Membership
from ecosystem.core.translation import ContentTranslation, TextTranslation


@register(Cluster)
class ClusterTranslation(ContentTranslation):
    fields = ("name", "description", "strategic_axes")


@register(Membership)
class MembershipTranslation(TextTranslation):
    fields = ("description",)
