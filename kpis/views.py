import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from steering.downloads import content_disposition, protected_file_response
from steering.models import AccessRole
from steering.permissions import require_perm, user_has_role, user_org_unit
from steering.security import rate_limit
from steering.uploads import STORAGE_FAILED_MESSAGE

from . import selectors, services
from .forms import ImportForm, IndicatorEntryForm, ReopenForm, ReturnForm, ReviewFilterForm
from .maths import Result, ratio_formula
from .models import Indicator, ReportState
from .permissions import (
    evidence_get_for_user,
    has_kpi_access,
    locked_message,
    period_get_for_user,
    report_get_for_user,
    unit_may_edit_period,
)
from .waiting import figures_to_review


def _period_words(period) -> str:
    """The period as in a sentence, for file names: "tháng 12-2026", "quý IV-2026"."""
    label = period.label.replace("/", "-")
    return label[:1].lower() + label[1:]


def _require_access(user):
    if not has_kpi_access(user):
        raise PermissionDenied


log = logging.getLogger(__name__)


@login_required
def kpi_home(request):
    _require_access(request.user)
    periods = list(selectors.periods_for_user(user=request.user))
    unit = user_org_unit(request.user)
    # "Đơn vị tôi" only for someone whose unit reports (a unit officer), not the secretariat.
    if not user_has_role(request.user, AccessRole.UNIT_OFFICER):
        unit = None
    statuses = {}
    if unit is not None:
        statuses = selectors.unit_period_labels(unit=unit, periods=periods)
    today = selectors.today()
    rows = [
        {
            "period": p,
            "status": statuses.get(p.pk, ""),
            "can_enter": request.user.has_perm("kpis.enter_reports", p),
            "not_open_yet": not p.is_open_yet(today),
            "can_review": request.user.has_perm("kpis.review_period", p),
            "can_read": request.user.has_perm("kpis.view_aggregates", p),
        }
        for p in periods
    ]
    plans = list(selectors.plans_for_user(user=request.user))
    tasks = selectors.open_plan_tasks_for_unit(user=request.user, unit=unit, today=today)
    to_review = None
    if user_has_role(request.user, AccessRole.SECRETARIAT):
        to_review = figures_to_review(request.user).count()
    return render(
        request,
        "kpis/home.html",
        {
            "rows": rows,
            "unit": unit,
            "plans": plans,
            "today": today,
            "tasks": tasks,
            "to_review": to_review,
        },
    )


def _entry_forms(rows, data=None, files=None, submitting=False):
    return [
        IndicatorEntryForm(
            data,
            files,
            prefix=f"i{row.indicator.pk}",
            indicator=row.indicator,
            target=row.target,
            submitting=submitting,
            initial={
                "numerator": row.report.numerator,
                "denominator": row.report.denominator,
                "value": row.report.value,
                "comment": row.report.comment,
            }
            if row.report
            else None,
        )
        for row in rows
    ]


@login_required
@rate_limit("upload")
def kpi_report(request, period_id: int):
    period = period_get_for_user(user=request.user, pk=period_id, perm="kpis.enter_reports")
    unit = user_org_unit(request.user)
    if unit is None:
        raise PermissionDenied
    rows = selectors.entry_rows(period=period, unit=unit)
    today = selectors.today()
    open_for_edit = unit_may_edit_period(period=period, unit=unit, today=today)
    submitting = request.POST.get("action") == "submit"
    if request.method == "POST":
        if not open_for_edit:
            messages.error(request, locked_message(period, today))
            return redirect("kpi_report", period_id=period.pk)
        forms = _entry_forms(rows, request.POST, request.FILES, submitting=submitting)
        editable = [
            (row, form)
            for row, form in zip(rows, forms, strict=True)
            if row.report is None or row.report.editable_by_unit
        ]
        if all(form.is_valid() for _row, form in editable):
            inputs = [
                services.ReportInput(
                    indicator=row.indicator,
                    numerator=form.cleaned_data.get("numerator"),
                    denominator=form.cleaned_data.get("denominator"),
                    value=form.cleaned_data.get("value"),
                    comment=form.cleaned_data.get("comment", ""),
                    evidence=[form.cleaned_data["evidence"]]
                    if form.cleaned_data.get("evidence")
                    else [],
                )
                for row, form in editable
            ]
            try:
                services.reports_save(
                    user=request.user, unit=unit, period=period, rows=inputs, submit=submitting
                )
            except services.PeriodLockedError as exc:
                messages.error(request, str(exc))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            except OSError:  # the evidence could not be written: nothing was saved
                log.exception("KPI evidence for unit %s could not be stored", unit.pk)
                messages.error(request, STORAGE_FAILED_MESSAGE)
            else:
                done = (
                    _("Đã gửi số liệu kỳ %(period)s.")
                    if submitting
                    else _("Đã lưu nháp số liệu kỳ %(period)s.")
                )
                messages.success(request, done % {"period": period.label})
                return redirect("kpi_report", period_id=period.pk)
        else:
            messages.error(request, _("Số liệu chưa hợp lệ: xem các ô được đánh dấu bên dưới."))
    else:
        forms = _entry_forms(rows)
    entries = [
        {
            "row": row,
            "form": form,
            "editable": open_for_edit and (row.report is None or row.report.editable_by_unit),
            "ratio_text": ratio_formula(row.report.numerator, row.report.denominator)
            if row.report
            else "",
        }
        for row, form in zip(rows, forms, strict=True)
    ]
    return render(
        request,
        "kpis/report_form.html",
        {
            "period": period,
            "unit": unit,
            "entries": entries,
            "open_for_edit": open_for_edit,
            "locked_message": None if open_for_edit else locked_message(period, today),
            "any_editable": any(e["editable"] for e in entries),
        },
    )


@login_required
def kpi_evidence(request, pk: int):
    evidence = evidence_get_for_user(user=request.user, pk=pk)
    return protected_file_response(evidence.file, filename=evidence.original_name)


@login_required
def kpi_review(request, period_id: int):
    period = period_get_for_user(user=request.user, pk=period_id, perm="kpis.review_period")
    units = selectors.reporting_units(plan=period.plan)
    # Its own ids: the reopen form on the same page also has a "unit" field.
    form = ReviewFilterForm(request.GET or None, units=units, auto_id="filter_%s")
    filters = form.filters()
    reports = selectors.review_queue(period=period, **filters)
    # A page at a time: a district's period is ~15 units × ~20 indicators.
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    items = [
        {
            "report": r,
            "value": selectors.format_value(
                selectors.report_value(r), unit_of_measure=r.indicator.unit_of_measure
            ),
            "can_review": r.state == ReportState.SUBMITTED
            and request.user.has_perm("kpis.review_report", r),
        }
        for r in page.object_list
    ]
    today = selectors.today()
    counts = selectors.review_counts(period=period, unit=filters["unit"])
    return render(
        request,
        "kpis/review.html",
        {
            "period": period,
            "form": form,
            "state": filters["state"],
            "unit": filters["unit"],
            "waiting": counts[ReportState.SUBMITTED],
            "tabs": [
                (value, label, counts[value]) for value, label in form.fields["state"].choices
            ],
            "page": page,
            "items": items,
            "locked": period.is_locked(today),
            "exceptions": period.exceptions.select_related("unit", "granted_by"),
            "reopen_form": ReopenForm(units=units, today=today),
        },
    )


@login_required
@require_POST
def kpi_review_decide(request, pk: int):
    report = report_get_for_user(user=request.user, pk=pk, perm="kpis.review_report")
    action = request.POST.get("action")
    try:
        if action == "accept":
            services.report_accept(user=request.user, report=report)
            done = _("Đã chấp nhận số liệu của %(unit)s.")
            messages.success(request, done % {"unit": report.unit})
        elif action == "return":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Trả lại phải ghi rõ lý do."))
            services.report_return(
                user=request.user, report=report, reason=form.cleaned_data["reason"]
            )
            done = _("Đã trả lại số liệu cho %(unit)s.")
            messages.success(request, done % {"unit": report.unit})
        else:
            raise ValidationError(_("Thao tác không hợp lệ."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    # Back to the same tab, unit and page of the review list; never to another address.
    back = reverse("kpi_review", args=[report.period_id])
    after = request.POST.get("next", "")
    if after.startswith(back) and url_has_allowed_host_and_scheme(after, allowed_hosts=None):
        return redirect(after)
    return redirect(back)


@login_required
@require_POST
def kpi_review_accept_unit(request, period_id: int):
    """Accept every waiting value of one unit (the reviewer has the unit's figures on screen)."""
    period = period_get_for_user(user=request.user, pk=period_id, perm="kpis.review_period")
    form = ReviewFilterForm(request.POST, units=selectors.reporting_units(plan=period.plan))
    unit = form.cleaned_data.get("unit") if form.is_valid() else None
    back = reverse("kpi_review", args=[period.pk])
    if unit is None:
        messages.error(request, _("Chọn một đơn vị để chấp nhận số liệu."))
        return redirect(back)
    waiting = selectors.review_queue(period=period, state=ReportState.SUBMITTED, unit=unit)
    allowed = [r for r in waiting if request.user.has_perm("kpis.review_report", r)]
    if not allowed:
        raise PermissionDenied  # e.g. the standing agency's own figures
    accepted = services.reports_accept(user=request.user, reports=allowed)
    done = _("Đã chấp nhận %(n)s số liệu của %(unit)s.")
    messages.success(request, done % {"n": accepted, "unit": unit})
    return redirect(f"{back}?state=submitted&unit={unit.pk}")


@login_required
def kpi_matrix(request, plan_id: int):
    plan = get_object_or_404(selectors.plans_for_user(user=request.user), pk=plan_id)
    require_perm(request.user, "kpis.view_aggregates", plan)
    matrix = selectors.completeness_matrix(plan=plan)
    return render(request, "kpis/matrix.html", {"plan": plan, "matrix": matrix})


@login_required
def kpi_heatmap(request, period_id: int):
    period = period_get_for_user(user=request.user, pk=period_id, perm="kpis.view_aggregates")
    heatmap = selectors.period_heatmap(period=period)
    return render(
        request,
        "kpis/heatmap.html",
        {"period": period, "heatmap": heatmap, "results": dict(Result.choices)},
    )


@login_required
def kpi_period_pdf(request, period_id: int):
    """The period's report as a PDF (district figures Σ/Σ, units' completeness and results)."""
    from .report_pdf import period_report_pdf

    period = period_get_for_user(user=request.user, pk=period_id, perm="kpis.view_aggregates")
    response = HttpResponse(period_report_pdf(period=period), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(
        f"Báo cáo chỉ tiêu {_period_words(period)}.pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def kpi_trend(request, pk: int):
    plans = selectors.plans_for_user(user=request.user)
    indicator = get_object_or_404(
        Indicator.objects.filter(plan__in=plans).select_related("plan"), pk=pk
    )
    require_perm(request.user, "kpis.view_aggregates", indicator.plan)
    points = selectors.indicator_trend(indicator=indicator)
    chart = {
        "label": indicator.code,
        "labels": [p.period.label for p in points],
        "values": [float(p.value) if p.value is not None else None for p in points],
        "unit": indicator.unit_of_measure,
    }
    return render(
        request,
        "kpis/trend.html",
        {"indicator": indicator, "points": points, "chart": chart},
    )


def _entry_scope(request, period_id):
    period = period_get_for_user(user=request.user, pk=period_id, perm="kpis.enter_reports")
    unit = user_org_unit(request.user)
    if unit is None:
        raise PermissionDenied
    return period, unit


@login_required
def kpi_template(request, period_id: int):
    period, unit = _entry_scope(request, period_id)
    content = selectors.report_template_xlsx(period=period, unit=unit)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition(
        f"Số liệu {unit.display_name} {_period_words(period)}.xlsx"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@rate_limit("import")
def kpi_import(request, period_id: int):
    """Upload → dry-run preview with per-row, per-column errors → confirm the same file."""
    period, unit = _entry_scope(request, period_id)
    outcome = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                content = services.kpi_import_check_upload(form.cleaned_data["file"])
            except ValidationError as exc:
                form.add_error("file", exc)
            else:
                outcome = services.kpi_import_run(
                    user=request.user, unit=unit, period=period, content=content, dry_run=True
                )
    else:
        form = ImportForm()
    return render(
        request,
        "kpis/import.html",
        {"period": period, "unit": unit, "form": form, "outcome": outcome},
    )


@login_required
@require_POST
@rate_limit("import")
def kpi_import_confirm(request, period_id: int):
    period, unit = _entry_scope(request, period_id)
    try:
        outcome = services.kpi_import_confirm(
            user=request.user, unit=unit, period=period, sha256=request.POST.get("sha256", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("kpi_import", period_id=period.pk)
    if not outcome.ok:
        return render(
            request,
            "kpis/import.html",
            {"period": period, "unit": unit, "form": ImportForm(), "outcome": outcome},
        )
    messages.success(
        request,
        _("Đã nhập %(n)s dòng từ tệp Excel (lưu nháp); kiểm tra rồi bấm “Gửi báo cáo”.")
        % {"n": outcome.written},
    )
    return redirect("kpi_report", period_id=period.pk)


@login_required
def kpi_period_export(request, period_id: int):
    period = period_get_for_user(user=request.user, pk=period_id)
    content = selectors.period_reports_xlsx(period=period, user=request.user)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition(
        f"Báo cáo chỉ tiêu {_period_words(period)}.xlsx"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def kpi_period_reopen(request, period_id: int):
    """The standing agency reopens a locked period for one unit until a date."""
    period = period_get_for_user(user=request.user, pk=period_id, perm="kpis.review_period")
    form = ReopenForm(
        request.POST,
        units=selectors.reporting_units(plan=period.plan),
        today=selectors.today(),
    )
    if form.is_valid():
        services.period_exception_grant(user=request.user, period=period, **form.cleaned_data)
        messages.success(
            request,
            _("Đã mở lại kỳ %(period)s cho %(unit)s đến ngày %(date)s.")
            % {
                "period": period.label,
                "unit": form.cleaned_data["unit"],
                "date": form.cleaned_data["open_until"].strftime("%d/%m/%Y"),
            },
        )
    else:
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        messages.error(request, _("Chưa mở lại được: %(e)s") % {"e": " ".join(errors)})
    return redirect("kpi_review", period_id=period.pk)
