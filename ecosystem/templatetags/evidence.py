"""The evidence of a record or a link, drawn where its statement is."""

from django import template

from ecosystem.core.i18n import active_language
from ecosystem.core.models import public_excerpts
from ecosystem.evidence import excerpt_anchor

register = template.Library()


@register.inclusion_tag("includes/evidence.html", takes_context=True)
def evidence(context, record):
    """The excerpts that support ``record`` (folded) and its inference, if it is one.

    An excerpt whose document is not published is left out (``public_excerpts``).
    ``documents`` (the public sources by slug) come from the context processor;
    an include ``… only`` must pass them on.
    """
    documents = context.get("documents") or {}
    excerpts = [
        {
            "text": excerpt["text"],
            "source": documents[excerpt["source"]],
            "anchor": excerpt_anchor(record, excerpt["text"]),
        }
        for excerpt in public_excerpts(record, documents)
    ]
    return {
        "excerpts": excerpts,
        "inference": getattr(record, "inference", ""),
        "language": active_language(),
    }
