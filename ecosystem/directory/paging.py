"""Pages of a list: the requested page, capped in depth, and the previews of a list.

A page number comes from ``?page=`` (ecosystem/directory/querystrings.py); a
malformed one gives page 1, one out of range the last page served.
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from ecosystem.directory.querystrings import PAGE_PARAM

# How many projects a hub, domain or territory page previews before linking to the list.
PROJECTS_SHOWN = 24


def first_and_total(queryset: QuerySet, size: int) -> tuple[list, int]:
    """The first ``size`` records and how many there are in all: two queries at any size.

    For the lists a page previews (a hub's projects, a domain's actors, a
    graph's ring) with a link to the full, filtered list.
    """
    return list(queryset[:size]), queryset.count()


class DepthCappedPaginator(Paginator):
    """A paginator that serves at most ``max_pages`` pages; ``count`` stays the true total.

    An OFFSET page reads every row before it, so its cost grows with depth:
    page 2,000 of 100,000 actors cost 150 ms. Nobody reads that far (the
    filters and the search narrow a list; robots have the sitemap), so the
    list stops at ``max_pages`` and its last page says how to go further.
    """

    def __init__(self, object_list, per_page, max_pages: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.max_pages = max_pages

    @cached_property
    def num_pages(self) -> int:
        return min(Paginator.num_pages.func(self), self.max_pages)

    @property
    def truncated(self) -> bool:
        """Whether some results lie beyond the last page served."""
        return self.count > self.max_pages * self.per_page

    @property
    def shown_count(self) -> int:
        return min(self.count, self.max_pages * self.per_page)


class IndexedKeys:
    """A list's keys for the paginator: a page read by ``read(start, stop)`` (the facet
    index), or sliced from ``queryset`` (SQL) where ``read`` gives None."""

    def __init__(self, queryset: QuerySet, read):
        self.queryset, self.read = queryset, read

    def __getitem__(self, window: slice) -> list:
        keys = self.read(window.start or 0, window.stop)
        return list(self.queryset[window]) if keys is None else keys

    def __iter__(self):
        return iter(self.queryset)


def paginate(request, queryset, per_page: int | None = None, count: int | None = None):
    """The requested page; a malformed number gives page 1, one out of range the last page.

    Beyond the depth limit (settings.MAX_PAGES), the last page served is
    given, with a message to refine the list (includes/pagination.html).
    ``count``, when the caller knows it, spares the COUNT query.
    """
    paginator = DepthCappedPaginator(
        queryset, per_page or settings.PAGE_SIZE, max_pages=settings.MAX_PAGES
    )
    if count is not None:
        paginator.count = count  # the cached_property, given
    return paginator.get_page(request.GET.get(PAGE_PARAM))
