"""Progress and status of an indicator against a target: computed, never typed.

The rules (also in the README):
- The measurement that counts is the latest one (by period). A range (13.71–15.72) is judged by
  its conservative end: the low end where higher is better, the high end where lower is better
  (and for ranks, where a smaller number is better).
- No measurement at all: chưa có số liệu.
- The target is met (per its comparator: at least, more than, at most, exactly): đạt.
- Not met, and the measurement describes the target year or later: không đạt.
- Not met, the target year is over, but nothing has been measured for it yet: chưa có số liệu
  (the outcome is unknown).
- Not met, the target year still ahead: compare with the straight path from the baseline (the
  indicator's baseline if set, else its earliest earlier measurement; for a change against a base
  year, 0 in the base year) to the target in the target year. At or beyond the path: đúng tiến độ;
  short of it: chậm. With no baseline there is no path: chưa có số liệu (too little data to judge
  progress).
- Growth per year (tăng tối thiểu 7%/năm): each year's growth is measured; the latest year meets
  the rate: đúng tiến độ (đạt once the target year is measured); misses it: chậm (không đạt once
  the target year is measured).
- Yes/no milestone: done (value 1): đạt; not done and the target year over: không đạt; not done
  before it: đúng tiến độ.
Progress (for the bar) is the share of the way from the baseline to the target, 0–100; without a
baseline, the share of the target reached (for lower-is-better kinds, target ÷ value). A status of
"chưa có số liệu" has no progress: a bar beside "no data" would contradict it (an old measurement
far from the assessed period says nothing about the progress towards the target).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

ACHIEVED = "dat"
ON_TRACK = "dung-tien-do"
AT_RISK = "cham"
OFF_TRACK = "khong-dat"
NO_DATA = "chua-co-so-lieu"
STATUS_LABELS = {
    ACHIEVED: _("Đạt"),
    ON_TRACK: _("Đúng tiến độ"),
    AT_RISK: _("Chậm"),
    OFF_TRACK: _("Không đạt"),
    NO_DATA: _("Chưa có số liệu"),
}
STATUS_ORDER = [ACHIEVED, ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA]

HIGHER = "higher_better"
LOWER = "lower_better"
RANK = "rank"
GROWTH = "growth_rate"
CHANGE = "change_vs_base"
MILESTONE = "milestone"


@dataclass
class Point:
    year: int
    value: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None

    def judged(self, smaller_is_better):
        """The conservative end of a range (or the value)."""
        if self.value is not None:
            return Decimal(self.value)
        end = self.high if smaller_is_better else self.low
        return Decimal(end) if end is not None else None


@dataclass
class Assessment:
    status: str
    progress: int | None  # 0–100 for the bar
    expected: Decimal | None  # the path's value in the measured year
    measured: Decimal | None
    reason: str

    def __post_init__(self):
        # One rule for every view: no data, no progress bar.
        if self.status == NO_DATA:
            self.progress = None

    @property
    def has_progress(self):
        return self.progress is not None

    @property
    def label(self):
        return STATUS_LABELS[self.status]


def smaller_is_better(kind, comparator):
    return kind in (LOWER, RANK) or (comparator == "at_most" and kind != MILESTONE)


def meets(value, target, comparator):
    if comparator == "more_than":
        return value > target
    if comparator == "at_most":
        return value <= target
    if comparator == "exactly":
        return value == target
    return value >= target


def _progress(value, target, baseline, smaller):
    if baseline is not None and baseline != target:
        share = (value - baseline) / (target - baseline)
    elif smaller:
        share = target / value if value else Decimal(1)
    else:
        share = value / target if target else Decimal(1)
    return max(0, min(100, round(share * 100)))


def assess(kind, comparator, target_year, target_value, measurements, today_year, baseline=None, base_year=None):
    """Status of one target. `measurements` are Points; `baseline` an optional Point."""
    target = Decimal(target_value)
    smaller = smaller_is_better(kind, comparator)
    points = sorted((p for p in measurements if p.judged(smaller) is not None), key=lambda p: p.year)
    if not points:
        return Assessment(NO_DATA, None, None, None, _("Chưa có số liệu đo."))
    latest = points[-1]
    value = latest.judged(smaller)
    reached_year = latest.year >= target_year

    if kind == MILESTONE:
        if value >= 1:
            return Assessment(ACHIEVED, 100, None, value, _("Đã hoàn thành."))
        if today_year > target_year:
            return Assessment(OFF_TRACK, 0, None, value, _("Chưa hoàn thành khi đã hết thời hạn."))
        return Assessment(ON_TRACK, 0, None, value, _("Chưa hoàn thành, còn thời hạn."))

    met = meets(value, target, comparator)
    if kind == GROWTH:
        progress = _progress(value, target, None, False)
        if met:
            return Assessment(
                ACHIEVED if reached_year else ON_TRACK, progress, target, value, _("Mức tăng năm gần nhất đạt yêu cầu.")
            )
        return Assessment(
            OFF_TRACK if reached_year else AT_RISK,
            progress,
            target,
            value,
            _("Mức tăng năm gần nhất thấp hơn yêu cầu."),
        )

    if kind == CHANGE and baseline is None and base_year is not None:
        baseline = Point(base_year, Decimal(0))
    if baseline is None and len(points) > 1:
        baseline = points[0]
    base_value = baseline.judged(smaller) if baseline is not None else None
    progress = _progress(value, target, base_value, smaller)
    if met:
        return Assessment(ACHIEVED, 100, None, value, _("Số đo gần nhất đạt chỉ tiêu."))
    if reached_year:
        return Assessment(OFF_TRACK, progress, None, value, _("Số đo của năm mục tiêu chưa đạt chỉ tiêu."))
    if today_year > target_year:
        return Assessment(NO_DATA, progress, None, value, _("Đã qua năm mục tiêu nhưng chưa có số đo của năm đó."))
    if baseline is None or baseline.year >= target_year or base_value is None:
        return Assessment(NO_DATA, progress, None, value, _("Chưa đủ số liệu để tính lộ trình (cần số liệu gốc)."))
    fraction = Decimal(latest.year - baseline.year) / Decimal(target_year - baseline.year)
    expected = base_value + (target - base_value) * fraction
    on_path = value <= expected if smaller else value >= expected
    if on_path:
        return Assessment(ON_TRACK, progress, expected, value, _("Bằng hoặc vượt lộ trình đến năm mục tiêu."))
    return Assessment(AT_RISK, progress, expected, value, _("Thấp hơn lộ trình đến năm mục tiêu."))
