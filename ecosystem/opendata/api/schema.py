"""OpenAPI details drf-spectacular cannot guess from the directory's FilterSets."""

from django_filters import ModelMultipleChoiceFilter
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.plumbing import build_array_type, build_basic_type, build_parameter_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter


class SlugFilterExtension(DjangoFilterExtension):
    """Filters by related record (``domain=hydrogene``) take slugs, repeatable.

    Their ``field_name`` already ends in ``__slug``, so the stock extension
    looks for ``domains.slug.slug`` on the model and warns; the type is known.
    """

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        if isinstance(filter_field, ModelMultipleChoiceFilter) and filter_field.extra.get(
            "to_field_name"
        ):
            return [
                build_parameter_type(
                    name=field_name,
                    required=False,
                    location=OpenApiParameter.QUERY,
                    description=(
                        f"{filter_field.label} : identifiant (slug) ; répété, les valeurs "
                        "s'additionnent (OU). Une valeur inconnue donne une erreur 400."
                    ),
                    schema=build_array_type(build_basic_type(OpenApiTypes.STR)),
                    explode=True,
                    style="form",
                )
            ]
        return super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
