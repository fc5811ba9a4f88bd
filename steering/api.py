"""The read API's door: who is asking, and JSON answers for the ways a request can fail.

A request carries `Authorization: Bearer <key>` (another system acting for one account) or the
browser's signed-in session; either way the views then apply the same permission checks and
querysets as the pages, so the API never shows more than the account's own pages do.
"""

import functools
import hashlib
import logging
import secrets

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from .models import ApiToken
from .security import client_ip, rate_limit_refusal

KEY_PREFIX = "bcd_"
# Writing "last used" on every call would turn each read into a write; once a minute is enough.
LAST_USED_EVERY_S = 60

log = logging.getLogger("steering.security")


def api_key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_key_new() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def _bearer_user(request):
    header = request.headers.get("Authorization", "")
    scheme, _sep, key = header.partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        return None, bool(header)
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=api_key_hash(key.strip()), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None, True
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > LAST_USED_EVERY_S:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user, False


def api_json(data: dict, status: int = 200) -> JsonResponse:
    """A JSON answer with Vietnamese left readable (UTF-8, not \\u escapes)."""
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _error(status: int, message: str) -> JsonResponse:
    return api_json({"error": message}, status=status)


def api_view(view):
    """GET only; a bearer key or a session; 401/403/404/405 as JSON in Vietnamese."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = _error(405, _("API chỉ cho phép đọc (GET)."))
            response["Allow"] = "GET, HEAD"
            return response
        user, refused = _bearer_user(request)
        if refused:
            log.warning("api key refused: ip=%s path=%s", client_ip(request), request.path)
        if user is None and not refused and request.user.is_authenticated:
            user = request.user
        if user is None:
            response = _error(
                401, _("Cần khóa API hợp lệ (Authorization: Bearer …) hoặc đăng nhập.")
            )
            response["WWW-Authenticate"] = 'Bearer realm="steering"'
            return response
        request.user = user
        if (refused := rate_limit_refusal(request, "api")) is not None:
            response = _error(429, _("Quá nhiều yêu cầu API; vui lòng thử lại sau."))
            response["Retry-After"] = refused["Retry-After"]
            return response
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return _error(403, _("Tài khoản không có quyền xem nội dung này."))
        except Http404:
            return _error(404, _("Không tìm thấy."))

    # Read-only: every method but GET/HEAD gets the JSON 405 above, so the CSRF check (whose
    # HTML 403 would answer a POST first) protects nothing here.
    return csrf_exempt(wrapper)
