from django import template

from proposals.models import Proposal

register = template.Library()


@register.simple_tag
def waiting_proposals() -> int:
    """How many public proposals wait for an editor (the admin index shows it)."""
    return Proposal.objects.waiting().count()
