"""Document numbers (số hiệu) in every written form, and finding them in text."""

import re

from portal.text import compact_key

# 681/KH-UBND, 52-NQ/TW, 98/2023/QH15, 41-CTr/TU, 24/QĐ-UBQGCĐS, 797/BTTTT-THH, 04/2022/NĐ-CP
NUMBER_PATTERN = re.compile(
    r"(?<![\w/])(\d{1,5})\s*([/-])\s*(?:(\d{4})\s*/\s*)?"
    r"([A-ZĐ][A-Za-zĐđ0-9]*(?:\s*[-/]\s*[A-ZĐ][A-Za-zĐđ0-9]*)*)(?![\w/-])"
)


def number_key(number):
    """One key for every written form: "681/KH-UBND", "681 KH UBND", "681-kh-ubnd" -> "681khubnd"."""
    return compact_key(number)


def find_numbers(text):
    """Yield (start, end, key) for each document number written in the text."""
    for match in NUMBER_PATTERN.finditer(text):
        yield match.start(), match.end(), number_key(match.group(0))
