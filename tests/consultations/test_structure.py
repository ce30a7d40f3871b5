import pytest

from consultations.structure import paragraphs, parse
from tests.consultations.factories import DRAFT_TEXT


def test_the_draft_splits_into_its_own_structure():
    nodes = parse(DRAFT_TEXT)
    assert [(n["kind"], n["number"]) for n in nodes] == [
        ("preamble", ""),
        ("chapter", "I"),
        ("article", "1"),
        ("article", "2"),
        ("clause", "1"),
        ("clause", "2"),
        ("chapter", "II"),
        ("article", "3"),
    ]
    chapter, article_two, clause = nodes[1], nodes[3], nodes[4]
    assert chapter["heading"] == "QUY ĐỊNH CHUNG"
    assert article_two["heading"] == "Đối tượng áp dụng" and nodes[article_two["parent"]] is chapter
    assert nodes[clause["parent"]] is article_two
    assert clause["text"] == "Cơ quan, đơn vị của Thành phố tham gia thử nghiệm."
    assert nodes[0]["text"].startswith("Căn cứ")


def test_parts_sections_and_points():
    text = "Phần thứ nhất\nNHỮNG QUY ĐỊNH CHUNG\nMục 1. Nguyên tắc\nĐiều 5. Nguyên tắc chung\n1. Công khai.\na) minh bạch;\nb) kịp thời."
    nodes = parse(text)
    assert [n["kind"] for n in nodes] == ["part", "section", "article", "clause"]
    assert nodes[0]["heading"] == "NHỮNG QUY ĐỊNH CHUNG"
    assert nodes[1]["heading"] == "Nguyên tắc"
    assert nodes[3]["text"] == "Công khai.\na) minh bạch;\nb) kịp thời."


def test_paragraphs_read_html_entities_and_line_breaks():
    assert paragraphs("<p>A &amp; B<br>C</p><h2>Điều 1. X</h2>") == ["A & B\nC", "Điều 1. X"]


@pytest.mark.django_db
def test_rebuild_is_refused_once_articles_have_comments(consultation):
    from django.core.exceptions import ValidationError

    from consultations import structure
    from tests.consultations.factories import ConsultationCommentFactory

    article = consultation.sections.get(kind="article", number="2")
    assert article.label == "Điều 2"
    assert consultation.sections.get(kind="clause", number="1").label == "Khoản 1 Điều 2"
    ConsultationCommentFactory(consultation=consultation, section=article)
    with pytest.raises(ValidationError):
        structure.rebuild(consultation)
