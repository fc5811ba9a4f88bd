"""Pages of the scored criteria sets: list, months of a set, a month's results, a unit's sheet."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from steering.models import AccessRole
from steering.permissions import (
    holds_committee_role,
    require_perm,
    user_committee_roles,
    user_org_unit,
)

from . import criteria_selectors as selectors
from . import criteria_services as services
from . import lights_views
from .forms import ScoreSheetForm
from .models import ScoreSheet, SheetState
from .permissions import (
    READER_ROLES,
    criteria_results_visible,
    criteria_set_get_for_user,
    has_kpi_access,
    score_sheet_visible,
)


def _month_or_404(year: int, month: int) -> None:
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404


@login_required
def criteria_list(request):
    if not has_kpi_access(request.user):
        raise PermissionDenied
    sets = list(selectors.criteria_sets_for_user(user=request.user))
    can_import = request.user.is_superuser or any(
        AccessRole.SECRETARIAT in roles for roles in user_committee_roles(request.user).values()
    )
    return render(request, "kpis/criteria_list.html", {"sets": sets, "can_import": can_import})


@login_required
def criteria_set_detail(request, pk: int):
    criteria_set = criteria_set_get_for_user(user=request.user, pk=pk)
    months = selectors.set_months(criteria_set=criteria_set)
    can_manage = request.user.has_perm("kpis.manage_criteria", criteria_set)
    for month in months:
        month["visible"] = can_manage or month["published"] > 0
    unit = user_org_unit(request.user)
    self_unit = (
        unit
        if criteria_set.self_scoring
        and unit is not None
        and criteria_set.applies_to(unit)
        and holds_committee_role(request.user, criteria_set.committee_id, AccessRole.UNIT_OFFICER)
        else None
    )
    return render(
        request,
        "kpis/criteria_set.html",
        {
            "criteria_set": criteria_set,
            "criteria": selectors.criteria_of(criteria_set=criteria_set),
            "months": months,
            "can_manage": can_manage,
            "self_unit": self_unit,
        },
    )


@login_required
def criteria_results(request, pk: int, year: int, month: int):
    _month_or_404(year, month)
    criteria_set = criteria_set_get_for_user(user=request.user, pk=pk)
    if criteria_set.uses_lights:
        published = selectors.month_is_published(criteria_set=criteria_set, year=year, month=month)
        if not criteria_results_visible(
            user=request.user, criteria_set=criteria_set, published=published
        ):
            raise PermissionDenied(_("Kết quả đánh giá tháng này chưa được công khai."))
        return lights_views.lights_grid_page(
            request, criteria_set=criteria_set, year=year, month=month
        )
    results = selectors.month_results(criteria_set=criteria_set, year=year, month=month)
    if not criteria_results_visible(
        user=request.user, criteria_set=criteria_set, published=results.published
    ):
        raise PermissionDenied(_("Kết quả chấm điểm tháng này chưa được công khai."))
    unit = user_org_unit(request.user)
    return render(
        request,
        "kpis/criteria_results.html",
        {
            "criteria_set": criteria_set,
            "year": year,
            "month": month,
            "results": results,
            "can_manage": request.user.has_perm("kpis.manage_criteria", criteria_set),
            "my_unit": unit,
        },
    )


@login_required
@require_POST
def criteria_publish(request, pk: int, year: int, month: int):
    _month_or_404(year, month)
    criteria_set = criteria_set_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "kpis.manage_criteria", criteria_set)
    try:
        count = services.criteria_month_publish(
            user=request.user,
            criteria_set=criteria_set,
            year=year,
            month=month,
            units=selectors.scored_units(
                criteria_set=criteria_set, on=datetime.date(year, month, 1)
            ),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Đã công khai kết quả chấm điểm tháng %(m)s/%(y)s của %(n)s đơn vị.")
            % {"m": f"{month:02d}", "y": year, "n": count},
        )
    return redirect("kpi_criteria_results", pk=criteria_set.pk, year=year, month=month)


def _sheet_mode(user, sheet) -> str | None:
    """ "review" for the standing agency, "self" for the unit itself, None to read only."""
    if user.has_perm("kpis.review_score", sheet):
        return services.ScoreMode.REVIEW
    if user.has_perm("kpis.self_score", sheet):
        return services.ScoreMode.SELF
    return None


@login_required
def criteria_score(request, pk: int, year: int, month: int, unit_id: int):
    _month_or_404(year, month)
    criteria_set = criteria_set_get_for_user(user=request.user, pk=pk)
    unit = next(
        (
            u
            for u in selectors.scored_units(
                criteria_set=criteria_set, on=datetime.date(year, month, 1)
            )
            if u.pk == unit_id
        ),
        None,
    )
    if unit is None:
        raise Http404
    sheet = (
        ScoreSheet.objects.filter(criteria_set=criteria_set, unit=unit, year=year, month=month)
        .select_related("self_scored_by", "reviewed_by", "published_by")
        .prefetch_related("scores")
        .first()
    ) or ScoreSheet(criteria_set=criteria_set, unit=unit, year=year, month=month)
    sheet.criteria_set = criteria_set
    if not score_sheet_visible(user=request.user, sheet=sheet):
        if not holds_committee_role(request.user, criteria_set.committee_id, *READER_ROLES):
            raise Http404  # another unit's unpublished scores: not even their existence
        raise PermissionDenied(_("Phiếu chấm điểm chưa được công khai."))
    if criteria_set.uses_lights:
        return lights_views.criteria_mark(
            request, criteria_set=criteria_set, unit=unit, year=year, month=month
        )
    mode = _sheet_mode(request.user, sheet)
    editable = mode is not None and sheet.state != SheetState.PUBLISHED
    if mode == services.ScoreMode.SELF and sheet.state == SheetState.REVIEWED:
        editable = False
    criteria = selectors.criteria_of(criteria_set=criteria_set)
    scores = {s.criterion_id: s for s in sheet.scores.all()} if sheet.pk else {}
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        form = ScoreSheetForm(request.POST, criteria=criteria)
        if form.is_valid():
            finish = request.POST.get("action") == "finish"
            try:
                saved = services.score_sheet_get_or_create(
                    criteria_set=criteria_set, unit=unit, year=year, month=month
                )
                services.score_sheet_save(
                    user=request.user,
                    sheet=saved,
                    criteria=criteria,
                    points=form.points(),
                    notes=form.notes(),
                    comment=form.cleaned_data.get("comment", ""),
                    mode=mode,
                    finish=finish,
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                done = (
                    _("Đã hoàn thành chấm điểm %(unit)s.") if finish else _("Đã lưu điểm %(unit)s.")
                )
                messages.success(request, done % {"unit": unit.name})
                return redirect(
                    "kpi_criteria_score", pk=pk, year=year, month=month, unit_id=unit.pk
                )
        else:
            messages.error(request, _("Điểm chưa hợp lệ: xem các ô được đánh dấu bên dưới."))
    else:
        initial = {"comment": sheet.comment}
        for criterion in criteria:
            score = scores.get(criterion.pk)
            if score is None:
                continue
            own_points = score.self_points if mode == services.ScoreMode.SELF else score.points
            if own_points is None and mode == services.ScoreMode.REVIEW:
                own_points = score.self_points  # the unit's own scores as a starting point
            initial[f"c{criterion.pk}"] = own_points
            initial[f"n{criterion.pk}"] = score.note
        form = ScoreSheetForm(initial=initial, criteria=criteria)
    rows = [
        {"criterion": c, "field": field, "note": note, "score": scores.get(c.pk)}
        for c, field, note in form.rows()
    ]
    return render(
        request,
        "kpis/criteria_score.html",
        {
            "criteria_set": criteria_set,
            "unit": unit,
            "year": year,
            "month": month,
            "sheet": sheet,
            "form": form,
            "rows": rows,
            "mode": mode,
            "editable": editable,
            "self_total": sum(
                (s.self_points for s in scores.values() if s.self_points is not None), start=0
            ),
            "total": sum((s.points for s in scores.values() if s.points is not None), start=0),
            "max_total": sum((c.max_points for c in criteria), start=0),
            "changes": selectors.state_changes(sheet.history.all()) if sheet.pk else [],
        },
    )
