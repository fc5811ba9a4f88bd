"""Pages of the cascade: the ward's "Nhiệm vụ cấp trên giao" and its breakdown of one of them,
the upper committee's view of one assignment ward by ward and its ward × task grid."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from steering.models import AccessRole
from steering.permissions import holds_committee_role, user_committee_roles, user_ward_committees
from steering.timeliness import Timeliness

from . import cascade_selectors as selectors
from .cascade_forms import BreakdownForm, CascadeViewForm, SubtaskFormSet
from .cascade_services import SubtaskDraft, directive_break_down
from .permissions import directive_get_for_user

PAGE_SIZE = 50


@login_required
def cascade_inbox(request):
    """ "Nhiệm vụ cấp trên giao": what upper committees gave to the user's ward."""
    committees = selectors.ward_committees_for_user(user=request.user)
    if not committees:
        if not request.user.is_superuser:
            raise PermissionDenied
        return render(request, "meetings/cascade_inbox.html", {"inbox": None})
    form = CascadeViewForm(request.GET or None, committees=committees)
    committee, as_of, bucket = form.chosen()
    inbox = selectors.ward_inbox(committee=committee, user=request.user, as_of=as_of, bucket=bucket)
    page = Paginator(inbox.listing.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/cascade_inbox.html",
        {
            "form": form,
            "inbox": inbox,
            "committee": committee,
            "as_of": as_of,
            "page": page,
            "subtasks": selectors.subtask_counts(parents=page.object_list, committee=committee),
            "can_break_down": request.user.is_superuser
            or holds_committee_role(request.user, committee.pk, AccessRole.SECRETARIAT),
            "Timeliness": Timeliness,
            "can_report_up": request.user.is_superuser
            or holds_committee_role(request.user, committee.pk, *selectors.FOLLOWER_ROLES),
        },
    )


@login_required
def directive_breakdown(request, pk: int):
    """The ward's secretariat gives its offices the sub-tasks of a task from above."""
    directive = directive_get_for_user(
        user=request.user, pk=pk, perm="meetings.break_down_directive"
    )
    committees = selectors.breakdown_committees(user=request.user, directive=directive)
    if not committees:
        raise Http404  # an administrator on a task not addressed to any ward committee
    wanted = request.POST.get("committee") or request.GET.get("committee")
    committee = next((c for c in committees if str(c.pk) == wanted), committees[0])
    meetings = selectors.breakdown_meetings(committee=committee)
    units = selectors.breakdown_units(committee=committee, on=timezone.localdate())
    data = request.POST if request.method == "POST" else None
    form = BreakdownForm(data, meetings=meetings)
    rows = SubtaskFormSet(data, prefix="task", form_kwargs={"units": units})
    status = 200
    if request.method == "POST":
        if form.is_valid() and rows.is_valid():
            drafts = [
                SubtaskDraft(
                    content=row["content"],
                    lead_unit=row["lead_unit"],
                    deadline_text=row.get("deadline_text") or "",
                )
                for row in rows.cleaned_data
                if row.get("content", "").strip()
            ]
            try:
                created = directive_break_down(
                    parent=directive,
                    committee=committee,
                    meeting=form.cleaned_data["meeting"],
                    drafts=drafts,
                    user=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("Đã giao %(n)s nhiệm vụ cho các đơn vị của phường.") % {"n": len(created)},
                )
                return redirect(directive)
        status = 400
    return render(
        request,
        "meetings/directive_breakdown.html",
        {
            "directive": directive,
            "committee": committee,
            "committees": committees,
            "form": form,
            "rows": rows,
            "has_meetings": meetings.exists(),
            "subtasks": selectors.directive_subtasks(
                directive=directive, as_of=timezone.localdate()
            ),
        },
        status=status,
    )


@login_required
def directive_wards(request, pk: int):
    """One assignment of the upper committee, ward by ward: state, status, sub-tasks."""
    directive = directive_get_for_user(user=request.user, pk=pk, perm="meetings.view_assignment")
    as_of = timezone.localdate()
    progress = selectors.assignment_progress(
        directive=directive, as_of=as_of, page_number=request.GET.get("page")
    )
    return render(
        request,
        "meetings/directive_wards.html",
        {
            "directive": directive,
            "progress": progress,
            "as_of": as_of,
        },
    )


@login_required
def cascade_grid(request):
    """The upper committee's ward × task grid."""
    committees = selectors.upper_committees_for_user(user=request.user)
    if not committees:
        wards = user_ward_committees(request.user)
        follows = any(
            roles & selectors.FOLLOWER_ROLES
            for cid, roles in user_committee_roles(request.user).items()
            if cid not in wards
        )
        if not (follows or request.user.is_superuser):
            raise PermissionDenied
        return render(request, "meetings/cascade_grid.html", {"grid": None})
    form = CascadeViewForm(request.GET or None, committees=committees)
    committee, as_of, _bucket = form.chosen()
    grid = selectors.cascade_grid(
        committee=committee,
        as_of=as_of,
        ward_page=request.GET.get("page"),
        column_page=request.GET.get("cols"),
    )
    return render(
        request,
        "meetings/cascade_grid.html",
        {
            "form": form,
            "grid": grid,
            "totals": {"grid": grid.totals, "total": sum(grid.totals.values())},
        },
    )
