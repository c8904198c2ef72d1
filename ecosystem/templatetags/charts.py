"""Charts drawn in templates: the pillar balance and key figures over time."""

from operator import attrgetter

from django import template

from ecosystem.visuals.charts import (
    BAR_HEIGHT,
    figure_series,
    pillar_bars,
    pillar_stacks,
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
        context["stacks"], context["chart"] = pillar_stacks(rows, label=attrgetter("name"))
        # The legend names the pillars the chart draws.
        context["pillars"] = [
            pillar
            for index, (pillar, _count) in enumerate(rows[0].counts)
            if any(row.counts[index][1] for row in rows)
        ]
    return context


@register.inclusion_tag("includes/series_chart.html")
def figure_series_chart(figures):
    """Every measure given for several years among ``figures``, as a line chart and table."""
    return {"series_list": figure_series(figures)}
