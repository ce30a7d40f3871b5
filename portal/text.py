"""Vietnamese text helpers shared by every app: folding for matching, ASCII slugs, dates."""

import re
import unicodedata

from django import forms
from django.db import models
from django.utils.text import slugify

_COMBINING = re.compile(r"[\u0300-\u036f]")
_NOT_ALNUM = re.compile(r"[^0-9a-z]")
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_NOT_WORD_UNICODE = re.compile(r"[\W_]+")


def fold(text):
    """Fold Vietnamese text for matching: NFD, drop combining marks, đ→d, lower-case.

    >>> fold("Chuyển Đổi Số")
    'chuyen doi so'
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", str(text))
    stripped = _COMBINING.sub("", decomposed)
    return unicodedata.normalize("NFC", stripped.replace("đ", "d").replace("Đ", "D")).lower()


def compact_key(text):
    """One key for every written form of a code: "681/KH-UBND", "681 KH UBND", "681-kh-ubnd" ->
    "681khubnd"; "GY-2026-000123" -> "gy2026000123". Used for document numbers and reference codes."""
    return _NOT_ALNUM.sub("", fold(text))


def words(text):
    """The folded words of a text, punctuation dropped: "Chuyển đổi số, 2025!" -> ["chuyen", "doi", "so", "2025"]."""
    return _NOT_WORD.sub(" ", fold(text)).split()


def exact_words(text):
    """The words of a text in lower case with their diacritics kept: "Chuyển Đổi" -> ["chuyển", "đổi"]."""
    if not text:
        return []
    return _NOT_WORD_UNICODE.sub(" ", unicodedata.normalize("NFC", str(text)).lower()).split()


def slugify_vi(text, max_length=80):
    """An ASCII slug from Vietnamese text: "Chuyển đổi số" -> "chuyen-doi-so"."""
    slug = slugify(fold(text))
    return slug[:max_length].rstrip("-")


def format_date_long(value):
    """'ngày 10 tháng 3 năm 2021'."""
    if not value:
        return ""
    return f"ngày {value.day} tháng {value.month} năm {value.year}"


def format_date_short(value):
    """'10/3/2021': day and month without leading zeros, as Vietnamese documents write them."""
    if not value:
        return ""
    return f"{value.day}/{value.month}/{value.year}"


class AsciiSlugFormField(forms.SlugField):
    """A slug typed with diacritics ("hội-thảo-đổi-mới") is folded to ASCII ("hoi-thao-doi-moi")
    before it is validated, rather than refused."""

    def to_python(self, value):
        value = super().to_python(value)
        if value and not value.isascii():
            value = slugify_vi(value, max_length=self.max_length or 255)
        return value


class AsciiSlugField(models.SlugField):
    """The portal's slug column for snippets: ASCII only, Unicode input folded as search folds."""

    def __init__(self, *args, **kwargs):
        kwargs["allow_unicode"] = False
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("allow_unicode", None)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if value and not value.isascii():
            value = slugify_vi(value, max_length=self.max_length)
            setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": AsciiSlugFormField, **kwargs})
