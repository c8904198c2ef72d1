"""schema.org JSON-LD: the shared pieces of every record's description.

Each app describes its own records (``actors/jsonld.py``, ``clusters/jsonld.py``,
``ecosystem/jsonld.py``) from relations its detail view prefetched as
public; the page hands the result to ``{% json_ld %}``.
"""

import json

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language

from ecosystem.core.markdown import plain
from ecosystem.core.models import public_excerpts

SCHEMA = "https://schema.org"
# Characters that could end the <script> element or open a comment inside it.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def absolute(request, obj) -> str:
    url = obj.get_absolute_url()
    return request.build_absolute_uri(url) if request is not None else url


def summary(obj, words: int = 40) -> str:
    """The record's description (or definition, or summary) as plain text, cut to ``words``."""
    for attr in ("description", "definition", "summary"):
        # In English, the English text where there is one, else the French.
        text = plain(getattr(obj, attr, ""))
        if text:
            return Truncator(text).words(words)
    return ""


def ref(request, obj, kind="Organization") -> dict:
    """A link to another record: its type, name and address."""
    return {"@type": kind, "name": obj.name, "url": absolute(request, obj)}


def place(request, territory) -> dict | None:
    """A territory as a schema.org Place, with coordinates when known."""
    if territory is None:
        return None
    data = {"@type": "Place", "name": territory.name, "url": absolute(request, territory)}
    if territory.latitude is not None and territory.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(territory.latitude),
            "longitude": float(territory.longitude),
        }
    return data


def describe(request, obj, kind: str, **properties) -> dict:
    """A record's description: what every record has, then ``properties``, empty values left out."""
    data = {
        "@context": SCHEMA,
        "@type": kind,
        "@id": absolute(request, obj),
        "url": absolute(request, obj),
        "name": obj.name,
        "description": summary(obj, 80),
        "inLanguage": get_language() or "fr",
    }
    aliases = [line.strip() for line in getattr(obj, "aliases", "").splitlines() if line.strip()]
    if aliases:
        data["alternateName"] = aliases
    if getattr(obj, "website", ""):
        data["sameAs"] = [obj.website]
    data["subjectOf"] = documented_in(request, obj)
    data.update(properties)
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def documented_in(request, obj) -> list[dict]:
    """The documents a record is taken from, as ``subjectOf``: each excerpt a Quotation
    that ``isPartOf`` its document, a cited document without excerpt as it is.

    (``citation`` and ``isBasedOn`` belong to creative works; ``subjectOf`` is
    what any Thing — an organisation, a person, a place — says it is described by.)
    """
    documents = {}
    for source in obj.sources.all():
        documents[source.slug] = {
            "@type": "CreativeWork",
            "name": source.title,
            "url": absolute(request, source),
            "inLanguage": source.language,
        }
        if source.date:
            documents[source.slug]["datePublished"] = source.date.isoformat()
    quoted = [
        {
            "@type": "Quotation",
            "text": excerpt["text"],
            "inLanguage": documents[excerpt["source"]]["inLanguage"],
            "isPartOf": documents[excerpt["source"]],
        }
        for excerpt in public_excerpts(obj, documents)
    ]
    cited = {excerpt["source"] for excerpt in getattr(obj, "excerpts", ())}
    return quoted + [work for slug, work in documents.items() if slug not in cited]


def year(value) -> str | None:
    return str(value) if value else None


def script(data: dict | None) -> SafeString:
    """A ``<script type="application/ld+json">`` data block (browsers do not run it)."""
    if not data:
        return mark_safe("")
    text = json.dumps(data, ensure_ascii=False, indent=1).translate(SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')
