"""Pages of the traffic-light criteria sets: a unit's marks for a month (with evidence), the
standing agency's review, the city's units × criteria grid with counts per colour, the marks
behind a count, evidence downloads and the Excel import of a set."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from steering.downloads import content_disposition, protected_file_response
from steering.models import AccessRole, SteeringCommittee
from steering.permissions import require_perm, user_committee_roles
from steering.uploads import validate_upload

from . import criteria_selectors
from . import lights_selectors as selectors
from . import lights_services as services
from .criteria_import import criteria_import_template, criteria_set_import
from .lights_forms import CriteriaImportForm, CriteriaMarkForm, CriteriaReviewForm
from .models import CriteriaSet, CriterionEvidence, Light, RuleKind, ScoreSheet
from .permissions import (
    criteria_results_visible,
    criteria_set_get_for_user,
    score_sheet_visible,
)
from .services import IMPORT_MAX_BYTES, XLSX_TYPES

LIGHT_FILTERS = {
    Light.GREEN: Light.GREEN.label,
    Light.YELLOW: Light.YELLOW.label,
    Light.RED: Light.RED.label,
    selectors.PENDING: gettext_lazy("Chờ thẩm định"),
}


def criteria_mark(request, *, criteria_set: CriteriaSet, unit, year: int, month: int):
    """A unit's marks for the month: the unit edits while drafting or returned; the standing
    agency reads and reviews. Called by `criteria_views.criteria_score` for a lights set."""
    sheet, marks = selectors.unit_marks(
        criteria_set=criteria_set, unit=unit, year=year, month=month
    )
    probe = sheet or ScoreSheet(criteria_set=criteria_set, unit=unit, year=year, month=month)
    probe.criteria_set = criteria_set
    may_mark = request.user.has_perm("kpis.self_score", probe)
    editable = may_mark and probe.state in services.UNIT_EDITABLE
    may_review = request.user.has_perm("kpis.review_score", probe)
    criteria = selectors.criteria_with_groups(criteria_set=criteria_set)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        form = CriteriaMarkForm(request.POST, request.FILES, criteria=criteria)
        if form.is_valid():
            submit = request.POST.get("action") == "submit"
            try:
                services.criteria_marks_save(
                    user=request.user,
                    criteria_set=criteria_set,
                    unit=unit,
                    year=year,
                    month=month,
                    criteria=criteria,
                    values=form.values(),
                    notes=form.notes(),
                    files=form.files_by_criterion(),
                    submit=submit,
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                done = (
                    _("Đã gửi kết quả đánh giá của %(unit)s để cơ quan thường trực thẩm định.")
                    if submit
                    else _("Đã lưu kết quả đánh giá của %(unit)s.")
                )
                messages.success(request, done % {"unit": unit.name})
                return redirect(
                    "kpi_criteria_score",
                    pk=criteria_set.pk,
                    year=year,
                    month=month,
                    unit_id=unit.pk,
                )
        else:
            messages.error(request, _("Giá trị chưa hợp lệ: xem các ô được đánh dấu bên dưới."))
    else:
        initial = {}
        for criterion in criteria:
            mark = marks.get(criterion.pk)
            if mark is None:
                continue
            if mark.value is not None:
                initial[f"v{criterion.pk}"] = (
                    str(int(mark.value)) if criterion.rule == RuleKind.YES_NO else mark.value
                )
            initial[f"n{criterion.pk}"] = mark.note
        form = CriteriaMarkForm(initial=initial, criteria=criteria)
    rows = [
        {
            "criterion": c,
            "value": value,
            "note": note,
            "file": upload,
            "mark": marks.get(c.pk),
            "new_group": i == 0 or criteria[i - 1].group_id != c.group_id,
        }
        for i, (c, value, note, upload) in enumerate(form.rows())
    ]
    counts = selectors.unit_light_counts(criteria=criteria, sheet=sheet, marks=marks)
    return render(
        request,
        "kpis/criteria_mark.html",
        {
            "criteria_set": criteria_set,
            "unit": unit,
            "year": year,
            "month": month,
            "sheet": probe,
            "form": form,
            "rows": rows,
            "editable": editable,
            "may_review": may_review and probe.state == "self_scored",
            "review_form": CriteriaReviewForm(),
            "counts": counts,
            "changes": criteria_selectors.state_changes(sheet.history.all()) if sheet else [],
        },
    )


@login_required
@require_POST
def criteria_review(request, pk: int, year: int, month: int, unit_id: int):
    criteria_set = criteria_set_get_for_user(user=request.user, pk=pk)
    sheet = get_object_or_404(
        ScoreSheet.objects.select_related("unit"),
        criteria_set=criteria_set,
        year=year,
        month=month,
        unit_id=unit_id,
    )
    sheet.criteria_set = criteria_set
    require_perm(request.user, "kpis.review_score", sheet)
    form = CriteriaReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Chọn chấp nhận hoặc trả lại."))
    else:
        accept = form.cleaned_data["decision"] == "accept"
        try:
            services.criteria_sheet_review(
                user=request.user, sheet=sheet, accept=accept, comment=form.cleaned_data["comment"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                (
                    _("Đã chấp nhận kết quả đánh giá của %(unit)s.")
                    if accept
                    else _("Đã trả lại %(unit)s để bổ sung.")
                )
                % {"unit": sheet.unit.name},
            )
    return redirect("kpi_criteria_score", pk=pk, year=year, month=month, unit_id=unit_id)


CELL_LETTERS = {Light.GREEN: "X", Light.YELLOW: "V", Light.RED: "Đ", selectors.PENDING: "…", "": ""}


def _cells_html(row) -> str:
    """A row's 92 cells as one string: rendered in Python, a template loop over 25 × 92 cells
    took a second at city size."""
    return format_html_join(
        "",
        '<td class="kpi-light-{}" title="{}">{}</td>',
        (
            (cell["light"] or "none", cell["criterion"].code, CELL_LETTERS[cell["light"]])
            for cell in row.cells
        ),
    )


def lights_grid_page(request, *, criteria_set: CriteriaSet, year: int, month: int):
    """Called by `criteria_views.criteria_results` for a lights set, after its visibility check."""
    grid = selectors.lights_grid(
        criteria_set=criteria_set, year=year, month=month, page_number=request.GET.get("page")
    )
    for row in grid.rows:
        row.cells_html = _cells_html(row)
    published = criteria_selectors.month_is_published(
        criteria_set=criteria_set, year=year, month=month
    )
    cells_url = reverse(
        "kpi_criteria_cells", kwargs={"pk": criteria_set.pk, "year": year, "month": month}
    )
    totals = [
        {"key": key, "label": label, "count": grid.totals[key], "url": f"{cells_url}?light={key}"}
        for key, label in LIGHT_FILTERS.items()
    ]
    return render(
        request,
        "kpis/criteria_lights.html",
        {
            "criteria_set": criteria_set,
            "year": year,
            "month": month,
            "grid": grid,
            "criteria_headers": format_html_join(
                "",
                '<th scope="col"><abbr title="{}">{}</abbr></th>',
                ((c.name, c.code) for c in grid.criteria),
            ),
            "totals": totals,
            "unmarked": grid.totals[selectors.UNMARKED],
            "cells_url": cells_url,
            "published": published,
            "can_manage": request.user.has_perm("kpis.manage_criteria", criteria_set),
        },
    )


def _int_or_none(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


@login_required
def criteria_cells(request, pk: int, year: int, month: int):
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404
    criteria_set = criteria_set_get_for_user(user=request.user, pk=pk)
    if not criteria_set.uses_lights:
        raise Http404
    published = criteria_selectors.month_is_published(
        criteria_set=criteria_set, year=year, month=month
    )
    if not criteria_results_visible(
        user=request.user, criteria_set=criteria_set, published=published
    ):
        raise PermissionDenied(_("Kết quả đánh giá tháng này chưa được công khai."))
    light = request.GET.get("light", "")
    if light not in LIGHT_FILTERS:
        light = Light.RED
    unit_id = _int_or_none(request.GET.get("unit"))
    criterion_id = _int_or_none(request.GET.get("criterion"))
    marks = selectors.lights_cells(
        criteria_set=criteria_set,
        year=year,
        month=month,
        light=light,
        unit_id=unit_id,
        criterion_id=criterion_id,
    )
    page = Paginator(marks, selectors.CELLS_PAGE_SIZE).get_page(request.GET.get("page"))
    query = f"light={light}"
    if unit_id is not None:
        query += f"&unit={unit_id}"
    if criterion_id is not None:
        query += f"&criterion={criterion_id}"
    return render(
        request,
        "kpis/criteria_cells.html",
        {
            "criteria_set": criteria_set,
            "year": year,
            "month": month,
            "light": light,
            "light_label": LIGHT_FILTERS[light],
            "filters": LIGHT_FILTERS,
            "page": page,
            "query": query,
        },
    )


@login_required
def criterion_evidence(request, pk: int):
    evidence = get_object_or_404(
        CriterionEvidence.objects.select_related("score__sheet__criteria_set"), pk=pk
    )
    sheet = evidence.score.sheet
    criteria_set_get_for_user(user=request.user, pk=sheet.criteria_set_id)
    if not score_sheet_visible(user=request.user, sheet=sheet):
        raise Http404
    return protected_file_response(evidence.file, filename=evidence.original_name)


def _managed_committees(user):
    committees = SteeringCommittee.objects.order_by("name")
    if user.is_superuser:
        return list(committees)
    runs = [
        pk for pk, roles in user_committee_roles(user).items() if AccessRole.SECRETARIAT in roles
    ]
    return list(committees.filter(pk__in=runs)) if runs else []


@login_required
def criteria_import(request):
    committees = _managed_committees(request.user)
    if not committees:
        raise PermissionDenied
    form = CriteriaImportForm(request.POST or None, request.FILES or None, committees=committees)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        committee = next(c for c in committees if c.pk == form.cleaned_data["committee"])
        try:
            validate_upload(upload, allowed=XLSX_TYPES, max_bytes=IMPORT_MAX_BYTES)
            upload.seek(0)
            imported = criteria_set_import(
                committee=committee,
                name=form.cleaned_data["name"],
                year=form.cleaned_data["year"],
                basis=form.cleaned_data["basis"],
                content=upload.read(),
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(
                request,
                _("Đã nhập bộ tiêu chí “%(name)s”: %(g)s nhóm, %(c)s tiêu chí.")
                % {
                    "name": imported.criteria_set.name,
                    "g": imported.groups,
                    "c": imported.criteria,
                },
            )
            return redirect("kpi_criteria_set", pk=imported.criteria_set.pk)
    return render(request, "kpis/criteria_import.html", {"form": form, "errors": errors})


@login_required
def criteria_import_template_download(request):
    if not _managed_committees(request.user):
        raise PermissionDenied
    response = HttpResponse(
        criteria_import_template(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition("Mẫu nhập bộ tiêu chí.xlsx")
    return response
