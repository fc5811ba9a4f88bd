"""Conclusion notices, minutes and reports before a meeting: draft, preview, issue, render
status, download, versions."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from steering.downloads import content_disposition
from steering.forms import date_in_range
from steering.officialdoc import DOCUMENT_PROFILES, render_css, render_html
from steering.security import rate_limit, rate_limit_refusal

from . import notices
from .document_signing import document_verify as verify_pdf
from .models import DocumentKind, MeetingDocument, RenderState
from .permissions import can_verify_documents, document_get_for_user, meeting_get_for_user

POLL_SECONDS = 2


class DocumentDraftForm(forms.ModelForm):
    class Meta:
        model = MeetingDocument
        fields = list(notices.DRAFT_FIELDS)
        widgets = {
            "subject": forms.Textarea(attrs={"rows": 3}),
            "closing": forms.Textarea(attrs={"rows": 2}),
            "recipients_extra": forms.Textarea(attrs={"rows": 4}),
            "opening": forms.Textarea(attrs={"rows": 4}),
            "assessment": forms.Textarea(attrs={"rows": 8}),
        }

    # The fields each kind does not show: a minutes has no closing sentence, a notice or a report
    # no secretary; only a report has its own text parts (the others take theirs from the meeting).
    HIDDEN = {
        DocumentKind.NOTICE: ("secretary_name", "opening", "assessment"),
        DocumentKind.MINUTES: (
            "closing",
            "signer_authority",
            "signer_position",
            "opening",
            "assessment",
        ),
        DocumentKind.REPORT: ("secretary_name",),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.HIDDEN[self.instance.kind]:
            del self.fields[name]
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class IssueForm(forms.Form):
    issued_on = forms.DateField(
        label=gettext_lazy("Ngày ban hành"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
        validators=[date_in_range],
    )


def _detail_context(request, document: MeetingDocument, **extra) -> dict:
    versions = list(
        MeetingDocument.objects.filter(meeting_id=document.meeting_id, kind=document.kind)
        .select_related("supersedes", "superseded_by")
        .order_by("-version")
    )
    can_manage = request.user.has_perm("meetings.manage_document", document)
    if not request.user.has_perm("meetings.view_document_drafts", document):
        versions = [v for v in versions if not v.is_draft]  # a recipient unit: issued ones only
    return {
        "document": document,
        "meeting": document.meeting,
        "versions": versions,
        "can_manage": can_manage,
        # A ward reading the upper committee's notice of its task may not open that meeting.
        "can_view_meeting": request.user.has_perm("meetings.view_meeting", document.meeting),
        "can_verify": can_verify_documents(request.user),
        "can_supersede": (
            can_manage
            and not document.is_draft
            and not any(v.is_draft for v in versions)
            and not any(v.supersedes_id == document.pk for v in versions)
        ),
        "upload_form": SignedUploadForm(
            prefix="upload",
            initial={"issued_on": notices.document_default_issue_day(document=document)},
        ),
        "issue_form": IssueForm(
            initial={"issued_on": notices.document_default_issue_day(document=document)}
        ),
        "poll_seconds": POLL_SECONDS,
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def document_draft_create(request, pk: int, kind: str):
    if request.method == "GET":
        # A typed or bookmarked draft URL: the meeting page, where the draft buttons are.
        return redirect(meeting_get_for_user(user=request.user, pk=pk))
    meeting = meeting_get_for_user(user=request.user, pk=pk, perm="meetings.manage_meeting")
    if kind not in DocumentKind.values:
        raise Http404
    try:
        document = notices.notice_draft_build(meeting=meeting, kind=kind, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(meeting)
    return redirect(document)


@login_required
def document_detail(request, pk: int):
    document = document_get_for_user(user=request.user, pk=pk)
    return render(request, "meetings/notice_detail.html", _detail_context(request, document))


@login_required
def document_edit(request, pk: int):
    document = document_get_for_user(user=request.user, pk=pk, perm="meetings.manage_document")
    if not document.is_draft:
        messages.error(
            request, _("Văn bản đã ban hành không thể sửa; hãy ban hành văn bản thay thế.")
        )
        return redirect(document)
    form = DocumentDraftForm(request.POST or None, instance=document)
    if request.method == "POST":
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.fields}
            try:
                notices.notice_draft_update(document=document, **fields)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Đã lưu dự thảo."))
                return redirect(document)
        status = 400
    else:
        status = 200
    return render(
        request, "meetings/notice_form.html", {"form": form, "document": document}, status=status
    )


@login_required
@require_POST
@rate_limit("pdf")
def document_issue(request, pk: int):
    document = document_get_for_user(user=request.user, pk=pk, perm="meetings.manage_document")
    form = IssueForm(request.POST)
    if form.is_valid():
        try:
            issued = notices.notice_issue(
                document=document, user=request.user, issued_on=form.cleaned_data["issued_on"]
            )
        except ValidationError as exc:
            incomplete = any(error.code == "incomplete" for error in exc.error_list)
            form.add_error(None if incomplete else "issued_on", exc)
        else:
            messages.success(
                request,
                _("Đã ban hành %(kind)s số %(number)s.")
                % {"kind": issued.get_kind_display().lower(), "number": issued.number_label},
            )
            return redirect(issued)
    context = _detail_context(request, document, issue_form=form)
    return render(request, "meetings/notice_detail.html", context, status=400)


@login_required
def document_preview(request, pk: int):
    """The document as a web page, styled by the print stylesheet served from `document_css`
    (a linked file: the CSP allows no inline style)."""
    document = document_get_for_user(user=request.user, pk=pk)
    built = notices.document_build(document=document)
    html = render_html(built, stylesheet_url=reverse("document_css", args=[built.profile]))
    return HttpResponse(html)


@login_required
def document_css(request, profile: str):
    if profile not in DOCUMENT_PROFILES:
        raise Http404
    css = render_css(profile, font_base_url=static("fonts/"))
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def document_status(request, pk: int):
    """The render job's state; htmx polls it while the job is queued or rendering."""
    document = document_get_for_user(user=request.user, pk=pk)
    context = {
        "document": document,
        "can_manage": request.user.has_perm("meetings.manage_document", document),
        "poll_seconds": POLL_SECONDS,
    }
    return render(request, "meetings/notice_status.html", context)


@login_required
@require_POST
@rate_limit("pdf")
def document_retry(request, pk: int):
    document = document_get_for_user(user=request.user, pk=pk, perm="meetings.manage_document")
    document = notices.notice_render_retry(document=document)
    if request.headers.get("HX-Request"):
        document.refresh_from_db()
        context = {"document": document, "can_manage": True, "poll_seconds": POLL_SECONDS}
        return render(request, "meetings/notice_status.html", context)
    return redirect(document)


@login_required
def document_download(request, pk: int):
    """The issued PDF as stored (its SHA-256 is on the page), or a draft rendered now."""
    document = document_get_for_user(user=request.user, pk=pk)
    if document.is_draft:
        if (refused := rate_limit_refusal(request, "pdf")) is not None:
            return refused  # a draft is rendered now: as costly as issuing
        pdf = notices.document_pdf(document=document)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition(document.download_name)
    else:
        if document.render_state != RenderState.READY or not document.file:
            raise Http404(_("Tệp PDF chưa sẵn sàng."))
        try:
            handle = document.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=document.download_name,
            content_type="application/pdf",
        )
        response["Content-Disposition"] = content_disposition(document.download_name)
        response["ETag"] = f'"{document.sha256}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def document_docx(request, pk: int):
    """The document as a Word file with the same layout, for finishing in Word."""
    document = document_get_for_user(user=request.user, pk=pk)
    if (refused := rate_limit_refusal(request, "pdf")) is not None:
        return refused
    data = notices.document_docx(document=document)
    response = HttpResponse(data, content_type=DOCX_TYPE)
    name = document.download_name.removesuffix(".pdf") + ".docx"
    response["Content-Disposition"] = content_disposition(name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def document_supersede(request, pk: int):
    document = document_get_for_user(user=request.user, pk=pk, perm="meetings.manage_document")
    try:
        draft = notices.notice_supersede(document=document, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(document)
    messages.success(
        request, _("Đã tạo dự thảo thay thế (phiên bản %(version)s).") % {"version": draft.version}
    )
    return redirect(draft)


class SignedUploadForm(forms.Form):
    issued_on = forms.DateField(
        label=gettext_lazy("Ngày ký ban hành"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
        validators=[date_in_range],
    )
    file = forms.FileField(
        label=gettext_lazy("Tệp PDF đã ký số"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".pdf"}),
    )


@login_required
@require_POST
@rate_limit("upload")
def document_upload_signed(request, pk: int):
    """A document signed in the office's own system becomes the issued version: numbered from
    the register like any issue, its hash recorded, nothing rendered."""
    document = document_get_for_user(user=request.user, pk=pk, perm="meetings.manage_document")
    form = SignedUploadForm(request.POST, request.FILES, prefix="upload")
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > notices.MAX_UPLOAD_BYTES:
                raise ValidationError(_("Tệp quá lớn (tối đa 30 MB)."), code="upload")
            issued = notices.notice_issue(
                document=document,
                user=request.user,
                issued_on=form.cleaned_data["issued_on"],
                signed_upload=upload.read(),
            )
        except ValidationError as exc:
            is_file = any(error.code == "upload" for error in exc.error_list)
            form.add_error("file" if is_file else "issued_on", exc)
        else:
            messages.success(
                request,
                _("Đã ban hành %(kind)s số %(number)s bằng tệp đã ký số tải lên.")
                % {"kind": issued.get_kind_display().lower(), "number": issued.number_label},
            )
            return redirect(issued)
    context = _detail_context(request, document, upload_form=form)
    return render(request, "meetings/notice_detail.html", context, status=400)


MAX_VERIFY_BYTES = 30 * 1024 * 1024


class VerifyForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp PDF cần kiểm tra"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".pdf"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_VERIFY_BYTES:
            raise ValidationError(_("Tệp quá lớn (tối đa 30 MB)."))
        return upload


@login_required
def document_verify(request):
    """Any PDF → whether it is a document issued here (number, date, signer) and unchanged
    since it was signed, or exactly why not."""
    if not can_verify_documents(request.user):
        raise PermissionDenied
    form = VerifyForm(request.POST, request.FILES) if request.method == "POST" else VerifyForm()
    verdict, status = None, 200
    if request.method == "POST":
        if (refused := rate_limit_refusal(request, "upload")) is not None:
            return refused
        if form.is_valid():
            verdict = verify_pdf(data=form.cleaned_data["file"].read())
        else:
            status = 400
    return render(
        request, "meetings/document_verify.html", {"form": form, "verdict": verdict}, status=status
    )
