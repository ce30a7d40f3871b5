"""Choices stored as English identifiers, published under their Vietnamese slugs.

Every choice field stores an English snake_case identifier (`pending`, `based_on`, `government`);
its label is Vietnamese, through gettext. What the public sees in addresses, query parameters,
feeds and open-data exports is the choice's *public slug*, the Vietnamese one the site has always
published (`/dien-dan/?trang_thai=cho_duyet`, `/tin-tuc/?chuyen-muc=diem-tin`,
`/tin-tuc/chuyen-muc/su-kien/rss/`, `/van-ban/?hieu-luc=con-hieu-luc`, the anchors `#phan-diem-tin`
and `#pillar-kinh-te-so`), so that no published link changes. The translation happens at the edge:

    @public_slugs(PENDING="cho_duyet", APPROVED="da_duyet")
    class Status(SlugChoices):
        PENDING = "pending", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt")

    Status.APPROVED.slug               # "da_duyet"   (templates: {{ proposal.status_slug }} etc.)
    Status.from_slug("da_duyet")       # Status.APPROVED, None for anything else
    Status.slug_of("approved")         # "da_duyet"; "" for "" (an empty optional value)
    Status.by_slug()                   # {"da_duyet": Status.APPROVED, ...}: portal.params.Choice
    Status.slug_choices()              # [("cho_duyet", "Chờ duyệt"), ...]: public <select>s and links

Data migrations never import these classes: they carry their own frozen copy of the old and new
values (see portal.migrations_support).
"""

from django.db import models


class SlugChoices(models.TextChoices):
    """TextChoices whose members also have a public slug, declared with @public_slugs."""

    @property
    def slug(self):
        return type(self)._slug_by_value[self.value]

    @classmethod
    def slug_of(cls, value):
        """The public slug of a stored value; "" for an empty or unknown one."""
        return cls._slug_by_value.get(value, "") if value else ""

    @classmethod
    def from_slug(cls, slug):
        """The member published as `slug`, or None."""
        return cls._member_by_slug.get(slug)

    @classmethod
    def by_slug(cls):
        """{public slug: member}, in declaration order."""
        return dict(cls._member_by_slug)

    @classmethod
    def slug_choices(cls):
        """[(public slug, label)], in declaration order."""
        return [(member.slug, member.label) for member in cls]


def public_slugs(**slugs):
    """Class decorator: the public slug of each member of a SlugChoices class, by member name.
    Every member needs one, and no two may share one."""

    def declare(cls):
        if not issubclass(cls, SlugChoices):
            raise TypeError(f"{cls.__name__} must be a SlugChoices to have public slugs.")
        names = set(cls.names)
        if set(slugs) != names:
            missing, unknown = sorted(names - set(slugs)), sorted(set(slugs) - names)
            raise ValueError(f"Public slugs of {cls.__name__}: missing {missing}, unknown {unknown}.")
        if len(set(slugs.values())) != len(slugs):
            raise ValueError(f"Two members of {cls.__name__} share a public slug.")
        cls._slug_by_value = {cls[name].value: slug for name, slug in slugs.items()}
        cls._member_by_slug = {slugs[member.name]: member for member in cls}
        return cls

    return declare
