"""The base of what the API says about each record; the apps declare their serializers.

Records link to each other by slug: a reference is ``{"url", "slug", "name"}``
where ``url`` is the related record's API address. The viewsets prefetch every
relation from a published queryset, so a draft never shows, even as a link.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field(OpenApiTypes.URI)
class PageField(serializers.Field):
    """The absolute address of the record's public page."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        url = obj.get_absolute_url()
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class LinesField(serializers.Field):
    """A text field holding one item per line (aliases, strategic axes), as a list."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, text):
        return [line.strip() for line in (text or "").splitlines() if line.strip()]


def api_url(basename: str) -> dict:
    """The ``extra_kwargs`` that make ``url`` the record's API address, by slug."""
    return {"url": {"view_name": f"api:{basename}-detail", "lookup_field": "slug"}}


class Reference(serializers.HyperlinkedModelSerializer):
    """A link to another record: its API address, slug and name."""

    class Meta:
        fields = ["url", "slug", "name"]
