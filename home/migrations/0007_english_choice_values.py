"""The KPI block's pillar choices in English (the data is renamed by kpi 0005)."""

import wagtail.fields
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0006_media_models_in_portal"),
    ]

    operations = [
        migrations.AlterField(
            model_name="handbookchapterpage",
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
                },
                verbose_name="nội dung",
            ),
        ),
        migrations.AlterField(
            model_name="homepage",
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
                },
                help_text="Khối tùy chọn sau các trụ cột, ví dụ một nhóm chỉ tiêu.",
                verbose_name="nội dung thêm",
            ),
        ),
        migrations.AlterField(
            model_name="standardpage",
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
                },
                verbose_name="nội dung",
            ),
        ),
    ]
