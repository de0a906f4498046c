"""Login hardening for the staff admin: two-factor sign-in rules, the client address, the lockout page.

- ``AdminTwoFactorMiddleware``: administrators (superusers) must have signed in with a one-time code
  from their authenticator app to use the admin; editors may add an app and then must use it too.
- ``client_ip_address``: the address django-axes counts failed logins for.
- ``lockout_response``: the Chinese page shown when django-axes has locked a user name on an address.

Logging in itself is two_factor's ``LoginView`` (settings.LOGIN_URL): the admin's own login page
redirects there, and its password step goes through ``authenticate(request, …)``, so django-axes sees
every failure.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from two_factor.utils import default_device

# Admin pages an unverified administrator may still open: without logout they could not leave.
OPEN_ADMIN_VIEWS = frozenset({"login", "logout"})


class AdminTwoFactorMiddleware:
    """Keeps staff who have not passed the second factor out of the admin when they must pass it.

    Goes after ``django_otp.middleware.OTPMiddleware`` (which adds ``user.is_verified()``).
    For a signed-in staff member on an admin page whose session is not OTP-verified:

    - with a confirmed device (administrator or editor): back to the login page to enter the code;
    - an administrator without a device: to the two-factor setup (QR code, then backup codes);
    - an editor without a device: let through (two-factor is optional for editors).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or "admin" not in match.app_names or match.url_name in OPEN_ADMIN_VIEWS:
            return None
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff) or user.is_verified():
            return None
        if default_device(user):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if user.is_superuser:
            # No "next": after the setup they land on its last page, which asks for backup codes.
            return HttpResponseRedirect(reverse("two_factor:setup"))
        return None


def client_ip_address(request: HttpRequest) -> str | None:
    """The client's address: ``REMOTE_ADDR``, or behind ``TRUSTED_PROXY_COUNT`` proxies, from X-Forwarded-For.

    Each proxy appends the address it received the request from, so with N trusted proxies the
    client is the N-th address from the right; anything further left was sent by the client itself
    and could be forged. With no trusted proxy (the default) the header is ignored.
    """
    count = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR")
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if not forwarded:
        return remote
    return forwarded[-count] if len(forwarded) >= count else forwarded[0]


def lockout_response(request: HttpRequest, original_response=None, credentials: dict | None = None) -> HttpResponse:
    """django-axes' ``AXES_LOCKOUT_CALLABLE``: the lockout page, in Chinese, with the numbers from settings."""
    from axes.helpers import get_client_username, get_cool_off, get_failure_limit

    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff": _duration(cool_off.total_seconds()) if cool_off else "",
        "username": get_client_username(request, credentials) or "",
        "login_url": reverse("two_factor:login"),
    }
    status = getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429)
    return render(request, "two_factor/core/locked_out.html", context, status=status)


def _duration(seconds: float) -> str:
    """3600 → "1 小时", 5400 → "90 分钟"."""
    minutes = round(seconds / 60)
    return f"{minutes // 60} 小时" if minutes % 60 == 0 else f"{minutes} 分钟"
