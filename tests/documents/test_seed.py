from pathlib import Path

import pytest
import yaml
from django.conf import settings

from documents.models import DocumentRelation, LegalDocument
from documents.text import find_numbers, number_key

SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"
DATA = yaml.safe_load((Path(settings.BASE_DIR) / "documents" / "seed" / "documents.yaml").read_text(encoding="utf-8"))


@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds is not beside this checkout")
def test_every_seeded_number_and_year_is_in_the_source_documents():
    text = " ".join(path.read_text(encoding="utf-8") for path in SEEDS.glob("*.txt"))
    keys = {key for _start, _end, key in find_numbers(text)}
    folded = number_key(text)
    for document in DATA["documents"]:
        key = number_key(document["number"])
        assert key in keys or key in folded, document["number"]
        if document.get("issued_on"):
            assert str(document["issued_on"].year) in text, document["number"]


@pytest.mark.django_db
def test_seed_relations_are_loaded_both_ways(client):
    assert DocumentRelation.objects.count() == len(DATA["relations"])
    plan = LegalDocument.objects.get(number="681/KH-UBND")
    targets = set(plan.relations.values_list("target__number", flat=True))
    assert {"2393/QĐ-UBND", "1726/QĐ-BTTTT"} <= targets
