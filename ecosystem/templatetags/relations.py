"""The relation graph on a detail page, drawn from the relations it already fetched."""

from django import template

from ecosystem.visuals.graphs import prefetched_graph

register = template.Library()


@register.inclusion_tag("includes/graph_panel.html")
def relation_graph(obj, part_of=None):
    """The record's direct relations as a picture, with a link to its full neighbourhood."""
    return {"graph": prefetched_graph(obj, part_of), "obj": obj}
