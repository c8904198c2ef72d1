"""Content in the visitor's language: the English field where there is one, else French.

Content models carry ``name_en``, ``description_en``… beside the French
fields; most are still empty, so English pages fall back to French field by
field rather than showing blanks.
"""

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def localized(obj, field: str = "name"):
    """``obj.<field>_en`` when English is active and it is filled in, else ``obj.<field>``."""
    if obj is None:
        return ""
    french = getattr(obj, field, None)
    if french is None:  # a record without such a field (a source, a tag): its name
        return str(obj)
    if (get_language() or settings.LANGUAGE_CODE).split("-")[0] != "en":
        return french
    return getattr(obj, f"{field}_en", "") or french


def alternates(request) -> list[tuple[str, str, str]]:
    """(code, name, absolute URL) of this page in each language of the site, query kept.

    ``translate_url`` gives the page back unchanged when its path does not
    resolve (a 404), which is as good an alternate as any.
    """
    url = request.get_full_path()
    return [
        (code, name, request.build_absolute_uri(translate_url(url, code)))
        for code, name in settings.LANGUAGES
    ]


def active_language() -> str:
    """The active language among the site's (French outside a request)."""
    code = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def title_order(prefix: str = "") -> str:
    """The field that sorts records by title in the reader's language: ``actor__sort_key_en``.

    Accents and case are left out of the key (ContentModel.sort_key), so
    « Économie » files under E in both languages, on SQLite as on PostgreSQL.
    """
    return f"{prefix}sort_key_{active_language()}"
