"""Security events (logins, failures, lockouts) go to the `steering.security` log with the user,
the client IP and UTC time (see LOGGING in settings)."""

import logging

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

log = logging.getLogger("steering.security")


def _ip(request) -> str:
    if request is None:
        return "-"
    return request.META.get("REMOTE_ADDR", "-")


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    log.info("login: user=%s ip=%s", user.get_username(), _ip(request))


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    log.info("logout: user=%s ip=%s", user.get_username() if user else "-", _ip(request))


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    log.warning("login failed: user=%s ip=%s", credentials.get("username", "-"), _ip(request))


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    log.warning("lockout: user=%s ip=%s", username, ip_address)
