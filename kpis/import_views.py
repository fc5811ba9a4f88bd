"""The standing agency's import of many units' figures: preview and confirm, or a background job
with its progress polled by htmx."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from steering.permissions import require_perm
from steering.security import rate_limit
from steering.uploads import validate_upload

from . import bulk_import, selectors
from .forms import ImportForm
from .models import ImportJob, ImportJobState
from .services import XLSX_TYPES

BULK_MAX_BYTES = 20 * 1024 * 1024


def _plan_for_import(request, plan_id):
    plan = get_object_or_404(selectors.plans_for_user(user=request.user), pk=plan_id)
    require_perm(request.user, "kpis.review_period", plan)
    return plan


@login_required
@rate_limit("import")
def bulk_import_page(request, plan_id: int):
    """Upload → a file up to the threshold is previewed (dry run) and confirmed; a larger one
    becomes a background job and the page follows its progress."""
    plan = _plan_for_import(request, plan_id)
    outcome = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                validate_upload(upload, allowed=XLSX_TYPES, max_bytes=BULK_MAX_BYTES)
                upload.seek(0)
                content = upload.read()
                sheet = bulk_import.bulk_import_read(content)
            except ValidationError as exc:
                form.add_error("file", exc)
            else:
                rows = len(sheet.rows)
                if rows > bulk_import.async_threshold():
                    job = bulk_import.import_job_create(
                        plan=plan, user=request.user, content=content, total_rows=rows
                    )
                    return redirect("kpi_import_job", pk=job.pk)
                outcome = bulk_import.bulk_import_run(
                    plan=plan, user=request.user, content=content, dry_run=True, sheet=sheet
                )
                if outcome.ok:
                    bulk_import.bulk_import_store(plan=plan, content=content)
    else:
        form = ImportForm()
    return render(
        request,
        "kpis/bulk_import.html",
        {
            "plan": plan,
            "form": form,
            "outcome": outcome,
            "threshold": bulk_import.async_threshold(),
            "jobs": plan.import_jobs.select_related("user")[:5],
        },
    )


@login_required
@require_POST
@rate_limit("import")
def bulk_import_confirm(request, plan_id: int):
    plan = _plan_for_import(request, plan_id)
    try:
        content = bulk_import.bulk_import_load(plan=plan, sha256=request.POST.get("sha256", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("kpi_bulk_import", plan_id=plan.pk)
    outcome = bulk_import.bulk_import_run(
        plan=plan, user=request.user, content=content, dry_run=False
    )
    if not outcome.ok:
        return render(
            request,
            "kpis/bulk_import.html",
            {"plan": plan, "form": ImportForm(), "outcome": outcome, "jobs": []},
        )
    messages.success(request, _("Đã nhập %(n)s dòng số liệu (lưu nháp).") % {"n": outcome.written})
    return redirect("kpi_bulk_import", plan_id=plan.pk)


@login_required
def import_job_detail(request, pk: int):
    """The job's page; with htmx, only the progress block (polled every second while running)."""
    job = get_object_or_404(
        ImportJob.objects.filter(
            plan__in=selectors.plans_for_user(user=request.user)
        ).select_related("plan", "user"),
        pk=pk,
    )
    require_perm(request.user, "kpis.review_period", job.plan)
    done = bulk_import.import_job_progress(job)
    context = {
        "job": job,
        "done": done,
        "percent": 100
        if job.state == ImportJobState.DONE
        else (done * 100 // job.total_rows if job.total_rows else 0),
        "finished": job.state in (ImportJobState.DONE, ImportJobState.FAILED),
    }
    if request.headers.get("HX-Request"):
        return render(request, "kpis/_import_job_progress.html", context)
    return render(request, "kpis/import_job.html", context)


@login_required
@require_POST
@rate_limit("import")
def import_job_retry(request, pk: int):
    job = get_object_or_404(
        ImportJob.objects.filter(plan__in=selectors.plans_for_user(user=request.user)), pk=pk
    )
    require_perm(request.user, "kpis.review_period", job.plan)
    try:
        bulk_import.import_job_retry(job=job)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã xếp lượt nhập vào hàng đợi để chạy lại."))
    return redirect("kpi_import_job", pk=job.pk)
