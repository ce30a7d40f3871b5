"""A server-drawn SVG chart of measured values against the targets, readable without JavaScript;
the page puts the same numbers in a table beside it for screen readers."""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe

from kpi.models import format_number

WIDTH, HEIGHT, PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 640, 300, 56, 24, 20, 40


def chart(indicator, targets):
    measurements = list(indicator.measurements.all())
    years = [m.year for m in measurements] + [t.year for t in targets]
    if indicator.baseline_year:
        years.append(indicator.baseline_year)
    if not years:
        return None
    values = [Decimal(t.value) for t in targets]
    for m in measurements:
        values += [Decimal(v) for v in (m.value, m.low, m.high) if v is not None]
    if indicator.baseline_value is not None:
        values.append(Decimal(indicator.baseline_value))
    first, last = min(years), max(years)
    if first == last:
        first, last = first - 1, last + 1
    top = max(values) * Decimal("1.15") if values and max(values) > 0 else Decimal(1)

    def x(year):
        return PAD_LEFT + (WIDTH - PAD_LEFT - PAD_RIGHT) * (year - first) / (last - first)

    def y(value):
        return PAD_TOP + (HEIGHT - PAD_TOP - PAD_BOTTOM) * float(1 - Decimal(value) / top)

    parts = [
        f'<svg class="kpi-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="chart-title chart-desc" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-title">{escape(indicator.name)}</title>',
        '<desc id="chart-desc">Số đo (chấm tròn, khoảng là vạch đứng) và mục tiêu (hình thoi) theo năm; '
        "đường đứt nét là lộ trình đến mục tiêu. Bảng số liệu ở bên dưới.</desc>",
        f'<line x1="{PAD_LEFT}" y1="{HEIGHT - PAD_BOTTOM}" x2="{WIDTH - PAD_RIGHT}" y2="{HEIGHT - PAD_BOTTOM}" stroke="#4a5560"/>',
        f'<line x1="{PAD_LEFT}" y1="{PAD_TOP}" x2="{PAD_LEFT}" y2="{HEIGHT - PAD_BOTTOM}" stroke="#4a5560"/>',
    ]
    for step in range(5):
        value = top * step / 4
        parts.append(
            f'<text x="{PAD_LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="11" fill="#1b1f24">'
            f"{format_number(round(value, 1))}</text>"
        )
    for year in range(first, last + 1):
        if (last - first) <= 12 or year % 2 == 0:
            parts.append(
                f'<text x="{x(year):.1f}" y="{HEIGHT - PAD_BOTTOM + 18}" text-anchor="middle" font-size="11" '
                f'fill="#1b1f24">{year}</text>'
            )
    start = None
    if indicator.baseline_year is not None and indicator.baseline_value is not None:
        start = (indicator.baseline_year, Decimal(indicator.baseline_value))
    elif measurements:
        m = measurements[0]
        start = (m.year, Decimal(m.value if m.value is not None else (m.low + m.high) / 2))
    for target in targets:
        tx, ty = x(target.year), y(target.value)
        if start is not None and start[0] < target.year:
            parts.append(
                f'<line x1="{x(start[0]):.1f}" y1="{y(start[1]):.1f}" x2="{tx:.1f}" y2="{ty:.1f}" '
                f'stroke="#8a5300" stroke-dasharray="5 4"/>'
            )
        parts.append(
            f'<path d="M{tx:.1f} {ty - 7:.1f} L{tx + 7:.1f} {ty:.1f} L{tx:.1f} {ty + 7:.1f} L{tx - 7:.1f} {ty:.1f} Z" '
            f'fill="#8a5300"><title>Mục tiêu {target.year}: {escape(target.display_with_unit)} ({escape(target.plan.label)})</title></path>'
        )
    for m in measurements:
        mx = x(m.year)
        if m.value is None:
            parts.append(
                f'<line x1="{mx:.1f}" y1="{y(m.low):.1f}" x2="{mx:.1f}" y2="{y(m.high):.1f}" stroke="#0b4f8a" '
                f'stroke-width="6" stroke-linecap="round"><title>{m.year}: {escape(m.display_with_unit)}</title></line>'
            )
        else:
            parts.append(
                f'<circle cx="{mx:.1f}" cy="{y(m.value):.1f}" r="6" fill="#0b4f8a"><title>{m.year}: {escape(m.display_with_unit)}</title></circle>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))
