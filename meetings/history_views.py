"""History through the 2025 reform: the old units a ward succeeded, and each one's directives,
plan tasks and KPI figures as issued (read-only)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from steering.permissions import user_org_unit, user_successions

from . import history_selectors
from .permissions import unit_history_get_for_user, unit_history_successions

PAGE_SIZE = 50


@require_GET
@login_required
def unit_history_list(request):
    successions = unit_history_successions(user=request.user)
    return render(
        request,
        "meetings/history_list.html",
        {
            "unit": user_org_unit(request.user),
            "summaries": history_selectors.predecessor_summaries(successions=successions),
        },
    )


@require_GET
@login_required
def unit_history_detail(request, unit_id: int):
    unit = unit_history_get_for_user(user=request.user, pk=unit_id)
    directives = history_selectors.unit_history_directives(unit=unit, user=request.user)
    return render(
        request,
        "meetings/history_detail.html",
        {
            "old_unit": unit,
            "viewer_unit": user_org_unit(request.user),
            "is_successor": unit.pk in user_successions(request.user),
            "successions": history_selectors.unit_successions_out(unit=unit),
            "page": Paginator(directives, PAGE_SIZE).get_page(request.GET.get("page")),
            "plan_tasks": history_selectors.unit_history_plan_tasks(unit=unit, user=request.user),
            "figures": history_selectors.unit_history_figures(unit=unit),
        },
    )
