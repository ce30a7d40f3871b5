"""Reference data shared by the data migration and the seed loader (no model imports here)."""

# (slug, name, abbreviation, order)
DOCUMENT_TYPES = [
    ("luat", "Luật", "L", 10),
    ("nghi-quyet", "Nghị quyết", "NQ", 20),
    ("nghi-dinh", "Nghị định", "NĐ", 30),
    ("quyet-dinh", "Quyết định", "QĐ", 40),
    ("chi-thi", "Chỉ thị", "CT", 50),
    ("thong-tu", "Thông tư", "TT", 60),
    ("chuong-trinh", "Chương trình", "CTr", 70),
    ("ke-hoach", "Kế hoạch", "KH", 80),
    ("cong-van", "Công văn", "CV", 90),
    ("thong-bao", "Thông báo", "TB", 100),
]
