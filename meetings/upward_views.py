"""A ward's report upward for a period: on screen, as Excel, as PDF (one click each; the PDF is
rendered by the worker, the click shows its state until the file is ready, then serves it)."""

import datetime

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from steering.downloads import content_disposition
from steering.forms import PortalFormMixin
from steering.security import rate_limit_refusal
from steering.selectors import committee_area

from .models import RenderState
from .permissions import upward_report_committee_get
from .upward_export import upward_report_key, upward_report_xlsx_file
from .upward_pdf import upward_pdf_get, upward_pdf_request, upward_pdf_requeue
from .upward_report import upward_report

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
POLL_SECONDS = 2


class UpwardPeriodForm(PortalFormMixin, forms.Form):
    start = forms.DateField(label=_("Từ ngày"), input_formats=DATE_FORMATS)
    end = forms.DateField(label=_("Đến ngày"), input_formats=DATE_FORMATS)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("Ngày cuối kỳ phải sau ngày đầu kỳ."))
        return data


def _period(request) -> tuple[UpwardPeriodForm, datetime.date, datetime.date]:
    """The period asked for, or this year to today while the form is empty or wrong."""
    today = timezone.localdate()
    default = (datetime.date(today.year, 1, 1), today)
    if "start" not in request.GET and "end" not in request.GET:
        form = UpwardPeriodForm(
            initial={"start": default[0].strftime("%d/%m/%Y"), "end": today.strftime("%d/%m/%Y")}
        )
        return form, *default
    form = UpwardPeriodForm(request.GET)
    if form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, *default


def _filename(*, committee, area, start, end, extension: str) -> str:
    name = area.name if area else committee.name
    return f"Báo cáo {name} {start:%d.%m.%Y}-{end:%d.%m.%Y}.{extension}"


@login_required
def upward_report_page(request, pk: int):
    committee = upward_report_committee_get(user=request.user, pk=pk)
    form, start, end = _period(request)
    report = upward_report(committee=committee, user=request.user, start=start, end=end)
    query = f"start={start:%d/%m/%Y}&end={end:%d/%m/%Y}"
    return render(
        request,
        "meetings/upward_report.html",
        {"committee": committee, "form": form, "report": report, "query": query},
    )


@login_required
def upward_report_excel(request, pk: int):
    committee = upward_report_committee_get(user=request.user, pk=pk)
    _form, start, end = _period(request)
    area, data = upward_report_xlsx_file(
        committee=committee, user=request.user, start=start, end=end
    )
    response = HttpResponse(data, content_type=XLSX)
    name = _filename(committee=committee, area=area, start=start, end=end, extension="xlsx")
    response["Content-Disposition"] = content_disposition(name)
    return response


def _pdf_job(request, pk: int):
    committee = upward_report_committee_get(user=request.user, pk=pk)
    _form, start, end = _period(request)
    key = upward_report_key(committee=committee, user=request.user, start=start, end=end)
    return committee, start, end, key, upward_pdf_get(key=key)


def _pdf_state(request, committee, start, end, job):
    return {
        "committee": committee,
        "job": job,
        "start": start,
        "end": end,
        "query": f"start={start:%d/%m/%Y}&end={end:%d/%m/%Y}",
        "poll_seconds": POLL_SECONDS,
    }


@login_required
@require_http_methods(["GET", "POST"])
def upward_report_pdf_download(request, pk: int):
    """The click on "Tải PDF": the stored file when the report's current content is rendered;
    otherwise its render job (created once, on the worker) and a page that follows its state.
    POST: a failed job is tried again."""
    committee, start, end, key, job = _pdf_job(request, pk)
    if request.method == "GET" and job is not None and job.state == RenderState.READY:
        try:
            handle = default_storage.open(job.file, "rb")
        except FileNotFoundError:
            job = upward_pdf_requeue(job=job)  # the media folder lost it: render again
        else:
            area = committee_area(committee=committee)
            name = _filename(committee=committee, area=area, start=start, end=end, extension="pdf")
            response = FileResponse(handle, content_type="application/pdf")
            response["Content-Disposition"] = content_disposition(name)
            response["ETag"] = f'"{job.sha256}"'
            response["X-Content-Type-Options"] = "nosniff"
            response["Content-Security-Policy"] = "sandbox"
            return response
    if job is None or (request.method == "POST" and job.state == RenderState.FAILED):
        if (refused := rate_limit_refusal(request, "pdf")) is not None:
            return refused  # each new job is a render of seconds on the worker
        if job is None:
            job = upward_pdf_request(
                committee=committee, user=request.user, start=start, end=end, key=key
            )
        else:
            job = upward_pdf_requeue(job=job)
    context = _pdf_state(request, committee, start, end, job)
    return render(request, "meetings/upward_pdf_wait.html", context)


@login_required
def upward_report_pdf_state(request, pk: int):
    """The render job's state; htmx polls it while the job is queued or rendering."""
    committee, start, end, _key, job = _pdf_job(request, pk)
    context = _pdf_state(request, committee, start, end, job)
    return render(request, "meetings/upward_pdf_state.html", context)
