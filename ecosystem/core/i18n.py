"""The reader's language: which it is, how lists sort in it, where a text falls back to French.

The content's translations themselves are django-modeltranslation's
(each app's ``translation.py``): ``record.name`` is the active language's.
"""

from decimal import Decimal

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def format_number(value) -> str:
    """A decimal as the reader writes it, without trailing zeros: 3 000 000 and 12,5 in
    French (narrow no-break spaces), 3,000,000 and 12.5 in English."""
    text = f"{Decimal(value).normalize():,f}"
    if active_language() == "fr":
        return text.replace(",", "\u202f").replace(".", ",")
    return text


def fallback_language(obj, field: str = "name") -> str:
    """The language ``obj.<field>`` is shown in when it is not the reader's, else "".

    django-modeltranslation reads the French text where the English one is
    missing; the page then marks it ``lang="fr"`` (WCAG 3.1.2) so that screen
    readers pronounce it as French.
    """
    if obj is None or active_language() == settings.LANGUAGE_CODE:
        return ""
    translated = getattr(obj, f"{field}_{active_language()}", None)
    original = getattr(obj, f"{field}_{settings.LANGUAGE_CODE}", None)
    return settings.LANGUAGE_CODE if original and not translated else ""


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
