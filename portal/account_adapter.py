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
