from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from .models import OrgKind
from .text import nfc


class PortalFormMixin:
    """Bootstrap classes on every widget, `aria-invalid` on fields with errors, NFC text input."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
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
