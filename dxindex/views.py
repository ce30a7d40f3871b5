"""The public side, minimal: the published rankings under the KPI section's address space
(/chi-tieu/chi-so-cds/). They read PublishedResult and PublishedScore of published periods only:
nothing a unit entered or an appraiser decided reaches a public page before the council publishes.
Each page reads a fixed number of queries, whatever the number of units."""

from collections import OrderedDict

from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from dxindex.models import Period, PeriodStatus, PublishedResult, PublishedScore
from dxindex.scoring import SCORING_RULES

BAR_WIDTH = 240  # px of the SVG bar for the max total


def published_periods():
    return Period.objects.filter(status=PeriodStatus.PUBLISHED).select_related("version__decision")


@require_safe
def ranking_index(request):
    periods = published_periods().annotate(n=Count("published_results")).order_by("-year")
    return TemplateResponse(request, "dxindex/index.html", {"periods": periods})


@require_safe
def ranking(request, year):
    period = get_object_or_404(published_periods(), year=year)
    results = (
        PublishedResult.objects.filter(period=period)
        .select_related("unit_type")
        .prefetch_related(Prefetch("scores", queryset=PublishedScore.objects.order_by("order")))
        .order_by("unit_type__sort_order", "rank", "unit_name")
    )
    groups = OrderedDict()
    for result in results:
        result.bar = int(BAR_WIDTH * result.total / result.max_total) if result.max_total else 0
        groups.setdefault(result.unit_type, []).append(result)
    if not groups:
        raise Http404
    tables = []
    for unit_type, rows in groups.items():
        heads = [(score.order, score.name) for score in rows[0].scores.all()]
        tables.append({"unit_type": unit_type, "rows": rows, "heads": heads})
    context = {
        "period": period,
        "version": period.version,
        "tables": tables,
        "rules": SCORING_RULES,
        "bar_width": BAR_WIDTH,
    }
    return TemplateResponse(request, "dxindex/ranking.html", context)
