"""Nhiệm vụ chưa gắn đơn vị: the secretariat links legacy directives whose lead unit is text only.

Since migrations 0009-0010 every new directive must have a lead unit (a database constraint);
the rows saved before whose text matched no unit exactly are flagged `needs_unit_link` and listed
here.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from steering.selectors import orgunits_in_committee_scope
from steering.text import vn_sort_key

from . import selectors, services
from .forms import LeadUnitLinkForm
from .permissions import can_create_meetings, directive_get_for_user


def _units_for(directive, cache: dict):
    meeting = directive.conclusion.meeting
    if meeting.pk not in cache:
        day = timezone.localtime(meeting.starts_at).date()
        scope = orgunits_in_committee_scope(committee=directive.committee, on=day)
        cache[meeting.pk] = sorted(scope, key=lambda unit: vn_sort_key(unit.name))
    return cache[meeting.pk]


def _page(request, *, failed=None, status=200):
    if not can_create_meetings(request.user):
        raise PermissionDenied
    units_cache: dict = {}
    rows = []
    page = Paginator(selectors.directives_needing_unit(user=request.user), 50).get_page(
        request.GET.get("page")
    )
    for directive in page.object_list:
        units = _units_for(directive, units_cache)
        if failed is not None and failed.prefix == f"d{directive.pk}":
            form = failed
        else:
            form = LeadUnitLinkForm(units=units, prefix=f"d{directive.pk}")
        rows.append((directive, form))
    return render(
        request, "meetings/directives_unlinked.html", {"rows": rows, "page": page}, status=status
    )


@login_required
def directives_unlinked(request):
    return _page(request)


@require_POST
@login_required
def directive_link_unit(request, pk: int):
    directive = directive_get_for_user(user=request.user, pk=pk, perm="meetings.manage_meeting")
    form = LeadUnitLinkForm(
        request.POST, units=_units_for(directive, {}), prefix=f"d{directive.pk}"
    )
    if not form.is_valid():
        messages.error(request, _("Chưa gắn được đơn vị: xem ô được đánh dấu."))
        return _page(request, failed=form, status=400)
    if not directive.needs_unit_link:
        messages.info(request, _("Nhiệm vụ này đã có đơn vị chủ trì."))
        return redirect("directives_unlinked")
    services.directive_link_lead_unit(
        directive=directive, unit=form.cleaned_data["lead_unit"], user=request.user
    )
    messages.success(
        request,
        _("Đã gắn nhiệm vụ với %(unit)s.") % {"unit": form.cleaned_data["lead_unit"].display_name},
    )
    return redirect("directives_unlinked")
