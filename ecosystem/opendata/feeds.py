"""The base of the RSS and Atom feeds of new and changed records.

Items are published records only, the most recently modified first; a change
to a record brings it back to the top (``<updated>`` in Atom). The apps
declare their feeds (``actors/feeds.py``).
"""

from django.contrib.syndication.views import Feed

from ecosystem.core.markdown import plain

FEED_SIZE = 50


class RecordFeed(Feed):
    """Shared item rendering: title, summary, link, dates and domains as categories."""

    def item_title(self, item):
        return item.name

    def item_description(self, item):
        kind = item.get_kind_display()
        summary = plain(item.description)
        if len(summary) > 400:
            summary = summary[:400].rsplit(" ", 1)[0] + "…"
        return f"{kind} — {summary}" if summary else kind

    def item_pubdate(self, item):
        return item.created

    def item_updateddate(self, item):
        return item.modified

    def item_categories(self, item):
        return [domain.name for domain in item.domains.all()]


def recent(model, **filters):
    """The latest published records modified, with their published domains."""
    return (
        model.objects.published()
        .filter(**filters)
        .with_public("domains")
        .order_by("-modified")[:FEED_SIZE]
    )
