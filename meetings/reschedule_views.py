"""The secretariat confirms "kỳ họp tới" due dates that the next meeting would move far away."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import services
from .permissions import meeting_get_for_user


@login_required
def meeting_next_dates(request, pk: int):
    meeting = meeting_get_for_user(user=request.user, pk=pk, perm="meetings.manage_meeting")
    far = [m for m in services.next_meeting_moves(committee=meeting.committee) if m.is_far]
    if request.method == "POST":
        offered = {m.directive.pk for m in far}
        chosen = {int(v) for v in request.POST.getlist("directive") if v.isdigit()} & offered
        changed = services.directives_reschedule_next_meeting(
            committee=meeting.committee, confirmed_ids=frozenset(chosen)
        )
        messages.success(request, _("Đã cập nhật hạn của %(n)s nhiệm vụ.") % {"n": changed})
        return redirect(meeting)
    return render(request, "meetings/meeting_next_dates.html", {"meeting": meeting, "moves": far})
