"""allauth adapter: a staff member setting up TOTP right after signing in is not asked for
their password a second time."""

import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter


def signed_in_recently(request):
    """The session's user signed in (any method) within allauth's reauthentication timeout."""
    from allauth.account.authentication import get_authentication_records

    records = get_authentication_records(request, request.user)
    return bool(records) and time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT


class PortalAccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        from allauth.core import context as allauth_context

        context = {"current_site": PortalSite(allauth_context.request), **context}
        super().send_mail(template_prefix, email, context)

    def render_mail(self, template_prefix, email, context, headers=None):
        return _readable(super().render_mail(template_prefix, email, context, headers=headers))

    def is_reauthentication_required(self, *, app, **kwargs):
        required = super().is_reauthentication_required(app=app, **kwargs)
        if required and app == "allauth.mfa":
            from allauth.core import context
            from allauth.mfa.models import Authenticator

            request = context.request
            user = getattr(request, "user", None)
            # Setting up the first authenticator just after signing in: the password was
            # typed a moment ago. Any later change (a second device, recovery codes,
            # deactivation) asks again as usual.
            if (
                user is not None
                and user.is_authenticated
                and not Authenticator.objects.filter(user=user).exists()
                and signed_in_recently(request)
            ):
                return False
        return required


class PortalSite:
    """The site as allauth's mails name it: the portal's name, not the request's host."""

    def __init__(self, request):
        from django.conf import settings
        from wagtail.models import Site

        site = Site.find_for_request(request) if request is not None else None
        site = site or Site.objects.filter(is_default_site=True).first()
        self.name = (site and site.site_name) or settings.WAGTAIL_SITE_NAME
        self.domain = request.get_host() if request is not None else (site.hostname if site else "")

    def __str__(self):
        return self.name


class ReadableTextMixin:
    """Text parts in quoted-printable: Vietnamese stays readable in the console and in raw
    mail (Python's email package would pick base64, shorter for mostly non-ASCII text)."""

    def message(self, **kwargs):
        msg = super().message(**kwargs)
        for part in msg.walk():
            if part.get_content_maintype() == "text" and part.get("Content-Transfer-Encoding") == "base64":
                content, subtype = part.get_content(), part.get_content_subtype()
                del part["Content-Transfer-Encoding"]
                part.set_content(content, subtype=subtype, charset="utf-8", cte="quoted-printable")
        return msg


def _readable(message):
    cls = type(message)
    message.__class__ = type(f"Readable{cls.__name__}", (ReadableTextMixin, cls), {})
    return message
