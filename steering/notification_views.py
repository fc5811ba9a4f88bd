"""In-app notifications and the private calendar addresses ("Lịch của tôi")."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import feeds, notifications
from .downloads import content_disposition
from .permissions import user_org_unit


@login_required
@require_GET
def notification_list(request):
    items = notifications.notifications_for_user(user=request.user)
    return render(
        request,
        "steering/notification_list.html",
        {"notifications": items, "unread": sum(1 for n in items if n.read_at is None)},
    )


@login_required
@require_GET
@never_cache
def notification_badge(request):
    """The unread count in the top bar (fetched by htmx after the page loads)."""
    count = notifications.notification_unread_count(user=request.user)
    return render(request, "steering/notification_badge.html", {"unread_count": count})


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_required
@require_POST
def notification_read(request, pk: int):
    notification = notifications.notification_mark_read(user=request.user, pk=pk)
    fallback = notification.url if notification.url.startswith("/") else "notification_list"
    return redirect(_safe_next(request, fallback))


@login_required
@require_POST
def notification_read_all(request):
    count = notifications.notifications_mark_all_read(user=request.user)
    messages.success(request, _("Đã đánh dấu %(n)s thông báo là đã đọc.") % {"n": count})
    return redirect("notification_list")


@login_required
@require_GET
def feed_settings(request):
    unit = user_org_unit(request.user)
    tokens = feeds.feed_tokens_for_user(user=request.user)
    rows = [
        {"token": t, "url": request.build_absolute_uri(reverse("calendar_feed", args=[t.token]))}
        for t in tokens
    ]
    return render(
        request,
        "steering/feeds.html",
        {
            "unit": unit,
            "personal": [r for r in rows if r["token"].org_unit_id is None],
            "unit_rows": [r for r in rows if r["token"].org_unit_id is not None],
        },
    )


@login_required
@require_POST
def feed_token_create(request):
    scope = request.POST.get("scope", "user")
    unit = None
    if scope == "unit":
        unit = user_org_unit(request.user)
        if unit is None:
            messages.error(request, _("Tài khoản chưa gắn với đơn vị nào, không tạo được lịch."))
            return redirect("feed_settings")
    feeds.feed_token_create(user=request.user, org_unit=unit)
    messages.success(
        request,
        _("Đã tạo đường dẫn lịch mới; đường dẫn cũ (nếu có) không còn dùng được."),
    )
    return redirect("feed_settings")


@login_required
@require_POST
def feed_token_revoke(request, pk: int):
    feeds.feed_token_revoke(user=request.user, pk=pk)
    messages.success(request, _("Đã thu hồi đường dẫn lịch."))
    return redirect("feed_settings")


@require_GET
@never_cache
def calendar_feed(request, token: str):
    """The private iCalendar feed (no sign-in: the token in the address is the key)."""
    feed = feeds.feed_token_resolve(token=token)
    response = HttpResponse(
        feeds.feed_calendar(feed=feed), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition("Lịch họp.ics", as_attachment=False)
    response["X-Robots-Tag"] = "noindex"
    return response
