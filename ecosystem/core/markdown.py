"""Markdown in descriptions: sanitised HTML for pages, plain text for cards, feeds and meta tags."""

import html
import re
from functools import lru_cache

import markdown as markdown_lib
import nh3
from django.utils.html import strip_tags

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote",
    "code", "pre", "a", "h3", "h4", "abbr", "sup", "sub", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


# A pure function of the text, called for every card of every list: the same
# descriptions come back page after page.
@lru_cache(maxsize=4096)
def render_markdown(text: str) -> str:
    """Markdown to safe HTML: no script, no event handler, no javascript: link."""
    rendered = markdown_lib.markdown(text or "", extensions=["sane_lists"], output_format="html")
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


# One line with no character Markdown or HTML give a meaning to, not opening
# a list, a heading or a quote: Markdown would only wrap it in a paragraph.
PLAIN_LINE = re.compile(r"(?![ \t]*(?:[-+=>]|\d+[.)]))[^*_\[\]#`<>&\\\n\r]*")


def plain(text) -> str:
    """Markdown text as plain, unescaped text for cards and meta descriptions.

    The result is not marked safe, so autoescaping protects attributes too. A
    text with nothing Markdown would change is taken as it is: a card rendered
    on a cache miss spent half its time in Markdown for that.
    """
    text = str(text or "")
    if PLAIN_LINE.fullmatch(text):
        return " ".join(text.split())
    return " ".join(html.unescape(strip_tags(render_markdown(text))).split())
