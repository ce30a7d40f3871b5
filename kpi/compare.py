"""One indicator across places and years (issue 14, item 4): the indicator and those an editor
marked as the same measure in another place (Indicator.comparable), side by side by year. A cell
holds the year's measurement (of two, the later published, as everywhere) and the targets set
for that year; each column keeps its own unit, so a share of GRDP is never read as one of GDP."""

from kpi.models import Measurement
from kpi.views import indicators_queryset


def comparison(indicator):
    """The columns and rows of the comparison table, or None when nothing is comparable. Reads the
    comparable indicators with their targets and measurements in a constant number of queries."""
    others = list(indicators_queryset(few=True).filter(comparable=indicator).order_by("place__name", "name"))
    if not others:
        return None
    members = [indicator, *others]
    years = sorted(
        {m.year for member in members for m in member.measurements.all()}
        | {t.year for member in members for t in member.targets.all()}
    )
    rows = []
    for year in years:
        cells = []
        for member in members:
            measured = max(
                (m for m in member.measurements.all() if m.year == year), key=Measurement.recency, default=None
            )
            targets = sorted({t.display_with_unit for t in member.targets.all() if t.year == year})
            cells.append({"measured": measured, "targets": targets})
        rows.append({"year": year, "cells": cells})
    return {"columns": members, "rows": rows}
