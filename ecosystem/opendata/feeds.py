"""The base of the RSS and Atom feeds of new and changed records.

Items are published records only, the most recently modified first; a change
to a record brings it back to the top (``<updated>`` in Atom). The apps
declare their feeds (``actors/feeds.py``).

A feed carries no markup from content: descriptions go out as HTML
(``<description>``, Atom's ``<summary type="html">``), so their plain text is
escaped; RSS readers read titles as HTML too, Atom's are text
(``<title>`` without a type).
"""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from ecosystem.core.markdown import plain

FEED_SIZE = 50


class RecordFeed(Feed):
    """Shared item rendering: title, summary, link, dates and domains as categories."""

    def title_text(self, text) -> str:
        """A title as the feed type reads it: HTML in RSS, plain text in Atom."""
        return str(text) if issubclass(self.feed_type, Atom1Feed) else escape(text)

    def item_title(self, item):
        return self.title_text(item.name)

    def item_description(self, item):
        kind = item.get_kind_display()
        summary = plain(item.description)
        if len(summary) > 400:
            summary = summary[:400].rsplit(" ", 1)[0] + "…"
        # plain() unescapes entities (`&lt;script&gt;` is "<script>" again): escape for HTML.
        return escape(f"{kind} — {summary}" if summary else kind)

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
