"""Factories for every model the tests create."""

import factory
import wagtail_factories
from django.contrib.auth import get_user_model

from home import models


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
        model = models.PortalImage

    title = factory.Sequence(lambda n: f"Ảnh {n}")


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
    category = "diem-tin"
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

    kind = factory.LazyFunction(lambda: _forum_models().Kind.objects.order_by("sort_order").first())
    category = factory.LazyFunction(lambda: _forum_models().Category.objects.order_by("sort_order").first())
    title = factory.Sequence(lambda n: f"Đề xuất số hoá thủ tục hành chính thứ {n}")
    body = "<p>Nội dung thử nghiệm đủ dài để qua kiểm tra của biểu mẫu ý kiến.</p>"
    author = factory.LazyFunction(verified_citizen)
    status = "cho_duyet"


def public_proposal(**kwargs):
    from django.utils import timezone

    kwargs.setdefault("status", "da_duyet")
    kwargs.setdefault("published_at", timezone.now())
    return ProposalFactory(**kwargs)
