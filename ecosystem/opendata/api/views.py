"""The base of the read-only viewsets: published records only, paginated with the licence.

The apps declare their viewsets (``actors/api.py``…), filtered by the
directory's own FilterSets; ``config/api_urls.py`` routes them.
"""

from django.conf import settings
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from ecosystem.opendata.exports import DATA_LICENSE, DATA_LICENSE_URL

LICENSE = {"name": DATA_LICENSE, "url": DATA_LICENSE_URL}


class Pagination(PageNumberPagination):
    """``?page=2&page_size=50``; every page carries the data licence."""

    page_size = settings.PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "license": LICENSE,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["license"] = {
            "type": "object",
            "properties": {
                "name": {"type": "string", "example": DATA_LICENSE},
                "url": {"type": "string", "format": "uri", "example": DATA_LICENSE_URL},
            },
        }
        return response


def filtered(serializer_class):
    """Document the 400 a list answers when a filter value is unknown."""
    return extend_schema_view(
        list=extend_schema(
            responses={
                200: serializer_class(many=True),
                400: OpenApiResponse(
                    description="Valeur de filtre inconnue : le message nomme le filtre."
                ),
            }
        )
    )


class PublishedViewSet(viewsets.ReadOnlyModelViewSet):
    """List and detail by slug, anonymous and read-only, of the published records only.

    A subclass names its ``queryset`` (``Actor.objects.all()``); the records
    are made public here, so no subclass can forget to, then shaped by their
    QuerySet's ``for_api()`` (its prefetches and counts).
    """

    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    filter_backends = [DjangoFilterBackend]
    pagination_class = Pagination

    def get_queryset(self):
        return super().get_queryset().published().for_api()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # Open data: any site may query it from a browser (no cookies are involved).
        response["Access-Control-Allow-Origin"] = "*"
        return response
