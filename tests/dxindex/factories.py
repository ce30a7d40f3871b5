"""Factories for the dxindex app's models (re-exported by tests.factories). Test data only: the
names and points below are made up for tests and never loaded into a real site."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

__all__ = [
    "AssessmentFactory",
    "ComponentEntryFactory",
    "ComponentFactory",
    "EntryChangeFactory",
    "EvidenceFactory",
    "IndexVersionFactory",
    "MainIndexFactory",
    "PeriodFactory",
    "PublishedResultFactory",
    "PublishedScoreFactory",
    "UnitTypeFactory",
]


class IndexVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "dxindex.IndexVersion"
        django_get_or_create = ("key",)

    year = factory.Sequence(lambda n: 2100 + n)
    key = factory.LazyAttribute(lambda o: f"thu-nghiem-{o.year}")
    name = factory.LazyAttribute(lambda o: f"Bộ chỉ số thử nghiệm {o.year}")


class UnitTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "dxindex.UnitType"

    version = factory.SubFactory(IndexVersionFactory)
    kind = "department"
    name = "Sở, ban, ngành"


class MainIndexFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "dxindex.MainIndex"

    unit_type = factory.SubFactory(UnitTypeFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Chỉ số chính thử nghiệm {n}")


class ComponentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "dxindex.Component"

    main_index = factory.SubFactory(MainIndexFactory)
    code = factory.Sequence(lambda n: f"T{n}")
    order = factory.Sequence(lambda n: n)
    name = factory.Sequence(lambda n: f"Chỉ số thành phần thử nghiệm {n}")
    max_points = Decimal("10")
    method = "yes_no"
    params = factory.LazyFunction(dict)
    evidence_required = "Văn bản chứng minh"


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "dxindex.Period"

    year = factory.Sequence(lambda n: 2200 + n)
    version = factory.SubFactory(IndexVersionFactory)
    status = "draft"
    self_opens = factory.LazyAttribute(lambda o: datetime.date(o.year, 4, 1))
    self_closes = factory.LazyAttribute(lambda o: datetime.date(o.year, 12, 31))


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "dxindex.Assessment"

    period = factory.SubFactory(PeriodFactory)
    unit_type = factory.SubFactory(UnitTypeFactory, version=factory.SelfAttribute("..period.version"))
    unit = factory.SubFactory("tests.factories.OrganisationFactory", level="department")


class ComponentEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "dxindex.ComponentEntry"

    assessment = factory.SubFactory(AssessmentFactory)
    component = factory.SubFactory(
        ComponentFactory, main_index__unit_type=factory.SelfAttribute("...assessment.unit_type")
    )


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "dxindex.Evidence"

    entry = factory.SubFactory(ComponentEntryFactory)
    kind = "link"
    url = "https://example.gov.vn/minh-chung"
    summary = "Minh chứng thử nghiệm"


class EntryChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "dxindex.EntryChange"

    entry = factory.SubFactory(ComponentEntryFactory)
    action = "save"
    value = Decimal("1")


class PublishedResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "dxindex.PublishedResult"

    period = factory.SubFactory(PeriodFactory, status="published")
    unit = factory.SubFactory("tests.factories.OrganisationFactory", level="department")
    unit_name = factory.LazyAttribute(lambda o: o.unit.name)
    unit_type = factory.SubFactory(UnitTypeFactory, version=factory.SelfAttribute("..period.version"))
    unit_type_name = factory.LazyAttribute(lambda o: o.unit_type.name)
    total = Decimal("10")
    max_total = Decimal("100")
    rank = 1
    published_at = factory.LazyFunction(timezone.now)


class PublishedScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "dxindex.PublishedScore"

    result = factory.SubFactory(PublishedResultFactory)
    main_index = factory.SubFactory(MainIndexFactory, unit_type=factory.SelfAttribute("..result.unit_type"))
    order = factory.LazyAttribute(lambda o: o.main_index.order)
    name = factory.LazyAttribute(lambda o: o.main_index.name)
    score = Decimal("10")
    max_points = Decimal("10")
    rank = 1
