"""Building blocks shared by the directories' FilterSets (pages, exports, API)."""

import django_filters

from .search import match_queryset


def filter_text(queryset, name, value):
    """Free-text filter: every word must appear in the record's search text."""
    return match_queryset(queryset, value)


def published_slug_filter(label, field_name, model):
    """A facet whose values are slugs of published records; several values combine with OR."""
    return django_filters.ModelMultipleChoiceFilter(
        label=label,
        field_name=field_name,
        to_field_name="slug",
        queryset=model.objects.published(),
    )
