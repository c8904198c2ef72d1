"""Result cards, each rendered once per record, language and content version.

A directory page shows up to 24 cards, and rendering them was most of what a
page nobody asked for yet cost (docs/performance.md). A card depends on its
record and what ``for_card()`` fetches with it, on the language and on the
content — not on the list it appears in, its filters or its page. So a page
asks the cache for all its cards at once (one round trip) and fetches and
renders only those it lacks. Any content change bumps the content version,
which every key includes, so a card is never older than the content.
"""

from django.core.cache import cache
from django.db.models import QuerySet
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from ecosystem.core.cache import TIMEOUT, cache_keys


def render_cards(queryset: QuerySet, ids: list, template_name: str) -> list[SafeString]:
    """The card of each record of ``ids``, in that order, from ``queryset.for_card()``.

    ``template_name`` renders one record, ``obj``, with nothing else in its
    context. A record that is no longer in ``queryset`` is left out.
    """
    label = queryset.model._meta.label
    keys = dict(
        zip(ids, cache_keys("card", [(template_name, label, pk) for pk in ids]), strict=True)
    )
    cards = cache.get_many(list(keys.values())) if keys else {}
    missing = [pk for pk in ids if keys[pk] not in cards]
    if missing:
        template = get_template(template_name)
        records = queryset.for_card().in_bulk(missing)
        fresh = {keys[pk]: template.render({"obj": records[pk]}) for pk in missing if pk in records}
        cache.set_many(fresh, TIMEOUT)
        cards.update(fresh)
    return [mark_safe(cards[keys[pk]]) for pk in ids if keys[pk] in cards]
