"""What the public side of the DX index reads: the frozen PublishedResult and PublishedScore rows of
published periods, and nothing else (no assessment, entry or draft score; a period signed off but
not yet published shows nothing). Every page, export, card, search hit and sitemap entry goes
through these functions, each a constant number of queries whatever the number of units.
"""

from collections import OrderedDict
from decimal import Decimal

from django.db.models import Prefetch

from dxindex.models import Period, PeriodStatus, PublishedResult, PublishedScore, UnitKind

ZERO = Decimal("0")


def published_periods():
    """The published periods, newest first, with their version (one query)."""
    return Period.objects.filter(status=PeriodStatus.PUBLISHED).select_related("version").order_by("-year")


def published_period(year):
    return published_periods().filter(year=year).first()


def published_results():
    """Every result of a published period (the one filter all public reads share)."""
    return PublishedResult.objects.filter(period__status=PeriodStatus.PUBLISHED)


def results_with_scores(queryset):
    scores = Prefetch("scores", queryset=PublishedScore.objects.order_by("order"))
    return queryset.select_related("unit").prefetch_related(scores)


def share(score, maximum):
    """Percent of the maximum (0 when there is no maximum), one decimal."""
    if not maximum:
        return ZERO
    return (Decimal(score) * 100 / Decimal(maximum)).quantize(Decimal("0.1"))


class Section:
    """One unit type's ranking in a period: its main indices (from the published scores) and rows."""

    def __init__(self, kind, name):
        self.kind = kind
        self.name = name
        self.rows = []
        self.main_indices = OrderedDict()  # order -> (name, max of the first row)
        self.sorted_by = None

    @property
    def kind_label(self):
        return UnitKind(self.kind).label if self.kind in UnitKind.values else self.kind

    def add(self, result):
        scores = list(result.scores.all())
        for score in scores:
            self.main_indices.setdefault(score.order, (score.name, score.max_points))
        result.score_list = scores
        result.share = share(result.total, result.max_total)
        self.rows.append(result)

    def sort_by_main(self, order):
        """The rows ranked by one main index (its published rank), or None if the index is not here."""
        if order not in self.main_indices:
            return None

        def key(result):
            found = next((s for s in result.score_list if s.order == order), None)
            return (found.rank if found else 10**9, result.unit_name)

        self.rows.sort(key=key)
        for result in self.rows:
            result.main_score = next((s for s in result.score_list if s.order == order), None)
        self.sorted_by = (order, *self.main_indices[order])
        return self


def ranking(period, kind=None):
    """The period's sections (one per unit type, in the version's order), each ranked by total."""
    results = results_with_scores(
        published_results()
        .filter(period=period)
        .select_related("unit_type")
        .order_by("unit_type__sort_order", "unit_type_id", "rank", "unit_name")
    )
    if kind:
        results = results.filter(unit_type__kind=kind)
    sections = OrderedDict()
    for result in results:
        section = sections.get(result.unit_type_id)
        if section is None:
            section = sections[result.unit_type_id] = Section(result.unit_type.kind, result.unit_type_name)
        section.add(result)
    return list(sections.values())


def strengths_and_weaknesses(scores, count=2):
    """The main indices with the highest and the lowest share of their maximum (ties by order).
    Fewer than two main indices: no comparison."""
    rated = [score for score in scores if score.max_points]
    if len(rated) < 2:
        return [], []
    for score in rated:
        score.share = share(score.score, score.max_points)
    by_share = sorted(rated, key=lambda s: (-s.share, s.order))
    count = min(count, len(rated) // 2)
    strengths = by_share[:count]
    weaknesses = sorted(rated, key=lambda s: (s.share, s.order))[:count]
    return strengths, weaknesses


def unit_result(year, slug):
    """A unit's published result in a period, with its scores, or None."""
    result = (
        results_with_scores(published_results().filter(period__year=year, unit__slug=slug))
        .select_related("period__version", "unit_type")
        .first()
    )
    if result is not None:
        result.score_list = list(result.scores.all())
        result.share = share(result.total, result.max_total)
    return result


def unit_history(unit_id):
    """The unit's results in every published period, oldest first (one query)."""
    rows = list(published_results().filter(unit_id=unit_id).select_related("period").order_by("period__year"))
    for row in rows:
        row.share = share(row.total, row.max_total)
    return rows


def latest_year_for_unit(slug):
    return (
        published_results()
        .filter(unit__slug=slug)
        .order_by("-period__year")
        .values_list("period__year", flat=True)
        .first()
    )


def year_over_year():
    """Units present in two or more published periods: (years, rows), each row a unit with its
    result per year (None where absent), by unit type then name. Two queries."""
    periods = list(published_periods())
    years = sorted(period.year for period in periods)
    results = list(published_results().select_related("unit", "period").order_by("unit_type__sort_order", "unit_name"))
    by_unit = OrderedDict()
    for result in results:
        by_unit.setdefault(result.unit_id, {})[result.period.year] = result
    rows = []
    for per_year in by_unit.values():
        if len(per_year) < 2:
            continue
        latest = per_year[max(per_year)]
        for result in per_year.values():
            result.share = share(result.total, result.max_total)
        rows.append(
            {
                "unit": latest.unit,
                "name": latest.unit_name,
                "unit_type_name": latest.unit_type_name,
                "cells": [per_year.get(year) for year in years],
            }
        )
    rows.sort(key=lambda row: (row["unit_type_name"], row["name"]))
    return years, rows
