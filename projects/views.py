from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from steering.models import SteeringCommittee

from . import selectors, services
from .forms import ProjectFilterForm, ProjectForm, StatusChangeForm
from .permissions import (
    can_see_projects,
    managed_committees,
    project_get_for_user,
    visible_committee_ids,
)


def _visible_committees(user):
    ids = visible_committee_ids(user)
    committees = SteeringCommittee.objects.order_by("name")
    return committees if ids is None else committees.filter(pk__in=ids)


@login_required
def project_list(request):
    if not can_see_projects(request.user):
        raise PermissionDenied
    form = ProjectFilterForm(request.GET or None, committees=_visible_committees(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    projects = selectors.project_list_for_user(user=request.user, **filters)
    # Counts follow every filter but the status itself, so each count links to a real list.
    unfiltered_by_status = selectors.project_list_for_user(
        user=request.user, **{k: v for k, v in filters.items() if k != "status"}
    )
    counts = selectors.project_status_counts(projects=unfiltered_by_status)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("status", None)
    page = Paginator(projects, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/project_list.html",
        {
            "form": form,
            "page": page,
            "counts": counts,
            "base_query": query.urlencode(),
            "can_create": bool(managed_committees(request.user).exists()),
        },
    )


@login_required
def project_detail(request, pk: int):
    project = project_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "pilot_units": list(project.pilot_units.order_by("name")),
            "timeline": selectors.project_timeline(project=project, user=request.user),
            # Directives that name the project (the meetings app links them; no import here).
            "directives": list(
                project.directives.visible_to(request.user)
                .select_related("lead_unit", "conclusion__meeting")
                .order_by("conclusion__meeting__starts_at", "pk")
            ),
            "edits": selectors.project_edit_history(project=project),
            "can_manage": request.user.has_perm("projects.manage_project", project),
        },
    )


@login_required
def project_create(request):
    committees = managed_committees(request.user)
    if not request.user.has_perm("projects.create_project"):
        raise PermissionDenied
    form = ProjectForm(request.POST or None, committees=committees)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            project = services.project_create(**data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Đã tạo dự án."))
            return redirect(project)
    return render(request, "projects/project_form.html", {"form": form, "project": None})


@login_required
def project_update(request, pk: int):
    project = project_get_for_user(user=request.user, pk=pk, perm="projects.manage_project")
    form = ProjectForm(request.POST or None, instance=project)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.project_update(
                project=project, expected_version=form.cleaned_data["version"] or 0, **data
            )
        except services.ConflictError as exc:
            conflict = exc.current
            # Resubmitting after reading the current values is a deliberate overwrite.
            form.data = form.data.copy()
            form.data["version"] = conflict.version
            form.add_error(
                None,
                _(
                    "Dự án vừa được người khác cập nhật; chưa có gì được lưu. Giá trị hiện tại "
                    "được hiển thị bên dưới; hãy xem lại và lưu lần nữa."
                ),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect(project)
    return render(
        request,
        "projects/project_form.html",
        {"form": form, "project": project, "conflict": conflict},
    )


@login_required
def project_change_status(request, pk: int):
    project = project_get_for_user(user=request.user, pk=pk, perm="projects.manage_project")
    form = StatusChangeForm(
        request.POST or None, project=project, initial={"changed_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.project_change_status(project=project, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận thay đổi trạng thái."))
            return redirect(project)
    return render(request, "projects/project_status_form.html", {"form": form, "project": project})


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
