"""``{{ text|markdown }}``: Markdown in descriptions, rendered to sanitised HTML."""

from django import template
from django.utils.safestring import mark_safe

from ecosystem.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    return mark_safe(render_markdown(str(text or "")))
