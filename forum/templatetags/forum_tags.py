import uuid

from django import template
from django.utils.safestring import mark_safe

from forum.sanitize import clean_html

register = template.Library()


@register.filter
def user_html(value):
    """User HTML is cleaned when saved; it is cleaned again when shown, so that a row written any
    other way (an import, a shell, an older allow-list) never reaches a page unsafe."""
    return mark_safe(clean_html(value))


@register.simple_tag
def new_key():
    """A fresh submission key, so that a double-clicked form creates one item."""
    return uuid.uuid4()
