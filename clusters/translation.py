"""Clusters' and memberships' texts in French and English (django-modeltranslation)."""

from modeltranslation.translator import register

from clusters.models import Cluster, Membership
from ecosystem.core.translation import CitedTranslation, ContentTranslation


@register(Cluster)
class ClusterTranslation(ContentTranslation):
    fields = ("name", "description", "strategic_axes")


@register(Membership)
class MembershipTranslation(CitedTranslation):
    fields = ("description",)
