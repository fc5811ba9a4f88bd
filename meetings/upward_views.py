"""A ward's report upward for a period: on screen, as Excel, as PDF (one click each)."""

import datetime

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from steering.downloads import content_disposition
from steering.forms import PortalFormMixin

from .permissions import upward_report_committee_get
from .upward_export import upward_report_pdf, upward_report_xlsx
from .upward_report import upward_report

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


def _filename(report, extension: str) -> str:
    name = report.area.name if report.area else report.committee.name
    return f"Báo cáo {name} {report.start:%d.%m.%Y}-{report.end:%d.%m.%Y}.{extension}"


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
    report = upward_report(committee=committee, user=request.user, start=start, end=end)
    response = HttpResponse(upward_report_xlsx(report), content_type=XLSX)
    response["Content-Disposition"] = content_disposition(_filename(report, "xlsx"))
    return response


@login_required
def upward_report_pdf_download(request, pk: int):
    committee = upward_report_committee_get(user=request.user, pk=pk)
    _form, start, end = _period(request)
    report = upward_report(committee=committee, user=request.user, start=start, end=end)
    response = HttpResponse(upward_report_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(_filename(report, "pdf"))
    return response
