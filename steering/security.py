"""Security events and request rate limits.

Events (logins, failures, lockouts, logouts, idle-session expiry, denied access, rate limiting)
go to the `steering.security` log with the user, the client IP and UTC time (the `utc` formatter
in LOGGING). Rate limits are a fixed window per user (per IP before sign-in) kept in the default
cache; the budgets are in settings.RATE_LIMITS.

django-ratelimit was considered: its last release (4.1.0) declares no Django 5 support and its
system check rejects the local-memory cache of the embedded mode, so this module keeps the few
lines the portal needs.
"""

import functools
import logging
import math
import time

from axes.helpers import get_client_ip_address
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.shortcuts import render
from django.utils.translation import gettext as _

log = logging.getLogger("steering.security")

# Session key holding the time (epoch seconds) of the user's last request; see
# steering.middleware.SessionIdleTimeoutMiddleware.
LAST_SEEN = "_last_seen"


def client_ip(request) -> str:
    """The client's IP as django-axes sees it (the same rules for lockouts and for the log)."""
    if request is None:
        return "-"
    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR") or "-"


def _who(request) -> str:
    user = getattr(request, "user", None)
    return user.get_username() if user is not None and user.is_authenticated else "-"


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    log.info("login: user=%s ip=%s", user.get_username(), client_ip(request))
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN] = int(time.time())


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    log.info("logout: user=%s ip=%s", user.get_username() if user else "-", client_ip(request))


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    log.warning("login failed: user=%s ip=%s", credentials.get("username", "-"), client_ip(request))


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    log.warning("lockout: user=%s ip=%s", username, ip_address)


def log_session_expired(request, username: str, idle_seconds: int) -> None:
    log.info("session expired: user=%s ip=%s idle=%ss", username, client_ip(request), idle_seconds)


def log_denied(request, status: int, reason: str = "") -> None:
    """A permission check refused the request (403) or hid the object (404)."""
    log.warning(
        "access denied: status=%s user=%s ip=%s method=%s path=%s%s",
        status,
        _who(request),
        client_ip(request),
        request.method,
        request.path,
        f" reason={reason}" if reason else "",
    )


def _budget(scope: str) -> tuple[int, int]:
    count, seconds = settings.RATE_LIMITS[scope].split("/")
    return int(count), int(seconds)


def rate_limit_refusal(request, scope: str):
    """Count this request against settings.RATE_LIMITS[scope] ("N/seconds", per user, per IP
    before sign-in); return the 429 page that says when to try again once the budget is spent,
    else None. A budget of 0 requests turns the limit off."""
    allowed, window = _budget(scope)
    if allowed <= 0:
        return None
    user = getattr(request, "user", None)
    who = f"u{user.pk}" if user is not None and user.is_authenticated else client_ip(request)
    now = time.time()
    slot = int(now // window)
    key = f"ratelimit:{scope}:{who}:{slot}"
    cache.add(key, 0, timeout=window + 1)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        used = 1
    if used is None:  # the cache is down (django-redis answers None): fail open, it is logged
        return None
    if used <= allowed:
        return None
    retry_after = max(1, math.ceil((slot + 1) * window - now))
    log.warning(
        "rate limited: scope=%s user=%s ip=%s path=%s",
        scope,
        _who(request),
        client_ip(request),
        request.path,
    )
    response = render(
        request,
        "429.html",
        {
            "minutes": math.ceil(retry_after / 60),
            "message": _("Bạn đã thực hiện thao tác này quá %(n)s lần trong %(minutes)s phút.")
            % {"n": allowed, "minutes": math.ceil(window / 60)},
        },
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def rate_limit(scope: str, *, methods: tuple[str, ...] = ("POST",)):
    """Decorator: `rate_limit_refusal` for the `methods` requests to a view."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                refused = rate_limit_refusal(request, scope)
                if refused is not None:
                    return refused
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
