"""How a component's score is computed (SCORING_RULES is shown on the admin and public pages).

Every score is a Decimal, rounded half-up to 2 decimals (ROUND_HALF_UP: 1.005 → 1.01, 2.675 → 2.68)
and capped to [0, the component's max points]; rounding is applied once, to each component's score,
and totals are sums of those rounded scores (so a table's figures add up to its total).

- yes_no (Có / không): the value is 1 (yes) or 0 (no); yes earns the max points, no earns 0.
- tiers (Theo mức): params {"tiers": [[threshold, points], ...]}, thresholds strictly ascending,
  points within [0, max]; the score is the points of the highest threshold the value reaches
  (value ≥ threshold), 0 below the first.
- ratio (Tỷ lệ so với mục tiêu): params {"target": T} with T > 0; score = max × value ÷ T, capped at
  max (a value beyond the target earns no more than the max) and at 0 below.
- appraiser (Thẩm định viên chấm): the unit's value is the score it proposes, capped to [0, max];
  the appraiser's score is what counts.

Whatever the method, the appraiser may accept the self score or adjust it to any score within
[0, max] with a reason; the score that counts (final) is the appraised one. A main index's score is
the sum of its components' final scores (an entry without a final score counts 0) and its max the
sum of its components' max points; the total is the sum over main indices. Changing an appraised
score recomputes the assessment's totals at once (recompute_assessment).
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxindex.models import Method

CENT = Decimal("0.01")
ZERO = Decimal("0")

SCORING_RULES = gettext_lazy(
    "Điểm mỗi chỉ số thành phần được làm tròn nửa lên đến 2 chữ số thập phân và nằm trong khoảng từ 0 đến "
    "điểm tối đa của chỉ số. Có / không: “có” được điểm tối đa, “không” được 0. Theo mức: được điểm của mức "
    "cao nhất mà giá trị đạt tới. Tỷ lệ: điểm tối đa × giá trị ÷ mục tiêu, không vượt điểm tối đa. "
    "Thẩm định viên chấm: giá trị đơn vị nhập là điểm đơn vị đề xuất. Điểm được tính là điểm thẩm định; "
    "điểm chỉ số chính là tổng điểm các chỉ số thành phần, tổng điểm là tổng các chỉ số chính."
)


def round_score(value):
    """Half-up to 2 decimals."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def cap(score, max_points):
    return min(max(score, ZERO), Decimal(max_points))


def _decimal(value, message):
    if isinstance(value, bool):
        raise ValidationError(message)
    try:
        result = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError) as error:
        raise ValidationError(message) from error
    if not result.is_finite():
        raise ValidationError(message)
    return result


def validate_params(method, params, max_points=None):
    """The parameters the method needs, normalised; ValidationError (translated) otherwise."""
    params = params or {}
    if not isinstance(params, dict):
        raise ValidationError(_("Tham số phải là một đối tượng JSON."))
    if method in (Method.YES_NO, Method.APPRAISER):
        return {}
    if method == Method.TIERS:
        tiers = params.get("tiers")
        if not isinstance(tiers, list) or not tiers:
            raise ValidationError(_("Cách tính theo mức cần danh sách “tiers”: [[ngưỡng, điểm], …]."))
        normalised, previous = [], None
        for tier in tiers:
            if not isinstance(tier, (list, tuple)) or len(tier) != 2:
                raise ValidationError(_("Mỗi mức là một cặp [ngưỡng, điểm]."))
            threshold = _decimal(tier[0], _("Ngưỡng phải là số."))
            points = _decimal(tier[1], _("Điểm của mức phải là số."))
            if previous is not None and threshold <= previous:
                raise ValidationError(_("Các ngưỡng phải tăng dần."))
            if points < 0 or (max_points is not None and points > Decimal(max_points)):
                raise ValidationError(_("Điểm của mỗi mức phải từ 0 đến điểm tối đa."))
            previous = threshold
            normalised.append([str(threshold), str(points)])
        return {"tiers": normalised}
    if method == Method.RATIO:
        target = _decimal(params.get("target"), _("Cách tính tỷ lệ cần “target” là một số dương."))
        if target <= 0:
            raise ValidationError(_("Cách tính tỷ lệ cần “target” là một số dương."))
        return {"target": str(target)}
    raise ValidationError(_("Cách tính điểm không hợp lệ."))


def validate_value(method, value):
    """The value a unit enters, checked for the method (None: not entered yet)."""
    if value is None:
        return None
    value = _decimal(value, _("Giá trị phải là số."))
    if method == Method.YES_NO and value not in (0, 1):
        raise ValidationError(_("Chỉ số có / không nhận 1 (có) hoặc 0 (không)."))
    if value < 0:
        raise ValidationError(_("Giá trị không được âm."))
    return value


def compute_score(method, params, max_points, value):
    """The self score of a value, by the rules above (None when no value was entered)."""
    if value is None:
        return None
    max_points = Decimal(max_points)
    value = Decimal(value)
    if method == Method.YES_NO:
        raw = max_points if value >= 1 else ZERO
    elif method == Method.TIERS:
        raw = ZERO
        for threshold, points in (params or {}).get("tiers", []):
            if value >= Decimal(threshold):
                raw = Decimal(points)
    elif method == Method.RATIO:
        raw = max_points * value / Decimal(params["target"])
    elif method == Method.APPRAISER:
        raw = value
    else:
        raise ValueError(method)
    return round_score(cap(raw, max_points))


def component_score(component, value):
    return compute_score(component.method, component.params, component.max_points, value)


def validate_appraised(component, score):
    score = _decimal(score, _("Điểm thẩm định phải là số."))
    if score < 0 or score > component.max_points:
        raise ValidationError(_("Điểm thẩm định phải từ 0 đến %(max)s.") % {"max": component.max_points.normalize()})
    return round_score(score)


def totals(entries, main_indices):
    """{main_index_id: (score, max)} over final scores, and (total, max_total).

    `entries` are ComponentEntry rows with their component loaded; `main_indices` the unit type's."""
    by_main = {main.pk: [ZERO, ZERO] for main in main_indices}
    for entry in entries:
        bucket = by_main.setdefault(entry.component.main_index_id, [ZERO, ZERO])
        bucket[0] += entry.final_score or ZERO
        bucket[1] += entry.component.max_points
    total = sum((score for score, _max in by_main.values()), ZERO)
    max_total = sum((maximum for _score, maximum in by_main.values()), ZERO)
    return {key: tuple(value) for key, value in by_main.items()}, (total, max_total)


def self_total(entries):
    return sum((entry.self_score or ZERO for entry in entries), ZERO)


def recompute_assessment(assessment):
    """The assessment's self and appraised totals from its entries (one query), saved."""
    entries = list(assessment.entries.select_related("component"))
    assessment.self_total = self_total(entries)
    if any(entry.appraised_score is not None for entry in entries):
        assessment.appraised_total = sum((entry.final_score or ZERO for entry in entries), ZERO)
    else:
        assessment.appraised_total = None
    assessment.save(update_fields=["self_total", "appraised_total"])
    return assessment


def rank(values):
    """Competition ranks ("1224") of `values` {key: score}, highest first: equal scores share a rank."""
    ordered = sorted(values.items(), key=lambda item: item[1], reverse=True)
    ranks, previous, current = {}, None, 0
    for position, (key, score) in enumerate(ordered, start=1):
        if score != previous:
            current, previous = position, score
        ranks[key] = current
    return ranks
