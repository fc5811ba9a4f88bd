"""The chair's list of deadline extension requests (directives and plan tasks), filterable."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from steering.models import AccessRole
from steering.permissions import user_has_role

from . import selectors
from .forms import ExtensionFilterForm
from .waiting import extension_rows


@login_required
def extension_list(request):
    user = request.user
    if not (user.is_superuser or user_has_role(user, AccessRole.CHAIR, AccessRole.SECRETARIAT)):
        raise PermissionDenied
    form = ExtensionFilterForm(request.GET or None, user=user)
    filters = form.cleaned_data if form.is_valid() else {}
    parts = selectors.extension_querysets(user=user, filters=filters)
    rows = extension_rows(parts, as_of=timezone.localdate())
    return render(request, "meetings/extension_list.html", {"form": form, "rows": rows})
