"""Rich text: descriptions written in Markdown, sanitised where they are rendered, and
their plain text (for summaries and feeds) the same whether Markdown runs or not."""

import html

import pytest
from django.utils.html import strip_tags

from actors.models import Actor
from ecosystem.core.markdown import plain, render_markdown
from ecosystem.models import Pillar


class TestRichText:
    HOSTILE = (
        "**Gras** et [lien](https://example.be)\n\n"
        "<script>alert('x')</script>\n\n"
        '<img src="x" onerror="alert(1)">\n\n'
        "[piège](javascript:alert(1))\n\n"
        '<a href="https://ok.be" onclick="steal()">clic</a>'
    )

    def test_markdown_is_sanitised(self):
        html = render_markdown(self.HOSTILE)
        assert "<strong>Gras</strong>" in html
        assert 'href="https://example.be"' in html
        for forbidden in ("<script", "onerror", "onclick", "javascript:", "<img"):
            assert forbidden not in html

    @pytest.mark.django_db
    def test_hostile_description_on_the_page(self, client):
        actor = Actor.objects.create(
            slug="zz-hostile",
            name="Hostile SA",
            kind=Actor.Kind.COMPANY,
            pillar=Pillar.CORPORATE,
            description=self.HOSTILE,
            is_published=True,
        )
        html = client.get(actor.get_absolute_url()).content.decode()
        assert "<strong>Gras</strong>" in html
        for forbidden in ("<script>alert", "onerror=", "onclick=", "javascript:alert"):
            assert forbidden not in html


@pytest.mark.parametrize(
    "text",
    [
        "Entreprise (Charleroi Métropole). Forme les techniciens de la région.",
        "- une liste",
        "1. un",
        "2024. Une année",
        "# titre",
        "> citation",
        "a *b* c",
        "a & b",
        "a &amp; b",
        "<script>alert(1)</script>",
        "    du code",
        "deux\nlignes",
        "+ plus",
        "= titre ?",
        "x\\_y",
        "100 000 € « cité » — fin…",
        "",
    ],
)
def test_plain_text_of_a_description_is_the_same_on_the_fast_path(text):
    """A text Markdown would not change skips it; every other goes through it."""
    slow = " ".join(html.unescape(strip_tags(render_markdown(text))).split())
    assert plain(text) == slow
