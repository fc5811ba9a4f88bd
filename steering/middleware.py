import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string
from django.urls import Resolver404
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from steering import security


class LanguageMiddleware:
    """Vietnamese first: the language is the one the user picked (cookie), else LANGUAGE_CODE.

    Django's LocaleMiddleware would follow the browser's Accept-Language, which on most office
    machines says English; the portal must open in Vietnamese unless someone switches.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class SessionIdleTimeoutMiddleware:
    """Sign the user out after settings.SESSION_IDLE_TIMEOUT seconds without a request.

    The time of the last request is kept in the session and written at most once a minute, so
    an active user costs no extra database write on most requests. An expired session is
    flushed and the request continues anonymously: pages then send the user to the login form
    with a message saying why.
    """

    TOUCH_EVERY = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = settings.SESSION_IDLE_TIMEOUT
        user = getattr(request, "user", None)
        if timeout and user is not None and user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(security.LAST_SEEN)
            if last_seen is not None and now - last_seen > timeout:
                username = user.get_username()
                logout(request)
                security.log_session_expired(request, username, now - last_seen)
                messages.info(
                    request,
                    _(
                        "Phiên làm việc đã hết hạn vì quá %(minutes)s phút không thao tác; "
                        "vui lòng đăng nhập lại."
                    )
                    % {"minutes": timeout // 60},
                )
            elif last_seen is None or now - last_seen >= self.TOUCH_EVERY:
                request.session[security.LAST_SEEN] = now
        return self.get_response(request)


class SecurityEventMiddleware:
    """Log every request a permission check refused (403) or hid (404) as a security event."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            security.log_denied(request, 403)
        elif isinstance(exception, Http404) and not isinstance(exception, Resolver404):
            security.log_denied(request, 404)
        return None


class NulByteMiddleware:
    """A NUL byte in the path, the query or a form field is refused with a clean 400 (JSON under
    /api/): PostgreSQL rejects it in any text it is given, which would otherwise be a 500."""

    FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            message = _("Dữ liệu gửi lên chứa ký tự không hợp lệ (NUL); chưa có gì được lưu.")
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"error": message}, status=400, json_dumps_params={"ensure_ascii": False}
                )
            return HttpResponseBadRequest(
                render_to_string("400.html", {"message": message}),
                content_type="text/html; charset=utf-8",
            )
        return self.get_response(request)

    def _has_nul(self, request) -> bool:
        if "\x00" in request.path_info:
            return True
        if any("\x00" in v for k, vs in request.GET.lists() for v in [k, *vs]):
            return True
        if request.method == "POST" and request.content_type in self.FORM_TYPES:
            if any("\x00" in v for k, vs in request.POST.lists() for v in [k, *vs]):
                return True
            return any("\x00" in (f.name or "") for f in request.FILES.values())
        return False
