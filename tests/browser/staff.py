"""Staff accounts for browser tests, signed in as staff really sign in: email and password, then
one TOTP code from their authenticator."""

PASSWORD = "mat-khau-thu-nghiem"  # tests.factories.UserFactory's


def make_staff(username, group=None, unit=None, **fields):
    """A verified staff account in `group` (a role's name), responding for `unit` when given, with
    a TOTP authenticator. Returns (user, authenticator)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import Group

    from tests.conftest import give_totp
    from tests.factories import UserFactory

    user = UserFactory(username=username, email=f"{username}@example.vn", **fields)
    if group is not None:
        user.groups.add(Group.objects.get(name=group))
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    if unit is not None:
        from forum.models import Responder

        Responder.objects.create(user=user, unit=unit)
    return user, give_totp(user)


def totp_code(authenticator, step=0):
    """The authenticator's code for the current 30-second step, or (step=1, -1) for a neighbouring
    one: the site accepts a step either side (MFA_TOTP_TOLERANCE), and a code only once."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
    from allauth.mfa.utils import decrypt

    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(decrypt(authenticator.data["secret"]), counters[len(counters) // 2 + step]))


def staff_login(page, base, user, authenticator):
    """Open /admin/, sign in with the password and one code, and land on the admin."""
    page.goto(base + "/admin/")
    assert "/tai-khoan/login/" in page.url
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(#id_password) button[type=submit]").first.click()
    # A code is accepted once: if another sign-in of this account used this step's code, the next
    # step's is accepted too (MFA_TOTP_TOLERANCE), with no wait.
    for step in (0, 1, -1):
        if "authenticate" not in page.url:
            break
        page.fill("#id_code", totp_code(authenticator, step))
        with page.expect_navigation():
            page.locator("form:has(#id_code) button[type=submit]").first.click()
    assert page.url.rstrip("/").endswith("/admin"), (page.url, page.locator("main").inner_text()[:1500])


def close_date_pickers(page):
    """Close the date pickers that typing into a date field leaves open: one can lie over the next
    button (and reopen when hidden), so take them out of the page once the value is typed."""
    page.evaluate(
        "document.activeElement && document.activeElement.blur();"
        "document.querySelectorAll('.xdsoft_datetimepicker').forEach((el) => el.remove())"
    )
