"""The table of contents of a document's full text (documents/toc.py)."""

from documents.toc import add_heading_anchors


def test_headings_get_anchors_and_the_contents_read_as_text():
    html, toc = add_heading_anchors(
        "<h2>TỔ CHỨC THỰC HIỆN</h2><h3>3. Văn phòng HĐND&amp;UBND Thành phố</h3>"
        "<h3>2. Phòng Văn hóa &amp; <em>Thông tin</em></h3><h2>TỔ CHỨC THỰC HIỆN</h2>"
    )
    assert [entry["text"] for entry in toc] == ["TỔ CHỨC THỰC HIỆN", "TỔ CHỨC THỰC HIỆN"]
    assert [child["text"] for child in toc[0]["children"]] == [
        "3. Văn phòng HĐND&UBND Thành phố",
        "2. Phòng Văn hóa & Thông tin",
    ]
    assert [entry["anchor"] for entry in toc] == ["to-chuc-thuc-hien", "to-chuc-thuc-hien-2"]
    assert '<h3 id="2-phong-van-hoa-thong-tin">2. Phòng Văn hóa &amp; <em>Thông tin</em></h3>' in html
