import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from steering import workflow
from steering.downloads import protected_file_response
from steering.models import AccessRole, SteeringCommittee
from steering.permissions import (
    require_perm,
    user_committee_roles,
    user_org_unit,
    user_successions,
)
from steering.security import rate_limit
from steering.selectors import committee_roster
from steering.timeliness import Timeliness
from steering.uploads import STORAGE_FAILED_MESSAGE
from steering.workflow import CONFIRM, EXTEND, REPORT, RETURN, TransitionRefused, may

from . import selectors, services
from .cascade_selectors import directive_subtasks
from .cascade_services import directive_report_check
from .forms import (
    AttendanceFormSet,
    ConclusionForm,
    DirectiveFilterForm,
    DirectiveForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    InviteeFormSet,
    MeetingForm,
    ReportForm,
    ReportHeardFormSet,
    ReviewForm,
)
from .models import Conclusion, DeadlineExtension, Directive
from .permissions import (
    can_create_meetings,
    directive_get_for_user,
    evidence_get_for_user,
    meeting_get_for_user,
)

log = logging.getLogger(__name__)


def _managed_committees(user):
    committees = SteeringCommittee.objects.all()
    if user.is_superuser:
        return committees
    ids = [
        cid for cid, roles in user_committee_roles(user).items() if AccessRole.SECRETARIAT in roles
    ]
    return committees.filter(pk__in=ids)


@login_required
def meeting_list(request):
    meetings = selectors.meeting_list_for_user(user=request.user)
    page = Paginator(meetings, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/meeting_list.html",
        {"page": page, "can_create": can_create_meetings(request.user)},
    )


@login_required
def meeting_create(request):
    if not can_create_meetings(request.user):
        raise PermissionDenied
    form = MeetingForm(request.POST or None, committees=_managed_committees(request.user))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        meeting = services.meeting_create(**data)
        messages.success(request, _("Đã tạo cuộc họp."))
        if any(m.is_far for m in services.next_meeting_moves(committee=meeting.committee)):
            messages.warning(
                request,
                _(
                    "Cuộc họp này ở xa hạn hiện tại của một số nhiệm vụ “kỳ họp tới”: hạn của "
                    "chúng chưa đổi, cần cơ quan thường trực xác nhận."
                ),
            )
            return redirect("meeting_next_dates", pk=meeting.pk)
        return redirect(meeting)
    return render(request, "meetings/meeting_form.html", {"form": form})


def _conflict(form, exc, message) -> object:
    """Show the current values after a concurrent save. The form now carries the current
    version, so saving again after reading them is a deliberate overwrite."""
    form.data = form.data.copy()
    form.data["version"] = exc.current.version
    form.add_error(None, message)
    return exc.current


@login_required
def meeting_update(request, pk: int):
    meeting = meeting_get_for_user(user=request.user, pk=pk, perm="meetings.manage_meeting")
    form = MeetingForm(
        request.POST or None, instance=meeting, committees=_managed_committees(request.user)
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in {"version", "committee"}}
        try:
            services.meeting_update(
                meeting=meeting, expected_version=form.cleaned_data["version"] or 0, **data
            )
        except services.ConflictError as exc:
            conflict = _conflict(
                form,
                exc,
                _(
                    "Cuộc họp vừa được người khác cập nhật. Giá trị hiện tại được hiển thị bên "
                    "dưới; hãy xem lại và lưu lần nữa."
                ),
            )
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect(meeting)
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "meeting": meeting, "conflict": conflict},
    )


@login_required
def meeting_attendance(request, pk: int):
    """Attendance against the committee's roster on the meeting day, and the reports heard."""
    meeting = meeting_get_for_user(user=request.user, pk=pk, perm="meetings.manage_meeting")
    day = timezone.localtime(meeting.starts_at).date()
    roster = committee_roster(committee=meeting.committee, on=day).current
    recorded = {a.person_id: a for a in meeting.attendances.filter(person__isnull=False)}
    initial = [
        {
            "person": m.person_id,
            "status": recorded[m.person_id].status if m.person_id in recorded else "present",
            "absence_reason": getattr(recorded.get(m.person_id), "absence_reason", ""),
            "stand_in": getattr(recorded.get(m.person_id), "stand_in", ""),
        }
        for m in roster
    ]
    data = request.POST or None
    attendance = AttendanceFormSet(data, initial=initial, prefix="att")
    reports = ReportHeardFormSet(
        data,
        request.FILES or None,
        instance=meeting,
        prefix="rep",
        form_kwargs={"units": _units_for(meeting)},
    )
    invitees = InviteeFormSet(
        data,
        instance=meeting,
        prefix="inv",
        queryset=meeting.attendances.filter(person__isnull=True),
        form_kwargs={"units": _units_for(meeting)},
    )
    if (
        request.method == "POST"
        and attendance.is_valid()
        and reports.is_valid()
        and invitees.is_valid()
    ):
        allowed = {m.person_id for m in roster}
        for form in reports.forms:
            upload = form.cleaned_data.get("file")
            if upload and hasattr(upload, "content_type"):
                form.instance.file_name = upload.name[:255]
        try:
            with transaction.atomic():  # all three, or nothing (a report file may fail to write)
                services.attendance_record(
                    meeting=meeting,
                    rows=[row for row in attendance.cleaned_data if row.get("person") in allowed],
                )
                reports.save()
                invitees.save()
        except OSError:
            log.exception("a report file of meeting %s could not be stored", meeting.pk)
            messages.error(request, STORAGE_FAILED_MESSAGE)
            return redirect("meeting_attendance", pk=meeting.pk)
        messages.success(request, _("Đã lưu thành phần tham dự và báo cáo."))
        return redirect(meeting)
    rows = list(zip(roster, attendance.forms, strict=False))
    return render(
        request,
        "meetings/meeting_attendance.html",
        {
            "meeting": meeting,
            "rows": rows,
            "attendance": attendance,
            "reports": reports,
            "invitees": invitees,
        },
    )


@login_required
def meeting_detail(request, pk: int):
    meeting = meeting_get_for_user(user=request.user, pk=pk)
    context = {
        "meeting": meeting,
        "can_manage": request.user.has_perm("meetings.manage_meeting", meeting),
        "as_of": timezone.localdate(),
        # Only the notices and minutes this reader may open (a ward officer: issued notices
        # addressed to its unit), so the page never links to a 403.
        "documents": [
            document
            for document in meeting.documents.all()
            if request.user.has_perm("meetings.view_document", document)
        ],
        **selectors.meeting_detail(meeting=meeting, user=request.user),
    }
    return render(request, "meetings/meeting_detail.html", context)


def _units_for(meeting):
    return selectors.meeting_scope_units(meeting=meeting)


# Rows per page of the task lists.
PAGE_SIZE = 50


@login_required
def directive_list(request):
    form = DirectiveFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    listing = selectors.directive_listing_filtered(user=request.user, filters=filters)
    page = Paginator(listing.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    # The grid's figures link to the same filter narrowed to their column.
    others = request.GET.copy()
    for key in ("bucket", "page"):
        others.pop(key, None)
    return render(
        request,
        "meetings/directive_list.html",
        {
            "form": form,
            "listing": listing,
            "page": page,
            "timeliness_choices": Timeliness,
            "grid_links": True,
            "grid_query": others.urlencode(),
        },
    )


@login_required
def my_work(request):
    unit = user_org_unit(request.user)
    if unit is None:
        raise PermissionDenied
    listing = selectors.my_unit_work(unit=unit, user=request.user, as_of=timezone.localdate())
    return render(
        request,
        "meetings/my_work.html",
        {
            "unit": unit,
            "listing": listing,
            "page": Paginator(listing.rows, PAGE_SIZE).get_page(request.GET.get("page")),
            "plan_page": Paginator(listing.plan_rows, PAGE_SIZE).get_page(
                request.GET.get("plan_page")
            ),
            "Timeliness": Timeliness,
            "has_history": bool(user_successions(request.user)),
        },
    )


def _directive_context(request, directive, **forms) -> dict:
    user = request.user
    notice = selectors.meeting_issued_notice(meeting_id=directive.conclusion.meeting_id)
    return {
        "directive": directive,
        "notice": notice if notice and user.has_perm("meetings.view_document", notice) else None,
        "timeliness": directive.timeliness(),
        "can_manage": user.has_perm("meetings.manage_meeting", directive),
        # A ward reading a task from above may not open the upper committee's meeting.
        "can_view_meeting": user.has_perm("meetings.view_meeting", directive.conclusion.meeting),
        # A form shows only when the person may act and the task's state allows the step.
        "can_report": user.has_perm("meetings.report_directive", directive)
        and may(directive, REPORT),
        "can_review": user.has_perm("meetings.review_directive", directive)
        and (may(directive, CONFIRM) or may(directive, RETURN)),
        "can_request_extension": user.has_perm("meetings.request_extension", directive)
        and may(directive, EXTEND),
        "can_decide_extension": user.has_perm("meetings.decide_extension", directive),
        # Cascade: the task from above this one breaks down (if the reader may open it), the
        # sub-tasks a ward made of this one with their evidence, the ward's breakdown form and
        # the upper committee's view of the whole assignment.
        "parent": Directive.objects.visible_to(user)
        .select_related("committee")
        .filter(pk=directive.parent_id)
        .first()
        if directive.parent_id
        else None,
        "subtasks": directive_subtasks(directive=directive, as_of=timezone.localdate()),
        "can_break_down": user.has_perm("meetings.break_down_directive", directive)
        and may(directive, REPORT),
        "can_view_assignment": bool(directive.group)
        and user.has_perm("meetings.view_assignment", directive),
        "report_form": ReportForm(),
        "review_form": ReviewForm(),
        "extension_form": ExtensionRequestForm(),
        "decision_form": ExtensionDecisionForm(),
        **forms,
        **selectors.directive_page(directive=directive),
    }


@login_required
def directive_detail(request, pk: int):
    directive = directive_get_for_user(user=request.user, pk=pk)
    return render(request, "meetings/directive_detail.html", _directive_context(request, directive))


def _rerender_with(request, directive, status=400, **forms):
    """The directive page again with the invalid form and its messages (HTTP 400)."""
    return render(
        request,
        "meetings/directive_detail.html",
        _directive_context(request, directive, **forms),
        status=status,
    )


def _refused(request, directive, exc: ValidationError):
    """A step the service refused: the page again with the reason, nothing written (409 when
    the task's state no longer allows the step, 400 for a wrong value)."""
    messages.error(request, " ".join(exc.messages))
    status = 409 if isinstance(exc, TransitionRefused) else 400
    fresh = directive_get_for_user(user=request.user, pk=directive.pk)
    return _rerender_with(request, fresh, status=status)


@login_required
def conclusion_update(request, pk: int):
    conclusion = get_object_or_404(Conclusion.objects.select_related("meeting"), pk=pk)
    meeting = meeting_get_for_user(
        user=request.user, pk=conclusion.meeting_id, perm="meetings.manage_meeting"
    )
    form = ConclusionForm(request.POST or None, instance=conclusion)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.conclusion_update(
                conclusion=Conclusion.objects.get(pk=conclusion.pk),
                expected_version=version,
                **data,
            )
        except services.ConflictError as exc:
            conflict = _conflict(
                form,
                exc,
                _(
                    "Mục kết luận vừa được người khác cập nhật. Giá trị hiện tại được hiển thị "
                    "bên dưới; hãy xem lại và lưu lần nữa."
                ),
            )
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect(meeting)
    return render(
        request,
        "meetings/conclusion_form.html",
        {"form": form, "meeting": meeting, "conflict": conflict},
    )


@login_required
def directive_update(request, pk: int):
    directive = directive_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "meetings.manage_meeting", directive)
    units = _units_for(directive.conclusion.meeting)
    form = DirectiveForm(request.POST or None, instance=directive, units=units)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        supporting = data.pop("supporting_units")
        try:
            services.directive_update(
                directive=Directive.objects.get(pk=directive.pk),
                user=request.user,
                expected_version=version,
                supporting_units=supporting,
                **data,
            )
        except services.ConflictError as exc:
            conflict = _conflict(
                form,
                exc,
                _(
                    "Nhiệm vụ vừa được người khác cập nhật. Giá trị hiện tại được hiển thị bên "
                    "dưới; hãy xem lại và lưu lần nữa."
                ),
            )
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect(directive)
    return render(
        request,
        "meetings/directive_form.html",
        {"form": form, "directive": directive, "conflict": conflict},
    )


@require_POST
@login_required
@rate_limit("upload")
def directive_report(request, pk: int):
    directive = directive_get_for_user(user=request.user, pk=pk, perm="meetings.report_directive")
    form = ReportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _rerender_with(request, directive, report_form=form)
    data = form.cleaned_data
    try:
        directive_report_check(directive=directive, completed=data["completed"])
        workflow.task_report(
            task=directive,
            user=request.user,
            note=data["note"],
            percent=data["percent"],
            completed=data["completed"],
            reported_on=data["reported_on"],
            files=[data["evidence"]] if data["evidence"] else [],
        )
    except ValidationError as exc:
        return _refused(request, directive, exc)
    except OSError:
        log.exception("evidence for directive %s could not be stored", directive.pk)
        messages.error(
            request,
            _(
                "Không lưu được tệp minh chứng: máy chủ đã hết dung lượng lưu trữ hoặc không ghi "
                "được tệp. Báo cáo chưa được gửi; vui lòng thử lại sau hoặc báo quản trị hệ thống."
            ),
        )
    else:
        messages.success(request, _("Đã gửi báo cáo."))
    return redirect(directive)


@require_POST
@login_required
def directive_review(request, pk: int):
    directive = directive_get_for_user(user=request.user, pk=pk, perm="meetings.review_directive")
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _rerender_with(request, directive, review_form=form)
    try:
        if form.cleaned_data["decision"] == "confirm":
            workflow.task_confirm(task=directive, user=request.user)
            messages.success(request, _("Đã xác nhận hoàn thành."))
        else:
            workflow.task_return(
                task=directive, user=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Đã trả lại nhiệm vụ cho đơn vị."))
    except ValidationError as exc:
        return _refused(request, directive, exc)
    return redirect(directive)


@require_POST
@login_required
def extension_request(request, pk: int):
    directive = directive_get_for_user(user=request.user, pk=pk, perm="meetings.request_extension")
    form = ExtensionRequestForm(request.POST)
    if not form.is_valid():
        return _rerender_with(request, directive, extension_form=form)
    try:
        workflow.task_extension_request(task=directive, user=request.user, **form.cleaned_data)
    except ValidationError as exc:
        return _refused(request, directive, exc)
    else:
        messages.success(request, _("Đã gửi đề nghị gia hạn."))
    return redirect(directive)


@require_POST
@login_required
def extension_decide(request, pk: int):
    extension = get_object_or_404(DeadlineExtension, pk=pk)
    directive = directive_get_for_user(
        user=request.user, pk=extension.directive_id, perm="meetings.decide_extension"
    )
    form = ExtensionDecisionForm(request.POST)
    if not form.is_valid():
        return _rerender_with(request, directive, decision_form=form)
    try:
        workflow.task_extension_decide(
            extension=extension,
            user=request.user,
            approve=form.cleaned_data["approve"] == "yes",
            note=form.cleaned_data["note"],
            granted_due_date=form.cleaned_data["granted_due_date"],
        )
    except ValidationError as exc:
        return _refused(request, directive, exc)
    else:
        messages.success(request, _("Đã ghi quyết định gia hạn."))
    return redirect(directive)


@login_required
def evidence_download(request, pk: int):
    evidence = evidence_get_for_user(user=request.user, pk=pk)
    return protected_file_response(evidence.file, filename=evidence.original_name)
