"""The base of what the API says about each record; the apps declare their serializers.

Records link to each other by slug: a reference is ``{"url", "slug", "name"}``
where ``url`` is the related record's API address. The viewsets prefetch every
relation from a published queryset, so a draft never shows, even as a link.
An app builds the references it needs from the models (``reference(Cluster)``),
not from another app's API module.
"""

from functools import cache

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from modeltranslation.translator import NotRegistered, translator
from rest_framework import serializers


def translated_fields(model) -> tuple[str, ...]:
    """The fields of ``model`` that django-modeltranslation translates."""
    try:
        return tuple(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return ()


class BothLanguages:
    """Translated fields in both languages, whatever the request's language.

    ``name`` is the French text (the documents' language) and ``name_en`` the
    English one ("" until translated): one address answers everyone alike.
    """

    def build_field(self, field_name, info, model_class, nested_depth):
        field_class, kwargs = super().build_field(field_name, info, model_class, nested_depth)
        if field_name in translated_fields(model_class):
            kwargs["source"] = f"{field_name}_{settings.LANGUAGE_CODE}"
        return field_class, kwargs

    def to_representation(self, instance):
        # A text not written yet is "" (or no lines), as other text fields, not null.
        data = super().to_representation(instance)
        for name in translated_fields(type(instance)):
            for key in (name, f"{name}_en"):
                if key in data and data[key] is None:
                    data[key] = [] if isinstance(self.fields[key], LinesField) else ""
        return data


class ExcerptSerializer(serializers.Serializer):
    """The exact words of a source document that support a record or a link."""

    source = serializers.CharField(read_only=True, help_text="Slug of the source document.")
    text = serializers.CharField(read_only=True, help_text="The document's words, verbatim.")


class Evidenced(serializers.Serializer):
    """A record or link with its evidence: list ``EVIDENCE`` in ``Meta.fields``.

    ``inference`` (French) and ``inference_en`` are "" unless the statement is
    the team's deduction, not the documents' words; then they give the reasoning.
    """

    # A draft document's words are left out, as on the page.
    excerpts = ExcerptSerializer(many=True, read_only=True, source="public_excerpts")


EVIDENCE = ["excerpts", "inference", "inference_en"]


class ModelSerializer(BothLanguages, serializers.ModelSerializer):
    pass


class HyperlinkedModelSerializer(BothLanguages, serializers.HyperlinkedModelSerializer):
    pass


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


def bound(serializer: type, model, name: str, **meta) -> type:
    """A subclass of ``serializer`` named ``name``, for ``model``; ``meta`` extends its ``Meta``."""
    meta_class = type("Meta", (serializer.Meta,), {"model": model, **meta})
    return type(name, (serializer,), {"Meta": meta_class})


class Reference(HyperlinkedModelSerializer):
    """A link to another record: its API address, slug and name."""

    class Meta:
        fields = ["url", "slug", "name"]


# One class a model, whichever app asks (an actor's memberships and a cluster's
# members both name actors): the schema has one component each.
@cache
def reference(model) -> type[Reference]:
    """The link to a record of ``model`` (``ActorReference`` for ``Actor``), by slug."""
    name = f"{model.__name__}Reference"
    return bound(Reference, model, name, extra_kwargs=api_url(model._meta.model_name))


class SourceReference(ModelSerializer):
    """A cited document, linked to its page on the portal."""

    page = PageField()

    class Meta:
        fields = ["slug", "title", "publisher", "date", "page"]


@cache
def cited(model) -> type[SourceReference]:
    """The ``SourceReference`` of ``model``, the cited documents' model."""
    return bound(SourceReference, model, "SourceReference")


# Its docstring describes each record in the OpenAPI schema.
class RecordSerializer(Evidenced, HyperlinkedModelSerializer):
    """Common fields: API address, public page, slug, sources, evidence and last change."""

    page = PageField()

    class Meta:
        common = ["url", "page", "slug"]
        trailer = ["sources", *EVIDENCE, "modified"]

    def build_relational_field(self, field_name, relation_info):
        # Every record's many-to-many to the cited documents, nested.
        if field_name == "sources":
            return cited(relation_info.related_model), {"many": True, "read_only": True}
        return super().build_relational_field(field_name, relation_info)
