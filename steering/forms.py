import datetime

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from .models import OrgKind
from .text import nfc, strip_bidi

# Every date a form accepts lies in these years: a date far outside (0001-01-01, 9999-12-31)
# is a typing slip or a probe, and date arithmetic on it overflows.
DATE_MIN = datetime.date(2000, 1, 1)
DATE_MAX = datetime.date(2100, 12, 31)
# A text field without its own limit (a TextField's form field) takes at most this many characters.
TEXT_MAX_CHARS = 20_000
INT_MAX = 2**31 - 1  # PostgreSQL's integer


def date_in_range(value) -> None:
    day = value.date() if isinstance(value, datetime.datetime) else value
    if day is not None and not DATE_MIN <= day <= DATE_MAX:
        raise ValidationError(
            _("Ngày phải trong khoảng từ %(start)s đến %(end)s."),
            code="date_range",
            params={"start": DATE_MIN.strftime("%d/%m/%Y"), "end": DATE_MAX.strftime("%d/%m/%Y")},
        )


def _bound(field) -> None:
    """Limits every portal form gets: dates within DATE_MIN..DATE_MAX, integers within the
    database's range, free text within TEXT_MAX_CHARS."""
    if isinstance(field, forms.DateField | forms.DateTimeField):
        field.validators.append(date_in_range)
    elif isinstance(field, forms.IntegerField):
        if field.max_value is None:
            field.validators.append(MaxValueValidator(INT_MAX))
        if field.min_value is None:
            field.validators.append(MinValueValidator(-INT_MAX))
    elif isinstance(field, forms.CharField) and field.max_length is None:
        field.max_length = TEXT_MAX_CHARS
        field.validators.append(MaxLengthValidator(TEXT_MAX_CHARS))
        field.widget.attrs.setdefault("maxlength", str(TEXT_MAX_CHARS))


class PortalFormMixin:
    """Bootstrap classes on every widget, `aria-invalid` on fields with errors, NFC text input
    without bidirectional controls, bounded dates, integers and text."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _bound(field)
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                css = "form-check-input"
            elif isinstance(widget, forms.HiddenInput):
                continue
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"

    def _clean_fields(self):
        super()._clean_fields()
        for name, value in list(self.cleaned_data.items()):
            if isinstance(value, str):
                # Right-to-left overrides would show "…exe.pdf"; no Vietnamese text needs them
                # (a password keeps every character it was typed with).
                field = self.fields.get(name)
                if field is None or not isinstance(field.widget, forms.PasswordInput):
                    value = strip_bidi(value)
                self.cleaned_data[name] = nfc(value)


class LoginForm(PortalFormMixin, AuthenticationForm):
    pass


class PortalPasswordChangeForm(PortalFormMixin, PasswordChangeForm):
    pass


class OrgUnitFilterForm(PortalFormMixin, forms.Form):
    q = forms.CharField(label=_("Tìm theo tên"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Loại đơn vị"), required=False, choices=[("", _("Tất cả")), *OrgKind.choices]
    )
    on = forms.DateField(
        label=_("Còn hiệu lực vào ngày"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )


# Deadline extensions, shared by meeting directives and plan tasks (steering.workflow).
_DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class ExtensionRequestForm(PortalFormMixin, forms.Form):
    requested_due_date = forms.DateField(
        label=_("Đề nghị gia hạn đến"), widget=_DATE_INPUT, input_formats=_DATE_FORMATS
    )
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionDecisionForm(PortalFormMixin, forms.Form):
    approve = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[("yes", _("Đồng ý gia hạn")), ("no", _("Không đồng ý"))],
        widget=forms.RadioSelect,
    )
    granted_due_date = forms.DateField(
        label=_("Gia hạn đến"),
        required=False,
        widget=_DATE_INPUT,
        input_formats=_DATE_FORMATS,
        help_text=_("Để trống: đồng ý đúng ngày đơn vị đề nghị."),
    )
    note = forms.CharField(label=_("Ý kiến"), required=False, max_length=1000)
