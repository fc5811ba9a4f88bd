"""The read API of directives (`/api/v1/directives/`): the directive list's filters, scope and
figures as JSON, for another system (the district's operations centre) or a script.

The same form, selector and scope as the page `/directives/`: the official grid and the total
cover every directive matching the filters (totals equal the count); `results` holds one page.
"""

from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext as _

from steering.api import api_json, api_view

from . import selectors
from .forms import DirectiveFilterForm

PAGE_SIZE = 100


def _directive_json(request, d) -> dict:
    return {
        "id": d.pk,
        "url": request.build_absolute_uri(d.get_absolute_url()),
        "committee": {"id": d.committee_id, "name": d.committee.display_name},
        "meeting_date": timezone.localdate(d.conclusion.meeting.starts_at).isoformat(),
        "item": d.item,
        "content": d.content,
        "lead_unit": {"id": d.lead_unit_id, "name": d.lead_unit_label}
        if d.lead_unit_label
        else None,
        "supporting_units": [{"id": u.pk, "name": u.name} for u in d.supporting_units.all()],
        "deadline_text": d.deadline_text,
        "deadline_kind": d.deadline_kind,
        "due_date": d.due_date.isoformat() if d.due_date else None,
        "effective_due_date": d.effective_due.isoformat() if d.effective_due else None,
        "state": d.state,
        "timeliness": d.status,
        "progress_percent": d.progress_percent,
        "completed_on": d.completed_on.isoformat() if d.completed_on else None,
    }


@api_view
def directives_api(request):
    form = DirectiveFilterForm(request.GET or None, user=request.user)
    if request.GET and not form.is_valid():
        errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
        return api_json({"error": _("Bộ lọc không hợp lệ."), "fields": errors}, status=400)
    filters = form.cleaned_data if request.GET else {}
    listing = selectors.directive_listing_filtered(user=request.user, filters=filters)
    rows = listing.rows.prefetch_related("supporting_units")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return api_json(
        {
            "as_of": (filters.get("as_of") or timezone.localdate()).isoformat(),
            "total": listing.total,
            "grid": listing.grid,
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "results": [_directive_json(request, row) for row in page.object_list],
        }
    )
