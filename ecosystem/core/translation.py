"""What every content record translates (django-modeltranslation registration bases).

Each app registers its models in its own ``translation.py``; modeltranslation
adds a ``<field>_fr`` and a ``<field>_en`` column for each field listed, and
``record.name`` reads the active language's, French when English is missing
(MODELTRANSLATION_FALLBACK_LANGUAGES).
"""

from modeltranslation.translator import TranslationOptions


class TextTranslation(TranslationOptions):
    """Translated text is never NULL: an untranslated field is "" (Django's convention)."""

    empty_values = ""
    # The admin asks for the French text where the field is required; English is optional.
    required_languages = ("fr",)


class CitedTranslation(TextTranslation):
    """A cited record or link explains an editorial inference in each language."""

    fields = ("inference",)


class ContentTranslation(CitedTranslation):
    """A content record sorts by its title in the reader's language (``sort_key``)."""

    fields = ("sort_key",)
