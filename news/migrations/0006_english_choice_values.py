"""Article categories and bulletin section keys stored in English, in rows, in the bulletins'
StreamField and in the pages' revisions; their Vietnamese slugs stay public (?chuyen-muc=, the
category feeds, the sections' anchors #phan-diem-tin)."""

import wagtail.fields
from django.db import migrations, models

from portal.choice_migrations import rename_choice_values


CATEGORIES = {
    "diem-tin": "news",
    "tieu-diem": "focus",
    "hoat-dong-lanh-dao": "leaders",
    "su-kien": "events",
    "mo-hinh-cds": "models",
    "van-ban-moi": "documents",
}
SECTIONS = {
    "gioi-thieu": "introduction",
    "diem-tin": "news",
    "van-ban-moi": "documents",
    "tieu-diem": "focus",
    "hoat-dong-lanh-dao": "leaders",
    "su-kien-sap-dien-ra": "upcoming_events",
    "mo-hinh-cds": "models",
}


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0005_media_models_in_portal"),
    ]

    operations = [
        migrations.AlterField(
            model_name="articlepage",
            name="body",
            field=wagtail.fields.StreamField(
                [
                    ("heading", 2),
                    ("paragraph", 3),
                    ("image", 7),
                    ("quote", 10),
                    ("video", 14),
                    ("kpi", 21),
                    ("table", 22),
                    ("document", 25),
                ],
                blank=True,
                block_lookup={
                    0: ("wagtail.blocks.CharBlock", (), {"label": "Tiêu đề", "max_length": 200}),
                    1: (
                        "wagtail.blocks.ChoiceBlock",
                        [],
                        {"choices": [("h2", "Tiêu đề mục (H2)"), ("h3", "Tiêu đề phụ (H3)")], "label": "Cấp"},
                    ),
                    2: ("wagtail.blocks.StructBlock", [[("text", 0), ("level", 1)]], {}),
                    3: ("portal.blocks.ParagraphBlock", (), {}),
                    4: ("wagtail.images.blocks.ImageChooserBlock", (), {"label": "Ảnh"}),
                    5: ("wagtail.blocks.CharBlock", (), {"label": "Chú thích", "max_length": 300, "required": False}),
                    6: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "help_text": "Mô tả ảnh cho người dùng trình đọc màn hình; để trống sẽ dùng tiêu đề ảnh.",
                            "label": "Văn bản thay thế",
                            "max_length": 300,
                            "required": False,
                        },
                    ),
                    7: ("wagtail.blocks.StructBlock", [[("image", 4), ("caption", 5), ("alt_text", 6)]], {}),
                    8: ("wagtail.blocks.TextBlock", (), {"label": "Trích dẫn"}),
                    9: ("wagtail.blocks.CharBlock", (), {"label": "Nguồn", "max_length": 200, "required": False}),
                    10: ("wagtail.blocks.StructBlock", [[("text", 8), ("attribution", 9)]], {}),
                    11: (
                        "wagtail.embeds.blocks.EmbedBlock",
                        (),
                        {"help_text": "Liên kết YouTube hoặc Vimeo.", "label": "Địa chỉ video"},
                    ),
                    12: ("wagtail.blocks.CharBlock", (), {"label": "Tên video", "max_length": 200}),
                    13: ("wagtail.blocks.CharBlock", (), {"label": "Mô tả", "max_length": 300, "required": False}),
                    14: ("wagtail.blocks.StructBlock", [[("video", 11), ("title", 12), ("caption", 13)]], {}),
                    15: ("wagtail.blocks.CharBlock", (), {"label": "Tiêu đề", "max_length": 200, "required": False}),
                    16: ("wagtail.snippets.blocks.SnippetChooserBlock", ("kpi.Indicator",), {}),
                    17: (
                        "wagtail.blocks.ListBlock",
                        (16,),
                        {"label": "Chọn chỉ tiêu", "min_num": 0, "required": False},
                    ),
                    18: (
                        "wagtail.snippets.blocks.SnippetChooserBlock",
                        ("kpi.Plan",),
                        {"label": "Hoặc mọi chỉ tiêu của kế hoạch", "required": False},
                    ),
                    19: (
                        "wagtail.blocks.ChoiceBlock",
                        [],
                        {
                            "choices": [
                                ("", "---"),
                                ("government", "Chính quyền số"),
                                ("economy", "Kinh tế số"),
                                ("society", "Xã hội số"),
                                ("infrastructure", "Hạ tầng số"),
                                ("security", "An toàn thông tin"),
                                ("theme", "Chủ đề của năm"),
                            ],
                            "label": "Hoặc mọi chỉ tiêu của trụ cột",
                            "required": False,
                        },
                    ),
                    20: (
                        "wagtail.blocks.IntegerBlock",
                        (),
                        {"default": 6, "label": "Số chỉ tiêu tối đa", "max_value": 30, "min_value": 1},
                    ),
                    21: (
                        "wagtail.blocks.StructBlock",
                        [[("heading", 15), ("indicators", 17), ("plan", 18), ("pillar", 19), ("limit", 20)]],
                        {},
                    ),
                    22: (
                        "wagtail.contrib.table_block.blocks.TableBlock",
                        (),
                        {
                            "label": "Bảng",
                            "table_options": {
                                "contextMenu": [
                                    "row_above",
                                    "row_below",
                                    "col_left",
                                    "col_right",
                                    "remove_row",
                                    "remove_col",
                                ]
                            },
                            "template": "blocks/table_block.html",
                        },
                    ),
                    23: (
                        "wagtail.snippets.blocks.SnippetChooserBlock",
                        ("documents.LegalDocument",),
                        {"label": "Văn bản"},
                    ),
                    24: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {"label": "Tóm tắt một dòng", "max_length": 300, "required": False},
                    ),
                    25: ("wagtail.blocks.StructBlock", [[("document", 23), ("summary", 24)]], {}),
                },
                verbose_name="nội dung",
            ),
        ),
        migrations.AlterField(
            model_name="articlepage",
            name="category",
            field=models.CharField(
                choices=[
                    ("news", "Điểm tin"),
                    ("focus", "Tiêu điểm"),
                    ("leaders", "Hoạt động lãnh đạo"),
                    ("events", "Sự kiện"),
                    ("models", "Mô hình chuyển đổi số"),
                    ("documents", "Văn bản mới"),
                ],
                default="news",
                max_length=30,
                verbose_name="chuyên mục",
            ),
        ),
        migrations.AlterField(
            model_name="bulletinpage",
            name="sections",
            field=wagtail.fields.StreamField(
                [("section", 16)],
                blank=True,
                block_lookup={
                    0: (
                        "wagtail.blocks.ChoiceBlock",
                        [],
                        {
                            "choices": [
                                ("introduction", "Giới thiệu"),
                                ("news", "Điểm tin"),
                                ("documents", "Văn bản mới"),
                                ("focus", "Tiêu điểm trong tháng"),
                                ("leaders", "Hoạt động của lãnh đạo"),
                                ("upcoming_events", "Sự kiện sắp diễn ra"),
                                ("models", "Mô hình chuyển đổi số"),
                            ],
                            "label": "Phần",
                        },
                    ),
                    1: ("wagtail.blocks.CharBlock", (), {"label": "Tiêu đề", "max_length": 200}),
                    2: (
                        "wagtail.blocks.PageChooserBlock",
                        (),
                        {"label": "Bài viết", "page_type": ["news.ArticlePage"]},
                    ),
                    3: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {"label": "Tóm tắt một dòng", "max_length": 300, "required": False},
                    ),
                    4: ("wagtail.blocks.StructBlock", [[("article", 2), ("summary", 3)]], {}),
                    5: (
                        "wagtail.snippets.blocks.SnippetChooserBlock",
                        ("documents.LegalDocument",),
                        {"label": "Văn bản"},
                    ),
                    6: ("wagtail.blocks.StructBlock", [[("document", 5), ("summary", 3)]], {}),
                    7: ("portal.blocks.ParagraphBlock", (), {}),
                    8: ("wagtail.blocks.CharBlock", (), {"label": "Tiêu đề", "max_length": 200, "required": False}),
                    9: ("wagtail.snippets.blocks.SnippetChooserBlock", ("kpi.Indicator",), {}),
                    10: ("wagtail.blocks.ListBlock", (9,), {"label": "Chọn chỉ tiêu", "min_num": 0, "required": False}),
                    11: (
                        "wagtail.snippets.blocks.SnippetChooserBlock",
                        ("kpi.Plan",),
                        {"label": "Hoặc mọi chỉ tiêu của kế hoạch", "required": False},
                    ),
                    12: (
                        "wagtail.blocks.ChoiceBlock",
                        [],
                        {
                            "choices": [
                                ("", "---"),
                                ("government", "Chính quyền số"),
                                ("economy", "Kinh tế số"),
                                ("society", "Xã hội số"),
                                ("infrastructure", "Hạ tầng số"),
                                ("security", "An toàn thông tin"),
                                ("theme", "Chủ đề của năm"),
                            ],
                            "label": "Hoặc mọi chỉ tiêu của trụ cột",
                            "required": False,
                        },
                    ),
                    13: (
                        "wagtail.blocks.IntegerBlock",
                        (),
                        {"default": 6, "label": "Số chỉ tiêu tối đa", "max_value": 30, "min_value": 1},
                    ),
                    14: (
                        "wagtail.blocks.StructBlock",
                        [[("heading", 8), ("indicators", 10), ("plan", 11), ("pillar", 12), ("limit", 13)]],
                        {},
                    ),
                    15: (
                        "wagtail.blocks.StreamBlock",
                        [[("article", 4), ("document", 6), ("text", 7), ("kpi", 14)]],
                        {"label": "Nội dung", "required": False},
                    ),
                    16: ("wagtail.blocks.StructBlock", [[("key", 0), ("title", 1), ("items", 15)]], {}),
                },
                verbose_name="các phần",
            ),
        ),
        rename_choice_values(
            CATEGORIES,
            fields=[("news", "ArticlePage", "category")],
            revisions=[("news", "articlepage", "category")],
        ),
        rename_choice_values(SECTIONS, stream_blocks=[("section", "key")]),
    ]
