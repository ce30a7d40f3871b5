"""portal.visibility.public: what Wagtail's `.public()` gives, with the view restrictions read
once per request."""

import pytest
from django.test import RequestFactory
from wagtail.models import Page, PageViewRestriction

from portal.visibility import public

pytestmark = pytest.mark.django_db


def test_the_same_pages_as_wagtails_public_with_one_read_per_request(django_assert_num_queries):
    section = Page.objects.get(slug="cam-nang")
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.PASSWORD, password="mk")
    pages = Page.objects.live()
    expected = set(pages.public().values_list("pk", flat=True))
    assert section.pk not in expected and section.get_children().exists()
    assert not expected & set(section.get_descendants(inclusive=True).values_list("pk", flat=True))

    request = RequestFactory().get("/")
    # The pages' generation (portal.generations; once per request behind its middleware), the
    # restrictions once, then each of the two lists.
    with django_assert_num_queries(4):
        first = set(public(pages, request).values_list("pk", flat=True))
        second = set(public(pages.filter(depth__gte=2), request).values_list("pk", flat=True))
    assert first == expected and second == {pk for pk in expected if Page.objects.get(pk=pk).depth >= 2}
    # Without a request (a command, a task) the restrictions are read each time.
    assert set(public(pages).values_list("pk", flat=True)) == expected


def test_no_restriction_leaves_the_queryset_as_it_is():
    pages = Page.objects.live()
    assert public(pages, RequestFactory().get("/")).count() == pages.count()
