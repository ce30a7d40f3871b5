"""Factories for the consultations app's models (re-exported by tests.factories)."""

import datetime

import factory
from django.utils import timezone

__all__ = [
    "DRAFT_TEXT",
    "CommentFlagFactory",
    "CommentSupportFactory",
    "ConsultationAttachmentFactory",
    "ConsultationCommentFactory",
    "ConsultationFactory",
    "ConsultationFollowFactory",
    "DraftDocumentFactory",
    "DraftingStaffFactory",
    "FieldSubscriptionFactory",
    "HandlingFactory",
    "NoticeFactory",
    "QuestionFactory",
    "SectionFactory",
    "open_consultation",
]

# A made-up draft for tests, marked as such: the structure Vietnamese legal texts use.
DRAFT_TEXT = (
    "<p>Căn cứ Luật Tổ chức chính quyền địa phương (dự thảo thử nghiệm);</p>"
    "<p>Chương I</p><p>QUY ĐỊNH CHUNG</p>"
    "<p>Điều 1. Phạm vi điều chỉnh</p>"
    "<p>Quy chế này quy định việc thử nghiệm lấy ý kiến dự thảo trên Cổng.</p>"
    "<p>Điều 2. Đối tượng áp dụng</p>"
    "<p>1. Cơ quan, đơn vị của Thành phố tham gia thử nghiệm.</p>"
    "<p>2. Người dân, doanh nghiệp góp ý trên Cổng thông tin.</p>"
    "<p>Chương II</p><p>TỔ CHỨC THỰC HIỆN</p>"
    "<p>Điều 3. Trách nhiệm thi hành</p>"
    "<p>Các cơ quan, đơn vị chịu trách nhiệm thi hành Quy chế này.</p>"
)


def _draft_type():
    from documents.models import DocumentType

    return DocumentType.objects.get_or_create(slug="du-thao", defaults={"name": "Dự thảo", "abbreviation": "DT"})[0]


def _base():
    from tests import factories

    return factories


class DraftDocumentFactory(factory.django.DjangoModelFactory):
    """A draft in the library (type "Dự thảo"), with a made-up text of three articles."""

    class Meta:
        model = "documents.LegalDocument"

    number = ""
    document_type = factory.LazyFunction(_draft_type)
    issuer = factory.LazyFunction(lambda: _base().OrganisationFactory())
    title = factory.Sequence(lambda n: f"Dự thảo Quy chế thử nghiệm số {n}")
    full_text = DRAFT_TEXT
    live = True


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "consultations.Consultation"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Lấy ý kiến dự thảo thử nghiệm {n}")
    draft = factory.SubFactory(DraftDocumentFactory)
    unit = factory.LazyAttribute(lambda o: o.draft.issuer)
    summary = "Đợt lấy ý kiến thử nghiệm (dữ liệu kiểm thử)."
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=3))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=27))
    published = True

    @factory.post_generation
    def structure(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            from consultations import structure

            structure.rebuild(obj)


def open_consultation(**kwargs):
    return ConsultationFactory(**kwargs)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "consultations.Question"

    consultation = factory.SubFactory(ConsultationFactory)
    text = "Phạm vi điều chỉnh của dự thảo đã phù hợp chưa?"


class ConsultationAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "consultations.ConsultationAttachment"

    consultation = factory.SubFactory(ConsultationFactory)
    file = factory.LazyFunction(lambda: _base().DocumentFactory())
    title = "Tờ trình (thử nghiệm)"


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "consultations.Section"

    consultation = factory.SubFactory(ConsultationFactory, structure=False)
    kind = "article"
    number = factory.Sequence(lambda n: str(n + 1))
    heading = "Điều khoản thử nghiệm"
    text = "Nội dung điều khoản thử nghiệm."
    sort_order = factory.Sequence(lambda n: n)


class DraftingStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "consultations.DraftingStaff"

    user = factory.LazyFunction(lambda: _base().UserFactory())
    unit = factory.LazyFunction(lambda: _base().OrganisationFactory())


class HandlingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "consultations.Handling"

    consultation = factory.SubFactory(ConsultationFactory)
    decision = "accepted"
    reason = "Cơ quan soạn thảo tiếp thu và chỉnh sửa dự thảo."


class ConsultationCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "consultations.ConsultationComment"

    consultation = factory.SubFactory(ConsultationFactory)
    body = "<p>Góp ý thử nghiệm cho dự thảo, đủ dài để đọc.</p>"
    author = factory.LazyFunction(lambda: _base().verified_citizen())
    status = "approved"


class CommentSupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "consultations.CommentSupport"

    comment = factory.SubFactory(ConsultationCommentFactory)
    user = factory.LazyFunction(lambda: _base().UserFactory())


class CommentFlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "consultations.CommentFlag"

    comment = factory.SubFactory(ConsultationCommentFactory)
    user = factory.LazyFunction(lambda: _base().UserFactory())
    reason = "spam"


class ConsultationFollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "consultations.ConsultationFollow"

    consultation = factory.SubFactory(ConsultationFactory)
    user = factory.LazyFunction(lambda: _base().UserFactory())


class NoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "consultations.Notice"

    consultation = factory.SubFactory(ConsultationFactory)
    kind = "opened"


class FieldSubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "consultations.FieldSubscription"

    user = factory.LazyFunction(lambda: _base().UserFactory())
    field = factory.LazyFunction(lambda: _base().LegalFieldFactory())
