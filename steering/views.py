import importlib.util

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import selectors, waiting
from .forms import OrgUnitFilterForm
from .models import AccessRole, MemberRole
from .permissions import (
    committee_get_for_user,
    orgunit_get_for_user,
    require_perm,
    user_successions,
)


def _app_home_sections(request) -> list[dict]:
    """Sections contributed by apps that depend on steering (`<app>/home.py: sections()`)."""
    sections = []
    for name in ("projects", "kpis", "meetings"):
        if importlib.util.find_spec(f"{name}.home"):
            sections.extend(importlib.import_module(f"{name}.home").sections(request))
    return sections


@login_required
def home(request):
    return render(
        request,
        "steering/home.html",
        {
            "home": selectors.home_for_user(user=request.user),
            "waiting": waiting.waiting_items(user=request.user, as_of=timezone.localdate()),
            "sections": _app_home_sections(request),
        },
    )


@login_required
def waiting_list(request, key: str):
    """The rows behind one "what waits for me" figure of the home page (404 for a list that
    is not the user's)."""
    source = waiting.waiting_source_get(user=request.user, key=key)
    rows = waiting.waiting_rows(source=source, user=request.user, as_of=timezone.localdate())
    return render(request, "steering/waiting_list.html", {"source": source, "rows": rows})


@login_required
def committee_list(request):
    committees = selectors.committee_list_for_user(user=request.user)
    return render(request, "steering/committee_list.html", {"committees": committees})


@login_required
def committee_detail(request, pk: int):
    committee = committee_get_for_user(user=request.user, pk=pk)
    context = {
        "committee": committee,
        "roster": selectors.committee_roster(committee=committee),
        "successors": selectors.committee_lineage(committee=committee),
        "can_manage": request.user.has_perm("steering.manage_committee", committee),
    }
    return render(request, "steering/committee_detail.html", context)


@login_required
def orgunit_list(request):
    require_perm(request.user, "steering.view_orgunits")
    form = OrgUnitFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.orgunit_tree(
        on=filters.get("on"), kind=filters.get("kind", ""), query=filters.get("q", "")
    )
    return render(
        request,
        "steering/orgunit_list.html",
        {"form": form, "rows": rows, "today": timezone.localdate()},
    )


@login_required
def orgunit_detail(request, pk: int):
    unit = orgunit_get_for_user(user=request.user, pk=pk)
    detail = selectors.orgunit_detail(unit=unit)
    # The old units whose history (the 2025 reform) the reader opens from here: those their
    # unit succeeded; an administrator, any.
    history_ids = set(user_successions(request.user))
    if request.user.is_superuser:
        history_ids |= {s.predecessor_id for s in detail.predecessors}
    return render(
        request,
        "steering/orgunit_detail.html",
        {
            "detail": detail,
            "unit": unit,
            "today": timezone.localdate(),
            "history_ids": history_ids,
        },
    )


@login_required
def styleguide(request):
    return render(
        request,
        "steering/styleguide.html",
        {"form": OrgUnitFilterForm(), "access_roles": AccessRole, "member_roles": MemberRole},
    )


@require_GET
@never_cache
def healthz(request):
    """Liveness for the containers: the database answers, and the broker if one is configured."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"] = f"error: {type(exc).__name__}"
    if settings.REDIS_URL:
        import redis

        try:
            client = redis.Redis.from_url(
                settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2
            )
            client.ping()
            checks["broker"] = "ok"
        except Exception as exc:
            checks["broker"] = f"error: {type(exc).__name__}"
    else:
        checks["broker"] = "embedded"
    healthy = all(not value.startswith("error") for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "fail", **checks}, status=200 if healthy else 503
    )


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in (AXES_LOCKOUT_CALLABLE): a Vietnamese page,
    or JSON for a script, instead of the library's English sentence."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    if not request.accepts("text/html"):
        return JsonResponse(
            {"error": _("Tạm khóa đăng nhập; thử lại sau %(m)s phút.") % {"m": minutes}},
            status=429,
            json_dumps_params={"ensure_ascii": False},
        )
    return render(request, "registration/locked_out.html", context, status=429)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the refused form explained in Vietnamese (JSON under /api/)."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"error": _("Yêu cầu bị từ chối (thiếu hoặc sai mã CSRF).")},
            status=403,
            json_dumps_params={"ensure_ascii": False},
        )
    return render(request, "403_csrf.html", status=403)
