"""Roll-up: where each pillar and each plan stands (issue 14, item 4). The rule, also shown on
the dashboard under "Cách tính":

- Each indicator counts once in a group, with the status of its headline target: for a pillar,
  the target the dashboard shows (the nearest target year not yet past); for a plan, that plan's
  own nearest target.
- A group's progress is the weighted mean of the progress (0–100, kpi/progress.py) of its
  indicators that have one, each weighted by its headline target's weight: 1 unless an editor
  entered the weight a plan gives (none of the plans in the library gives weights yet). An indicator without data has no progress and does not pull the mean down:
  it is counted apart, and the group says how many of its indicators the mean rests on.
- A group with no indicator that has progress shows no mean at all, never 0%.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from kpi import progress
from kpi.choices import Pillar

WEIGHT = Decimal(1)


def headline_weight(row):
    """The weight of the target a summary's headline judges (1 without a target)."""
    return row["targets"][0][0].weight if row["targets"] else WEIGHT


@dataclass
class Rollup:
    key: str
    label: str
    counts: dict = field(default_factory=lambda: dict.fromkeys(progress.STATUS_ORDER, 0))
    weighted: Decimal = Decimal(0)
    weights: Decimal = Decimal(0)
    url: str = ""

    def add(self, assessment, weight=WEIGHT):
        self.counts[assessment.status] += 1
        if assessment.has_progress:
            self.weighted += weight * Decimal(assessment.progress)
            self.weights += weight
            self.measured += 1

    @property
    def total(self):
        return sum(self.counts.values())

    measured: int = 0  # how many indicators the mean rests on

    @property
    def progress(self):
        if not self.weights:
            return None
        return int((self.weighted / self.weights).quantize(Decimal(1), rounding=ROUND_HALF_UP))

    @property
    def statuses(self):
        return [(code, progress.STATUS_LABELS[code], self.counts[code]) for code in progress.STATUS_ORDER]


def by_pillar(rows):
    """One roll-up per pillar that has indicators, in the pillars' order, from the dashboard's rows."""
    groups = {pillar: Rollup(pillar.slug, pillar.label) for pillar in Pillar}
    for row in rows:
        groups[Pillar(row["indicator"].pillar)].add(row["headline"], headline_weight(row))
    return [group for group in groups.values() if group.total]


def by_plan(indicators, plans, today_year=None, summaries=None):
    """One roll-up per plan that sets targets for these indicators (prefetched with their targets
    and measurements: no query here), each indicator judged against that plan's own target.

    `summaries` (an indicator's id to its unfiltered summary, as the dashboard already computed it
    for the same year) spares judging it again: a plan with a target in the year that summary
    judged has that year as its own nearest one, so its headline is that summary's assessment of
    the plan's first target there."""
    groups = {}
    for indicator in indicators:
        row = summaries.get(indicator.pk) if summaries else None
        for plan_id in sorted({target.plan_id for target in indicator.targets.all()}):
            plan = plans.get(plan_id)
            if plan is None:
                continue
            if plan_id not in groups:
                groups[plan_id] = Rollup(plan.slug, plan.short_label)
            own = [pair for pair in row["targets"] if pair[0].plan_id == plan_id] if row else []
            if own:
                target, headline = own[0]
                groups[plan_id].add(headline, target.weight)
                continue
            plan_row = indicator.summary(today_year, plan=plan)
            groups[plan_id].add(plan_row["headline"], headline_weight(plan_row))
    order = {plan_id: index for index, plan_id in enumerate(plans)}
    return [groups[plan_id] for plan_id in sorted(groups, key=order.get)]
