"""Charts drawn in templates: the pillar balance and key figures over time."""

from django import template

from ecosystem.core.i18n import localized
from ecosystem.visuals.charts import (
    BAR_HEIGHT,
    figure_series,
    pillar_bars,
    pillar_stacks,
    series_key,
)

register = template.Library()


@register.inclusion_tag("includes/bar_chart.html")
def pillar_chart(rows, caption=""):
    """Bars per pillar for one BalanceRow, stacked bars to compare several; no query."""
    rows = list(rows or [])
    context = {"caption": caption, "bar_height": BAR_HEIGHT, "rows": rows}
    if len(rows) == 1:
        context["chart"] = pillar_bars(rows[0])
    elif rows:
        context["stacks"], context["chart"] = pillar_stacks(rows, label=localized)
        context["pillars"] = [pillar for pillar, _count in rows[0].counts]
    return context


@register.inclusion_tag("includes/series_chart.html")
def figure_series_chart(figures):
    """Every measure given for several years among ``figures``, as a line chart and table."""
    return {"series_list": figure_series(figures)}


@register.simple_tag
def same_measure(figure):
    """The published figures of the same measure as ``figure`` (one query)."""
    from ecosystem.models import KeyFigure

    candidates = KeyFigure.objects.published().filter(
        unit=figure.unit,
        cluster_id=figure.cluster_id,
        actor_id=figure.actor_id,
        project_id=figure.project_id,
        territory_id=figure.territory_id,
        policy_id=figure.policy_id,
        event_id=figure.event_id,
        year__isnull=False,
    )
    return [other for other in candidates if series_key(other) == series_key(figure)]


@register.simple_tag
def dated_figures():
    """Every published figure that has a year (one query), to find measures over time."""
    from ecosystem.models import KeyFigure

    return KeyFigure.objects.published().filter(year__isnull=False).order_by("label", "year")
