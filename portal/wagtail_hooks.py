from wagtail import hooks

from portal.search.sources import PageSource


@hooks.register("register_search_sources")
def page_search_sources():
    return [PageSource()]


@hooks.register("after_create_user")
def verify_email_of_admin_created_account(request, user):
    """An account an administrator creates in the admin is for a known colleague: its address
    counts as verified, so the first sign-in asks only for the password and the TOTP setup."""
    from allauth.account.models import EmailAddress

    if user.email:
        EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
