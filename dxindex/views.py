"""The public pages of the DX index (dxindex/urls.py, under /chi-tieu/chi-so-cds/): the published
periods, a period's ranking per unit type and per main index, year over year, each unit's result,
and the ranking's exports. They read dxindex.public only: published results, nothing else."""

import io

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from dxindex import public
from dxindex.models import UnitKind
from dxindex.scoring import SCORING_RULES
from portal.streaming import csv_response, json_response

EXPORT_FORMATS = ("csv", "json", "xlsx")
EXPORT_CHUNK = 500


def crumbs(*items):
    """Breadcrumb items after "Trang chủ": (label, url) pairs, the last one the current page (url None)."""
    return [(str(label), url) for label, url in items]


def index_crumb():
    return (_("Chỉ số chuyển đổi số"), reverse("dxpub_index"))


def period_or_404(year):
    period = public.published_period(year)
    if period is None:
        raise Http404
    return period


def period_title(period):
    return _("Xếp hạng chỉ số chuyển đổi số năm %(year)s") % {"year": period.year}


@require_safe
def index_view(request):
    periods = list(public.published_periods())
    latest = periods[0] if periods else None
    sections = public.ranking(latest) if latest else []
    versions = []
    for period in periods:
        if period.version not in versions:
            versions.append(period.version)
    context = {
        "periods": periods,
        "latest": latest,
        "sections": sections,
        "versions": versions,
        "scoring_rules": SCORING_RULES,
        "crumbs": crumbs((_("Chỉ số chuyển đổi số"), None)),
        "meta_description": _(
            "Kết quả đánh giá chỉ số chuyển đổi số của các sở, ngành, quận, huyện, phường, xã TP. Hồ Chí Minh "
            "do hội đồng đánh giá công bố: xếp hạng, điểm từng chỉ số chính, so sánh qua các năm."
        ),
    }
    return TemplateResponse(request, "dxindex/index.html", context)


def main_index_order(request):
    value = request.GET.get("chi_so", "")
    return int(value) if value.isdigit() and len(value) < 4 else None


@require_safe
def period_view(request, year):
    period = period_or_404(year)
    kind = request.GET.get("khoi", "")
    kind = kind if kind in UnitKind.values else None
    order = main_index_order(request)
    sections = public.ranking(period, kind=kind)
    by_main = None
    if order is not None:
        if kind is None or not sections:
            raise Http404
        by_main = sections[0].sort_by_main(order)
        if by_main is None:
            raise Http404
    from dxindex import embeds

    title = period_title(period)
    if by_main is not None:
        title = _("%(index)s — %(unit_type)s, năm %(year)s") % {
            "index": by_main.sorted_by[1],
            "unit_type": by_main.name,
            "year": period.year,
        }
    context = {
        "period": period,
        "sections": sections,
        "by_main": by_main,
        "title": title,
        "exports": [(fmt.upper(), reverse("dxpub_export", args=[period.year, fmt])) for fmt in EXPORT_FORMATS],
        "embeds": [embeds.snippets_for(request, period, section) for section in sections] if not by_main else [],
        "crumbs": crumbs(index_crumb(), (title, None))
        if by_main is None
        else crumbs(index_crumb(), (period_title(period), reverse("dxpub_period", args=[year])), (title, None)),
        "meta_description": _(
            "Bảng xếp hạng chỉ số chuyển đổi số năm %(year)s đã công bố: thứ hạng, tổng điểm và điểm từng chỉ số "
            "chính của mỗi đơn vị."
        )
        % {"year": period.year},
    }
    return TemplateResponse(request, "dxindex/period.html", context)


@require_safe
def compare_view(request):
    years, rows = public.year_over_year()
    title = _("So sánh chỉ số chuyển đổi số qua các năm")
    context = {
        "years": years,
        "rows": rows,
        "title": title,
        "crumbs": crumbs(index_crumb(), (title, None)),
        "meta_description": _(
            "Tổng điểm và thứ hạng chỉ số chuyển đổi số của các đơn vị có kết quả công bố trong nhiều năm."
        ),
    }
    return TemplateResponse(request, "dxindex/compare.html", context)


@require_safe
def unit_latest_view(request, slug):
    year = public.latest_year_for_unit(slug)
    if year is None:
        raise Http404
    return HttpResponseRedirect(reverse("dxpub_unit", args=[year, slug]))


BAR_WIDTH = 300  # the SVG's bar area, in its own units (the SVG scales to the column's width)
BAR_HEIGHT = 28
LABEL_WIDTH = 40


def bar_chart(scores):
    """The geometry of the horizontal bars (one per main index: its share of its maximum)."""
    bars = []
    for position, score in enumerate(scores):
        percent = public.share(score.score, score.max_points)
        bars.append(
            {
                "score": score,
                "percent": percent,
                "y": position * BAR_HEIGHT,
                "width": round(BAR_WIDTH * float(min(percent, 100)) / 100, 1),
            }
        )
    return {
        "bars": bars,
        "height": max(1, len(bars)) * BAR_HEIGHT,
        "width": LABEL_WIDTH + BAR_WIDTH + 60,
        "label_width": LABEL_WIDTH,
        "bar_width": BAR_WIDTH,
    }


@require_safe
def unit_view(request, year, slug):
    result = public.unit_result(year, slug)
    if result is None:
        raise Http404
    period = result.period
    strengths, weaknesses = public.strengths_and_weaknesses(result.score_list)
    history = public.unit_history(result.unit_id)
    title = _("%(unit)s: chỉ số chuyển đổi số năm %(year)s") % {"unit": result.unit_name, "year": year}
    context = {
        "result": result,
        "period": period,
        "strengths": strengths,
        "weaknesses": weaknesses,
        "history": history,
        "chart": bar_chart(result.score_list),
        "title": title,
        "crumbs": crumbs(
            index_crumb(), (period_title(period), reverse("dxpub_period", args=[year])), (result.unit_name, None)
        ),
        "meta_description": _(
            "%(unit)s xếp hạng %(rank)s trong khối %(unit_type)s, tổng điểm %(total)s/%(max)s "
            "(chỉ số chuyển đổi số năm %(year)s đã công bố)."
        )
        % {
            "unit": result.unit_name,
            "rank": result.rank,
            "unit_type": result.unit_type_name,
            "total": result.total,
            "max": result.max_total,
            "year": year,
        },
    }
    return TemplateResponse(request, "dxindex/unit.html", context)


# --- exports -------------------------------------------------------------------------------------


def export_orders(period):
    from dxindex.models import PublishedScore

    return sorted(
        set(
            PublishedScore.objects.filter(result__in=public.published_results().filter(period=period))
            .values_list("order", flat=True)
            .distinct()
        )
    )


def export_results(period):
    results = public.results_with_scores(public.published_results().filter(period=period)).order_by(
        "unit_type__sort_order", "unit_type_id", "rank", "unit_name"
    )
    return results.iterator(chunk_size=EXPORT_CHUNK)


def export_records(request, period):
    for result in export_results(period):
        yield {
            "nam": period.year,
            "khoi": result.unit_type_name,
            "hang": result.rank,
            "don_vi": result.unit_name,
            "ma_don_vi": result.unit.slug,
            "tong_diem": str(result.total),
            "diem_toi_da": str(result.max_total),
            "ty_le_phan_tram": str(public.share(result.total, result.max_total)),
            "url": request.build_absolute_uri(reverse("dxpub_unit", args=[period.year, result.unit.slug])),
            "chi_so_chinh": [
                {
                    "thu_tu": score.order,
                    "ten": score.name,
                    "diem": str(score.score),
                    "diem_toi_da": str(score.max_points),
                    "hang": score.rank,
                }
                for score in result.scores.all()
            ],
        }


BASE_COLUMNS = ["nam", "khoi", "hang", "don_vi", "ma_don_vi", "tong_diem", "diem_toi_da", "ty_le_phan_tram", "url"]


def export_header(orders):
    header = list(BASE_COLUMNS)
    for order in orders:
        header += [f"cs{order}_ten", f"cs{order}_diem", f"cs{order}_toi_da", f"cs{order}_hang"]
    return header


def export_lines(records, orders):
    for record in records:
        line = [record[name] for name in BASE_COLUMNS]
        by_order = {item["thu_tu"]: item for item in record["chi_so_chinh"]}
        for order in orders:
            item = by_order.get(order)
            line += [item["ten"], item["diem"], item["diem_toi_da"], item["hang"]] if item else ["", "", "", ""]
        yield line


@require_safe
def export_view(request, year, fmt):
    if fmt not in EXPORT_FORMATS:
        raise Http404
    period = period_or_404(year)
    filename = f"chi-so-cds-{period.year}.{fmt}"
    records = export_records(request, period)
    if fmt == "json":
        value = {
            "nam": period.year,
            "bo_chi_so": period.version.name,
            "cong_bo_luc": period.published_at.isoformat() if period.published_at else None,
            "so_don_vi": public.published_results().filter(period=period).count(),
            "ket_qua": records,
        }
        return json_response(value, filename, indent=1, request=request)
    orders = export_orders(period)
    if fmt == "csv":
        return csv_response(export_lines(records, orders), filename, header=export_header(orders), request=request)
    return xlsx_response(period, export_lines(records, orders), export_header(orders), filename)


def xlsx_response(period, lines, header, filename):
    """The ranking as a workbook, written row by row (openpyxl's write-only mode)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(period.year))
    sheet.append(header)
    numeric = {header.index(name) for name in header if name.endswith(("_diem", "_toi_da")) or name in NUMBERS}
    for line in lines:
        sheet.append([_number(value) if index in numeric else value for index, value in enumerate(line)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


NUMBERS = {"tong_diem", "diem_toi_da", "ty_le_phan_tram"}


def _number(value):
    from decimal import Decimal

    return Decimal(value) if value not in ("", None) else None
