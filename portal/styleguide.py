"""The design system's hidden reference page, /giao-dien/ (issue 16): every colour token of
static/css/portal.css with its WCAG contrast ratios, the type scale with Vietnamese text, and each
component as the site renders it. Tokens are read from the stylesheet itself, so the page (and the
test that checks every text colour's contrast) can never drift from the CSS."""

import re
from functools import lru_cache

from django import forms
from django.contrib.staticfiles import finders
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail import hooks

TOKEN = re.compile(r"--([a-z0-9-]+):\s*([^;]+);")
HEX = re.compile(r"^#([0-9a-f]{3}|[0-9a-f]{6})$", re.I)

# (text, background, where it is used): each must reach 4.5:1, WCAG's AA level for body text.
TEXT_PAIRS = [
    ("ink", "#ffffff", _("Chữ thường")),
    ("ink", "bg-soft", _("Chữ trên nền nhạt")),
    ("muted", "#ffffff", _("Chữ phụ, ngày tháng")),
    ("muted", "bg-soft", _("Chữ phụ trên nền nhạt")),
    ("blue", "#ffffff", _("Liên kết")),
    ("blue", "bg-soft", _("Liên kết trên nền nhạt")),
    ("blue-dark", "blue-soft", _("Nhãn thông tin")),
    ("green", "green-soft", _("Thông báo thành công, trạng thái đạt")),
    ("amber", "amber-soft", _("Cảnh báo, trạng thái chậm")),
    ("red", "red-soft", _("Lỗi, trạng thái không đạt")),
    ("#ffffff", "blue", _("Chữ trên thanh tiêu đề")),
    ("#ffffff", "blue-dark", _("Chữ trên thanh điều hướng")),
    ("#ffffff", "night", _("Chữ ở chân trang")),
    ("#ffffff", "red", _("Nút nguy hiểm")),
    ("#ffffff", "green", _("Nhãn đạt")),
    ("#000000", "gold", _("Nút tìm kiếm")),
]
AA = 4.5


def stylesheet_text():
    path = finders.find("css/portal.css")
    with open(path, encoding="utf-8") as handle:
        return handle.read()


@lru_cache(maxsize=1)
def tokens(text=None):
    """The custom properties of the stylesheet's first :root block, in order: {name: value}."""
    text = text or stylesheet_text()
    start = text.index(":root {")
    block = text[start : text.index("\n}", start)]
    block = re.sub(r"/\*.*?\*/", "", block, flags=re.S)
    return {name: value.strip() for name, value in TOKEN.findall(block)}


def _rgb(colour):
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(2 * digit for digit in digits)
    return [int(digits[index : index + 2], 16) / 255 for index in (0, 2, 4)]


def luminance(colour):
    def linear(channel):
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in _rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first, second):
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def resolve(name, palette):
    return name if name.startswith("#") else palette[name]


def colour_tokens(palette):
    return [
        {"name": name, "value": value, "on_white": round(contrast(value, "#ffffff"), 2)}
        for name, value in palette.items()
        if HEX.match(value)
    ]


def text_pairs(palette):
    rows = []
    for text, background, usage in TEXT_PAIRS:
        foreground, ground = resolve(text, palette), resolve(background, palette)
        ratio = contrast(foreground, ground)
        rows.append(
            {
                "text": text,
                "background": background,
                "foreground_value": foreground,
                "background_value": ground,
                "usage": usage,
                "ratio": round(ratio, 2),
                "passes": ratio >= AA,
            }
        )
    return rows


class SampleForm(forms.Form):
    """A form as the site's forms render, bound to show a field error and the summary."""

    title = forms.CharField(label=_("Tiêu đề ý kiến"), max_length=200, help_text=_("Tối đa 200 ký tự."))
    email = forms.EmailField(label=_("Thư điện tử"))
    district = forms.ChoiceField(
        label=_("Đơn vị hành chính"),
        choices=[("", "—"), ("phuong-ben-thanh", "Phường Bến Thành"), ("xa-can-gio", "Xã Cần Giờ")],
    )
    agree = forms.BooleanField(label=_("Tôi đồng ý với điều khoản sử dụng"))


@require_GET
@cache_control(public=True, max_age=300)
def styleguide(request):
    palette = tokens()
    sample = SampleForm(data={"title": "Đề xuất số hoá hồ sơ đất đai", "email": "khong-hop-le", "district": ""})
    sample.is_valid()
    context = {
        "colours": colour_tokens(palette),
        "pairs": text_pairs(palette),
        "steps": [(name, palette[name]) for name in ("step-4", "step-3", "step-2", "step-1", "step-0", "step--1")],
        "spaces": [
            (name, value, round(float(value.removesuffix("rem")) * 16))
            for name, value in palette.items()
            if name.startswith("space-")
        ],
        "form": sample,
        # Each app shows its own status badges (the kernel imports no app): the hook returns
        # (heading, CSS class, [(code, label)]).
        "badge_sets": [badges() for badges in hooks.get_hooks("register_styleguide_badges")],
    }
    return render(request, "portal/styleguide.html", context)
