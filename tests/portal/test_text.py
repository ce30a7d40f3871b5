from datetime import date

import pytest

from portal.text import fold, format_date_long, format_date_short, slugify_vi


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Chuyển đổi số", "chuyen doi so"),
        ("ĐỔI MỚI", "doi moi"),
        ("chuyen doi so", "chuyen doi so"),
        ("Kế hoạch 681/KH-UBND", "ke hoach 681/kh-ubnd"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_fold_handles_precomposed_and_decomposed_input_alike():
    import unicodedata

    word = "Thành phố Hồ Chí Minh"
    assert (
        fold(unicodedata.normalize("NFD", word)) == fold(unicodedata.normalize("NFC", word)) == "thanh pho ho chi minh"
    )


def test_slugify_vi():
    assert slugify_vi("Cẩm nang chuyển đổi số") == "cam-nang-chuyen-doi-so"
    assert slugify_vi("Đường dây nóng: 1022!") == "duong-day-nong-1022"
    assert len(slugify_vi("a" * 200, max_length=50)) == 50


def test_vietnamese_dates():
    assert format_date_long(date(2021, 3, 10)) == "ngày 10 tháng 3 năm 2021"
    assert format_date_short(date(2021, 3, 10)) == "10/3/2021"
    assert format_date_short(None) == ""
