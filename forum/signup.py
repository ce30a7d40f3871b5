"""allauth's sign-up form with its honeypot made accessible and CSP-safe: a labelled field
("leave this empty"), hidden by the stylesheet instead of an inline style the CSP would block."""

from allauth.account import app_settings
from allauth.account.forms import SignupForm
from django.utils.translation import gettext_lazy as _


class PortalSignupForm(SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name = app_settings.SIGNUP_FORM_HONEYPOT_FIELD
        if name and name in self.fields:
            field = self.fields[name]
            field.label = _("Để trống ô này")
            field.widget.attrs = {"class": "hp-input", "tabindex": "-1", "autocomplete": "off"}
