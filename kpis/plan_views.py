"""Plan page and plan task pages: the directives' workflow for a plan's "nhiệm vụ chi tiết"."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from steering import workflow
from steering.downloads import protected_file_response
from steering.forms import ExtensionDecisionForm, ExtensionRequestForm
from steering.permissions import require_perm
from steering.uploads import STORAGE_FAILED_MESSAGE
from steering.workflow import CONFIRM, EXTEND, REPORT, TransitionRefused, may

from . import selectors
from .forms import PlanTaskReportForm, ReturnForm
from .models import PlanTask, PlanTaskEvidence, PlanTaskExtension
from .permissions import answers_for_task, plan_task_get_for_user

log = logging.getLogger(__name__)


@login_required
def plan_detail(request, plan_id: int):
    plan = get_object_or_404(selectors.plans_for_user(user=request.user), pk=plan_id)
    require_perm(request.user, "kpis.view_plan", plan)
    today = timezone.localdate()
    page = selectors.plan_page(plan=plan, user=request.user, as_of=today)
    return render(
        request,
        "kpis/plan_detail.html",
        {
            "plan": plan,
            "today": today,
            "can_read_aggregates": request.user.has_perm("kpis.view_aggregates", plan),
            "can_import": request.user.has_perm("kpis.review_period", plan),
            **page,
        },
    )


def _task_context(request, task, **forms) -> dict:
    user = request.user
    return {
        "task": task,
        "timeliness": task.timeliness(timezone.localdate()),
        # The ward that succeeded an old ward reads its inherited task, not the old plan.
        "can_view_plan": user.has_perm("kpis.view_plan", task.plan),
        "can_report": answers_for_task(user, task) and may(task, REPORT),
        "can_review": user.has_perm("kpis.review_plan_task", task) and may(task, CONFIRM),
        "report_form": forms.get("report_form")
        or PlanTaskReportForm(initial={"reported_on": timezone.localdate()}),
        "return_form": forms.get("return_form") or ReturnForm(),
        "can_request_extension": answers_for_task(user, task) and may(task, EXTEND),
        "can_decide_extension": user.has_perm("kpis.decide_plan_task_extension", task),
        "extension_form": forms.get("extension_form") or ExtensionRequestForm(),
        "decision_form": forms.get("decision_form") or ExtensionDecisionForm(),
        **selectors.plan_task_page(task=task),
    }


def _refused(request, task, exc: ValidationError):
    """A step the workflow refused: the page again with the reason, nothing written (409 when
    the task's state no longer allows the step, 400 for a wrong value)."""
    messages.error(request, " ".join(exc.messages))
    fresh = plan_task_get_for_user(user=request.user, pk=task.pk)
    return render(
        request,
        "kpis/plan_task_detail.html",
        _task_context(request, fresh),
        status=409 if isinstance(exc, TransitionRefused) else 400,
    )


@login_required
def plan_task_detail(request, pk: int):
    task = plan_task_get_for_user(user=request.user, pk=pk)
    return render(request, "kpis/plan_task_detail.html", _task_context(request, task))


@login_required
@require_POST
def plan_task_report(request, pk: int):
    task = plan_task_get_for_user(user=request.user, pk=pk)
    if not answers_for_task(request.user, task):  # the lead unit (or its successor) only
        raise PermissionDenied
    form = PlanTaskReportForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            workflow.task_report(
                task=task,
                user=request.user,
                note=data["note"],
                percent=data.get("percent"),
                completed=data.get("completed", False),
                reported_on=data["reported_on"],
                files=[data["evidence"]] if data.get("evidence") else [],
            )
        except ValidationError as exc:
            return _refused(request, task, exc)
        except OSError:  # the evidence could not be written: the report was rolled back
            log.exception("evidence for plan task %s could not be stored", task.pk)
            messages.error(request, STORAGE_FAILED_MESSAGE)
            return redirect("kpi_plan_task", pk=task.pk)
        else:
            messages.success(
                request,
                _("Đã gửi báo cáo hoàn thành, chờ cơ quan thường trực xác nhận.")
                if data.get("completed")
                else _("Đã cập nhật tiến độ."),
            )
            return redirect("kpi_plan_task", pk=task.pk)
    else:
        messages.error(request, _("Báo cáo chưa hợp lệ: xem các ô được đánh dấu."))
    return render(
        request,
        "kpis/plan_task_detail.html",
        _task_context(request, task, report_form=form),
        status=200,
    )


@login_required
@require_POST
def plan_task_review(request, pk: int):
    task = plan_task_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "kpis.review_plan_task", task)
    action = request.POST.get("action")
    try:
        if action == "confirm":
            workflow.task_confirm(task=task, user=request.user)
            messages.success(request, _("Đã xác nhận nhiệm vụ hoàn thành."))
        elif action == "return":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Cần ghi lý do trả lại."))
            workflow.task_return(task=task, user=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("Đã trả lại báo cáo cho đơn vị chủ trì."))
        else:
            raise ValidationError(_("Thao tác không hợp lệ."))
    except TransitionRefused as exc:
        return _refused(request, task, exc)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("kpi_plan_task", pk=task.pk)


@login_required
@require_POST
def plan_task_extension_request(request, pk: int):
    task = plan_task_get_for_user(user=request.user, pk=pk)
    if not answers_for_task(request.user, task):  # the lead unit (or its successor) only
        raise PermissionDenied
    form = ExtensionRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Đề nghị gia hạn chưa hợp lệ: xem các ô được đánh dấu."))
        context = _task_context(request, task, extension_form=form)
        return render(request, "kpis/plan_task_detail.html", context, status=400)
    try:
        workflow.task_extension_request(task=task, user=request.user, **form.cleaned_data)
    except ValidationError as exc:
        return _refused(request, task, exc)
    messages.success(request, _("Đã gửi đề nghị gia hạn."))
    return redirect("kpi_plan_task", pk=task.pk)


@login_required
@require_POST
def plan_task_extension_decide(request, pk: int):
    visible = PlanTask.objects.visible_to(request.user)
    extension = get_object_or_404(PlanTaskExtension.objects.filter(task__in=visible), pk=pk)
    task = plan_task_get_for_user(user=request.user, pk=extension.task_id)
    require_perm(request.user, "kpis.decide_plan_task_extension", task)
    form = ExtensionDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Quyết định gia hạn chưa hợp lệ: xem các ô được đánh dấu."))
        context = _task_context(request, task, decision_form=form)
        return render(request, "kpis/plan_task_detail.html", context, status=400)
    try:
        workflow.task_extension_decide(
            extension=extension,
            user=request.user,
            approve=form.cleaned_data["approve"] == "yes",
            note=form.cleaned_data["note"],
            granted_due_date=form.cleaned_data["granted_due_date"],
        )
    except ValidationError as exc:
        return _refused(request, task, exc)
    messages.success(request, _("Đã ghi quyết định gia hạn."))
    return redirect("kpi_plan_task", pk=task.pk)


@login_required
def plan_task_evidence(request, pk: int):
    visible = PlanTask.objects.visible_to(request.user)
    evidence = get_object_or_404(PlanTaskEvidence.objects.filter(event__task__in=visible), pk=pk)
    return protected_file_response(evidence.file, filename=evidence.original_name)
