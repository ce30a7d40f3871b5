"""Factories for every model the tests create."""

import datetime

import factory
import wagtail_factories
from django.contrib.auth import get_user_model

from home import models
from portal.models import PortalDocument, PortalImage


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.vn")
    display_name = factory.Faker("name", locale="vi_VN")
    password = factory.django.Password("mat-khau-thu-nghiem")


class ImageFactory(wagtail_factories.ImageFactory):
    class Meta:
        model = PortalImage

    title = factory.Sequence(lambda n: f"Ảnh {n}")
    description = factory.LazyAttribute(lambda image: f"Ảnh minh hoạ: {image.title}")


def rich_text(text):
    return f"<p>{text}</p>"


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.StandardPage

    title = factory.Sequence(lambda n: f"Trang {n}")
    intro = "Giới thiệu ngắn."


class HandbookChapterPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.HandbookChapterPage

    title = factory.Sequence(lambda n: f"Chương {n}")
    intro = "Tóm tắt chương."
    body = factory.LazyFunction(
        lambda: [
            {"type": "heading", "value": {"text": "Mục một", "level": "h2"}},
            {"type": "paragraph", "value": rich_text("Nội dung mục một.")},
            {"type": "heading", "value": {"text": "Mục hai", "level": "h2"}},
            {"type": "paragraph", "value": rich_text("Nội dung mục hai.")},
        ]
    )


class AlbumPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.AlbumPage

    title = factory.Sequence(lambda n: f"Album {n}")
    cover_image = factory.SubFactory(ImageFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    """A body of the registry of public bodies; as an issuer of documents by default."""

    class Meta:
        model = "portal.Organisation"
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Cơ quan thử nghiệm {n}")
    short_name = factory.Sequence(lambda n: f"CQ{n}")
    slug = factory.Sequence(lambda n: f"co-quan-{n}")


class OrganisationLegacyIdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "portal.OrganisationLegacyId"

    organisation = factory.SubFactory(OrganisationFactory)
    source = "forum_unit"
    old_id = factory.Sequence(lambda n: 90000 + n)


IssuerFactory = OrganisationFactory  # the documents' name for a body that issues them


class LegalDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "documents.LegalDocument"

    number = factory.Sequence(lambda n: f"{9000 + n}/QĐ-TN")
    document_type = factory.LazyFunction(lambda: _document_type("quyet-dinh"))
    issuer = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Về việc thử nghiệm số {n}")
    issued_on = factory.Faker("date_between", start_date="-5y", end_date="-1y")
    live = True


def _document_type(slug):
    from documents.models import DocumentType

    return DocumentType.objects.get(slug=slug)


class ArticlePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = "news.ArticlePage"

    title = factory.Sequence(lambda n: f"Tin thử nghiệm {n}")
    intro = "Tóm tắt tin thử nghiệm."
    category = "news"
    date = factory.Faker("date_between", start_date="-2y", end_date="today")


class BulletinPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = "news.BulletinPage"

    title = factory.Sequence(lambda n: f"Bản tin thử nghiệm {n}")
    issue_number = factory.Sequence(lambda n: 100 + n)
    year = 2030
    month = factory.Sequence(lambda n: n % 12 + 1)


# Forum. Development and benchmark data come from here, never from the seed content.
def verified_citizen(**kwargs):
    """A citizen account as after sign-up and email verification."""
    from allauth.account.models import EmailAddress

    from forum.models import Profile

    user = UserFactory(**kwargs)
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    Profile.objects.get_or_create(user=user, defaults={"terms_version": "test", "privacy_version": "test"})
    return user


def _forum_models():
    from forum import models

    return models


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "forum.Proposal"

    kind = factory.LazyFunction(lambda: _forum_models().ProposalKind.objects.order_by("sort_order").first())
    category = factory.LazyFunction(lambda: _forum_models().ProposalCategory.objects.order_by("sort_order").first())
    title = factory.Sequence(lambda n: f"Đề xuất số hoá thủ tục hành chính thứ {n}")
    body = "<p>Nội dung thử nghiệm đủ dài để qua kiểm tra của biểu mẫu ý kiến.</p>"
    author = factory.LazyFunction(verified_citizen)
    status = "pending"


def public_proposal(**kwargs):
    from django.utils import timezone

    kwargs.setdefault("status", "approved")
    kwargs.setdefault("published_at", timezone.now())
    return ProposalFactory(**kwargs)


# Every other model of the portal's apps, so that a test can make any object in one line.
# tests/test_factories.py checks that each concrete model has a factory here and that each factory
# makes an object that passes full_clean.


def _png_bytes(width=8, height=6):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (0, 102, 179)).save(buffer, "PNG")
    return buffer.getvalue()


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PortalDocument

    title = factory.Sequence(lambda n: f"Tệp đính kèm {n}")
    file = factory.django.FileField(filename="phu-luc.pdf", data=b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")


class SearchEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "portal.SearchEntry"

    source = "van-ban"
    kind = "van-ban"
    object_id = factory.Sequence(lambda n: 900000 + n)
    title = factory.Sequence(lambda n: f"Mục tìm kiếm thử nghiệm {n}")
    url = factory.Sequence(lambda n: f"/van-ban/thu-nghiem-{n}/")

    @classmethod
    def indexed(cls, title, body="", keys=(), **kwargs):
        """A row with its folded and exact word columns filled from the title and body, as the
        indexer writes them."""
        from portal.search.indexing import padded
        from portal.text import exact_words, words

        text = f"{title} {body}"
        return cls(
            title=title,
            body=body,
            title_folded=padded(words(title)),
            title_exact=padded(exact_words(title)),
            text_folded=padded(words(text)),
            text_exact=padded(exact_words(text)),
            keys=padded(keys),
            **kwargs,
        )


class DocumentTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "documents.DocumentType"
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Loại văn bản {n}")
    slug = factory.Sequence(lambda n: f"loai-van-ban-{n}")


class LegalFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "documents.LegalField"
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")
    slug = factory.Sequence(lambda n: f"linh-vuc-{n}")


class DocumentAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "documents.DocumentAttachment"

    document = factory.SubFactory(LegalDocumentFactory)
    file = factory.SubFactory(DocumentFactory)


class DocumentRelationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "documents.DocumentRelation"

    source = factory.SubFactory(LegalDocumentFactory)
    target = factory.SubFactory(LegalDocumentFactory)
    relation_type = "based_on"


class ArticleDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "news.ArticleDocument"

    page = factory.LazyFunction(lambda: ArticlePageFactory(parent=_news_index()))
    document = factory.SubFactory(LegalDocumentFactory)


class RelatedArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "news.RelatedArticle"

    page = factory.LazyFunction(lambda: ArticlePageFactory(parent=_news_index()))
    article = factory.LazyFunction(lambda: ArticlePageFactory(parent=_news_index()))


def _news_index():
    from news.models import NewsIndexPage

    return NewsIndexPage.objects.get()


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "news.Subscriber"

    email = factory.Sequence(lambda n: f"ban-doc-{n}@example.vn")


class BulletinMailingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "news.BulletinMailing"

    bulletin = factory.LazyFunction(lambda: BulletinPageFactory(parent=_bulletin_index()))


def _bulletin_index():
    from news.models import BulletinIndexPage

    return BulletinIndexPage.objects.get()


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "news.Delivery"

    mailing = factory.SubFactory(BulletinMailingFactory)
    subscriber = factory.SubFactory(SubscriberFactory)


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "forum.Profile"

    user = factory.SubFactory(UserFactory)
    terms_version = "test"
    privacy_version = "test"


class ProposalImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "forum.ProposalImage"

    proposal = factory.SubFactory(ProposalFactory)
    file = factory.django.ImageField(filename="anh-de-xuat.png", width=8, height=6, color="blue")
    alt = "Ảnh minh hoạ đề xuất"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "forum.Event"

    proposal = factory.SubFactory(ProposalFactory)
    action = "submitted"


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "forum.Comment"

    proposal = factory.SubFactory(ProposalFactory)
    author = factory.LazyFunction(verified_citizen)
    body = "Tôi đồng ý với đề xuất này và mong Thành phố sớm triển khai."


class SupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "forum.Support"

    proposal = factory.SubFactory(ProposalFactory)
    user = factory.LazyFunction(verified_citizen)


class FollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "forum.Follow"

    proposal = factory.SubFactory(ProposalFactory)
    user = factory.LazyFunction(verified_citizen)


class FlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "forum.Flag"

    proposal = factory.SubFactory(ProposalFactory)
    user = factory.LazyFunction(verified_citizen)
    reason = "spam"


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "forum.Notification"

    user = factory.LazyFunction(verified_citizen)
    message = "Ý kiến của bạn đã được duyệt."


def _now():
    from django.utils import timezone

    return timezone.now()


class ProposalCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "forum.ProposalCategory"
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Lĩnh vực thử nghiệm {n}")
    slug = factory.Sequence(lambda n: f"linh-vuc-thu-nghiem-{n}")


class ProposalKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "forum.ProposalKind"
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Loại ý kiến {n}")
    slug = factory.Sequence(lambda n: f"loai-y-kien-{n}")
    prefix = factory.Sequence(lambda n: f"T{n}")


class ResponderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "forum.Responder"

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(OrganisationFactory, level="department")


class PlanTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "kpi.PlanTask"

    plan = factory.SubFactory("tests.factories.PlanFactory")
    number = factory.Sequence(lambda n: str(n + 1))
    text = factory.Sequence(lambda n: f"Triển khai nền tảng số dùng chung thứ {n}")
    passage = factory.LazyAttribute(lambda task: f"{task.number}. {task.text}.")
    deadline_text = "Quý 4 năm 2026"


class TaskUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "kpi.TaskUpdate"

    task = factory.SubFactory(PlanTaskFactory)
    date = datetime.date(2026, 11, 16)
    status = "in_progress"
    note = "Đã hoàn thành khảo sát, đang xây dựng phần mềm."


class UnitStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "kpi.UnitStaff"

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(OrganisationFactory, level="department")


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "forum.Answer"

    proposal = factory.SubFactory(ProposalFactory)
    unit = factory.SubFactory(OrganisationFactory, level="department")
    unit_name = factory.LazyAttribute(lambda answer: answer.unit.name)
    body = "Sở đã tiếp nhận và sẽ triển khai trong quý tới."


class SharedCacheEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "forum.SharedCacheEntry"

    cache_key = factory.Sequence(lambda n: f"thu-nghiem:{n}")
    value = "1"
    expires = factory.LazyFunction(_now)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "kpi.Plan"

    slug = factory.Sequence(lambda n: f"ke-hoach-thu-nghiem-{n}")
    title = factory.Sequence(lambda n: f"Kế hoạch thử nghiệm số {n}")
    place = factory.SubFactory(OrganisationFactory, level="city")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "kpi.Indicator"

    slug = factory.Sequence(lambda n: f"chi-tieu-thu-nghiem-{n}")
    name = factory.Sequence(lambda n: f"Tỷ lệ thử nghiệm số {n}")
    pillar = "government"
    place = factory.SubFactory(OrganisationFactory, level="city")


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "kpi.Target"

    indicator = factory.SubFactory(IndicatorFactory)
    plan = factory.SubFactory(PlanFactory)
    year = 2030
    value = 80
    passage = "Phấn đấu đạt 80% vào năm 2030."


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "kpi.Measurement"

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2025
    value = 42
    source = "Báo cáo thử nghiệm"
    review = "approved"  # public; pass review="pending" for one waiting for a reviewer


# --- Long pages: many relations, many comments, made in a few queries --------------------------


def documents_related_to(document, count, relation_type="based_on", incoming=True, issued_on=None, **kwargs):
    """`count` new published documents, each with one relation of `relation_type` to `document`
    (incoming=True: "X căn cứ document") or from it (incoming=False), bulk-created: the others,
    newest issued first when `issued_on` is not given."""
    import datetime

    from documents.models import DocumentRelation, LegalDocument

    issuer = OrganisationFactory()
    taken = set(LegalDocument.objects.values_list("slug", flat=True))
    others = []
    for n in range(count):
        other = LegalDocumentFactory.build(
            issuer=issuer, issued_on=issued_on or datetime.date(2024, 1, 1) - datetime.timedelta(days=n), **kwargs
        )
        other.prepare(taken)
        others.append(other)
    others = LegalDocument.objects.bulk_create(others)
    relations = [
        DocumentRelation(
            source=other if incoming else document,
            target=document if incoming else other,
            relation_type=relation_type,
            sort_order=n,
        )
        for n, other in enumerate(others)
    ]
    DocumentRelation.objects.bulk_create(relations)
    return others


def comment_threads(proposal, count, start=None, **kwargs):
    """`count` top-level comments on `proposal`, one minute apart from `start` (oldest first),
    bulk-created with one author; the proposal's comment count follows."""
    import datetime

    from django.db.models import F

    from forum.models import Comment, Proposal

    start = start or _now() - datetime.timedelta(days=30)
    author = verified_citizen()
    comments = Comment.objects.bulk_create(
        [
            Comment(
                proposal=proposal,
                author=author,
                body=kwargs.get("body", "Bình luận số {n}").format(n=n + 1),
                created_at=start + datetime.timedelta(minutes=n),
                hidden=kwargs.get("hidden", False),
            )
            for n in range(count)
        ]
    )
    if not kwargs.get("hidden"):
        Proposal.objects.filter(pk=proposal.pk).update(comment_count=F("comment_count") + count)
    return comments


# Each app that keeps its factories beside its tests.
from tests.consultations.factories import *  # noqa: E402,F403
from tests.dxindex.factories import *  # noqa: E402,F403
