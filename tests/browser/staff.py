"""Staff accounts for browser tests, signed in as staff really sign in: email and password, then
one TOTP code from their authenticator."""

import time

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


def totp_code(authenticator):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
    from allauth.mfa.utils import decrypt

    if time.time() % 30 > 27:  # a code about to roll over: wait for the next step, as a person would
        time.sleep(30 - time.time() % 30 + 0.1)
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(decrypt(authenticator.data["secret"]), counters[len(counters) // 2]))


def staff_login(page, base, user, authenticator):
    """Open /admin/, sign in with the password and one code, and land on the admin."""
    page.goto(base + "/admin/")
    assert "/tai-khoan/login/" in page.url
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(#id_password) button[type=submit]").first.click()
    for attempt in range(2):
        if "authenticate" not in page.url:
            break
        if attempt:  # a code is accepted once: another sign-in may have used this step's code
            time.sleep(30 - time.time() % 30 + 0.5)
        page.fill("#id_code", totp_code(authenticator))
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
