"""The rows the KPI block and the template tag show: the same summaries as the dashboard."""

from kpi.views import indicators_queryset


def rows_for(indicator_ids=None, plan=None, pillar=None, limit=None, today_year=None):
    indicators = indicators_queryset(few=bool(indicator_ids or limit))
    if indicator_ids:
        indicators = indicators.filter(pk__in=indicator_ids)
    if plan is not None:
        indicators = indicators.filter(targets__plan=plan).distinct()
    if pillar:
        indicators = indicators.filter(pillar=pillar)
    indicators = list(indicators[:limit] if limit else indicators)
    if indicator_ids:
        indicators.sort(key=lambda indicator: indicator_ids.index(indicator.pk))
    return [indicator.summary(today_year, plan=plan) for indicator in indicators]
