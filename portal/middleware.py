from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme

# The Content-Security-Policy is Django's (ContentSecurityPolicyMiddleware and SECURE_CSP in
# portal/settings/base.py; the admin's URLs are exempted in portal/urls.py). Django has no setting
# for Permissions-Policy: PermissionsPolicyMiddleware sends it.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class TrustedProxyMiddleware:
    """The visitor's address behind nginx. gunicorn gives REMOTE_ADDR as the address of the peer,
    which behind a proxy is the proxy's; when that peer is one of TRUSTED_PROXIES, the address is
    taken from X-Real-IP, which the proxy sets (deploy/nginx/portal.conf overwrites whatever a
    client sends). The forum's and allauth's per-address rate limits read REMOTE_ADDR. Off when
    TRUSTED_PROXIES is empty: a header from anyone else is never trusted."""

    def __init__(self, get_response):
        from django.core.exceptions import MiddlewareNotUsed

        self.get_response = get_response
        self.trusted = set(settings.TRUSTED_PROXIES)
        if not self.trusted:
            raise MiddlewareNotUsed

    def __call__(self, request):
        import ipaddress
        from contextlib import suppress

        if request.META.get("REMOTE_ADDR", "") in self.trusted:
            forwarded = request.META.get("HTTP_X_REAL_IP", "").strip()
            with suppress(ValueError):  # no address, or not one: the proxy's own address stays
                request.META["REMOTE_ADDR"] = str(ipaddress.ip_address(forwarded))
        return self.get_response(request)


def request_language(request):
    """The interface language a request asks for: its language cookie's, else LANGUAGE_CODE."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return language if language in {code for code, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Vietnamese first: the interface language comes from the language cookie only.

    Unlike Django's LocaleMiddleware it ignores Accept-Language, so every visitor sees Vietnamese
    until they choose English with the switch in the header, and anonymous pages vary on one cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        vary = response.headers.get("Vary", "")
        # A response made in one language for everyone (kpi's cards for other sites) says so.
        if "cookie" not in vary.lower() and not getattr(response, "language_independent", False):
            response.headers["Vary"] = f"{vary}, Cookie" if vary else "Cookie"
        translation.deactivate()
        return response


class PermissionsPolicyMiddleware:
    """Permissions-Policy on every response: no camera, microphone, location, payment or USB."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class PageRouteCsrfExemptMiddleware:
    """Lets Django's CSRF protection honour `csrf_exempt` on a page's route (RoutablePageMixin):
    Django sees only Wagtail's page view, so a route such as the bulletin's one-click
    unsubscription, which mail programs POST without a token, could not otherwise be exempted.
    Placed just before django.middleware.csrf.CsrfViewMiddleware, it marks such a request as
    processed, as that middleware does itself once a request has passed. Wagtail caches the route
    it finds on the request, so the page view does not look it up again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, callback, callback_args, callback_kwargs):
        from wagtail.views import serve

        if callback is not serve or request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
            return None
        from wagtail.models import Page

        path = callback_kwargs.get("path", callback_args[0] if callback_args else "")
        route = Page.route_for_request(request, path)
        view = route[1][0] if route is not None and route[1] else None
        if getattr(view, "csrf_exempt", False):
            request.csrf_processing_done = True
        return None


class AnonymousCacheControlMiddleware:
    """Let shared caches (a CDN, Varnish, nginx) keep public pages for anonymous readers.

    Only a successful GET/HEAD from an anonymous visitor that sets no cookie and has no
    Cache-Control of its own is marked public; everything else, and the admin, is private.
    Published pages are purged from the shared cache by wagtail.contrib.frontend_cache; a refresh
    from nginx's purge server also gets X-Accel-Expires (portal.frontend_cache).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.max_age = settings.PORTAL_CACHE_MAX_AGE
        self.shared_max_age = settings.PORTAL_CACHE_SHARED_MAX_AGE

    def __call__(self, request):
        from portal.frontend_cache import REFRESH_HEADER, mark_refresh

        response = self.set_cache_control(request, self.get_response(request))
        if REFRESH_HEADER in request.headers:
            mark_refresh(response)
        return response

    def set_cache_control(self, request, response):
        if "Cache-Control" in response or request.path.startswith(("/admin/", "/django-admin/")):
            return response
        user = getattr(request, "user", None)
        cacheable = (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.cookies
            and not (user is not None and user.is_authenticated)
            and self.max_age > 0
        )
        if cacheable:
            patch_cache_control(response, public=True, max_age=self.max_age, s_maxage=self.shared_max_age)
        else:
            patch_cache_control(response, private=True, no_cache=True)
        return response


STAFF_PATHS = ("/admin/", "/django-admin/")
# Where a staff member was going when sent to set up TOTP (allauth's form drops ?next=).
SETUP_NEXT_SESSION_KEY = "portal_staff_totp_next"


def is_staff_account(user):
    """Anyone who can open an admin: editors, reviewers, moderators, responders, admins."""
    return user.is_authenticated and (user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin"))


def session_passed_second_factor(request):
    from allauth.account.authentication import get_authentication_records

    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


def admin_forbidden(request):
    """The 403 page a signed-in citizen gets for the admin (Wagtail would send them to the login
    page, which sends a signed-in visitor straight back: a redirect loop)."""
    from django.shortcuts import render

    response = render(request, "403.html", {"admin_forbidden": True}, status=403)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


# The admin's login URL forwards to allauth's login, which a signed-in citizen passes through.
ADMIN_PATHS_OPEN_TO_ALL = ("/admin/login/",)


class StaffSecondFactorMiddleware:
    """Staff sign in with a second factor (TOTP through allauth's MFA) before any admin page.

    A staff account without an authenticator is sent to set one up; a session that signed in
    without the second factor is asked for it (allauth's MFA re-authentication). A signed-in
    account that is not staff gets a 403 page for the admin. Citizens' pages are untouched.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path == _activate_totp_path():
            return self._after_totp_setup(request, self.get_response(request))
        in_admin = request.path.startswith(STAFF_PATHS) and not request.path.startswith(ADMIN_PATHS_OPEN_TO_ALL)
        if in_admin and request.user.is_authenticated and not is_staff_account(request.user):
            return admin_forbidden(request)
        if request.path.startswith(STAFF_PATHS) and is_staff_account(request.user):
            from allauth.mfa.models import Authenticator
            from django.contrib import messages
            from django.shortcuts import redirect
            from django.urls import reverse
            from django.utils.http import urlencode
            from django.utils.translation import gettext as _

            has_totp = Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists()
            if not has_totp:
                messages.warning(
                    request, _("Tài khoản quản trị phải bật xác thực hai lớp (TOTP) trước khi vào trang quản trị.")
                )
                request.session[SETUP_NEXT_SESSION_KEY] = request.get_full_path()
                return redirect(reverse("mfa_activate_totp") + "?" + urlencode({"next": request.get_full_path()}))
            if not session_passed_second_factor(request):
                return redirect(reverse("mfa_reauthenticate") + "?" + urlencode({"next": request.get_full_path()}))
        return self.get_response(request)

    def _after_totp_setup(self, request, response):
        """TOTP just set up with a valid code: that code is the session's second factor (no
        second code), and the staff member goes on to the admin page they asked for."""
        from allauth.mfa.models import Authenticator

        user = request.user
        if response.status_code != 302 or not user.is_authenticated:
            return response
        authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if authenticator is None:
            return response
        if not session_passed_second_factor(request):
            from allauth.account.internal.flows.login import record_authentication

            record_authentication(request, user, "mfa", type="totp", id=authenticator.pk)
        stored = request.session.pop(SETUP_NEXT_SESSION_KEY, None)
        next_url = request.GET.get("next") or request.POST.get("next") or stored
        if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
            from django.contrib import messages
            from django.utils.translation import gettext as _

            messages.success(
                request,
                _(
                    "Đã bật xác thực hai lớp. Mã khôi phục (dùng khi mất điện thoại) xem tại "
                    "Tài khoản → Xác thực hai lớp."
                ),
            )
            response["Location"] = next_url
        return response


def _activate_totp_path():
    from django.urls import reverse

    return reverse("mfa_activate_totp")
