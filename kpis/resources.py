"""A unit's figures for one period as an xlsx sheet: the downloaded template is the import format.

Rows are keyed by indicator code; the unit and the period come from the request, never from the
file, and a row naming another unit is an error. Every problem is reported on its row and column.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from import_export import fields, widgets

from steering.models import OrgUnit
from steering.numbers import NumberKind, VnNumberWidget, vn_plain
from steering.resources import AtomicModelResource

from .models import (
    Direction,
    Indicator,
    IndicatorKind,
    IndicatorReport,
    Plan,
    ReportState,
    Target,
)
from .periods import PeriodKind

COLUMNS = ["ma_don_vi", "ma_chi_tieu", "ten_chi_tieu", "tu_so", "mau_so", "gia_tri", "giai_trinh"]
REQUIRED = {"ma_don_vi", "ma_chi_tieu", "tu_so", "mau_so", "gia_tri", "giai_trinh"}
COLUMN_LABELS = {
    "ma_don_vi": "Mã đơn vị",
    "ma_chi_tieu": "Mã chỉ tiêu",
    "ten_chi_tieu": "Tên chỉ tiêu",
    "tu_so": "Tử số",
    "mau_so": "Mẫu số",
    "gia_tri": "Giá trị",
    "giai_trinh": "Giải trình",
    "don_vi_tinh": "Đơn vị tính",
    "cach_nhap": "Cách nhập",
}
# Columns of the template a clerk reads but the import does not (kpis/entry_template.py).
INFO_COLUMNS = {"don_vi_tinh", "cach_nhap"}
# A header written in Vietnamese ("Tử số") reads as its code ("tu_so").
LABEL_TO_CODE = {label.lower(): code for code, label in COLUMN_LABELS.items()}


def header_codes(header: list[str]) -> list[str]:
    """The header with Vietnamese column names turned into the codes the import keys on."""
    return [LABEL_TO_CODE.get(name, name) for name in header]


def is_labels_row(cells: list, header: list[str]) -> bool:
    """The template's visible header row ("Mã đơn vị", "Mã chỉ tiêu"…) under the hidden codes."""
    named = [
        (str(cell).strip().lower(), COLUMN_LABELS[code].lower())
        for cell, code in zip(cells, header, strict=False)
        if code in COLUMN_LABELS and str(cell or "").strip()
    ]
    return bool(named) and all(cell == label for cell, label in named)


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BULK_COLUMNS = ["ma_don_vi", "ma_chi_tieu", "ma_ky", "tu_so", "mau_so", "gia_tri", "giai_trinh"]
PROGRESS_EVERY = 200


def escape_formula(value):
    """Text that a spreadsheet would run as a formula is written as text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class NumberWidget(VnNumberWidget):
    """A figure's cell, read by the portal's one number parser (steering.numbers): numerators
    and denominators are whole numbers ("1.250" is 1250)."""

    def __init__(self):
        super().__init__(kind=NumberKind.COUNT)


class ValueWidget(VnNumberWidget):
    """The value cell: whole for count and yes/no indicators, decimal for the others (where
    "1.250" is ambiguous and refused); the row's indicator code decides."""

    def __init__(self, indicators: dict):
        super().__init__(kind=self.kind_of_row)
        self.indicators = indicators

    def kind_of_row(self, row) -> NumberKind:
        indicator = self.indicators.get(str((row or {}).get("ma_chi_tieu") or "").strip())
        whole = indicator is not None and indicator.kind in (
            IndicatorKind.COUNT,
            IndicatorKind.BOOLEAN,
        )
        return NumberKind.COUNT if whole else NumberKind.DECIMAL


def number_as_read(value, *, row: dict, by_code: dict | None = None):
    """A figure's cell as the import reads it, for the preview ("1.250" → "1250"); the cell as
    it is when it does not read (its error is listed apart)."""
    widget = ValueWidget(by_code) if by_code is not None else NumberWidget()
    try:
        number = widget.clean(value, row=row)
    except ValueError:
        return value
    return vn_plain(number)


class UnitCodeWidget(widgets.Widget):
    def __init__(self, unit):
        super().__init__()
        self.unit = unit

    def clean(self, value, row=None, **kwargs):
        code = str(value or "").strip()
        if code != self.unit.code:
            raise ValueError(
                f"Mã đơn vị “{code}” không phải đơn vị của bạn ({self.unit.code}); "
                "chỉ nhập số liệu của đơn vị mình."
            )
        return self.unit

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


class IndicatorCodeWidget(widgets.Widget):
    def __init__(self, indicators):
        super().__init__()
        self.indicators = indicators

    def clean(self, value, row=None, **kwargs):
        code = str(value or "").strip()
        if code not in self.indicators:
            raise ValueError(f"Không có chỉ tiêu mã “{code}” áp dụng cho đơn vị trong kỳ này.")
        return self.indicators[code]

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


class IndicatorReportResource(AtomicModelResource):
    """One unit's figures for one period: `IndicatorReportResource(unit=, period=, user=, …)`."""

    class Meta:
        model = IndicatorReport
        fields = ()
        clean_model_instances = True
        skip_diff = True

    def __init__(self, *, unit, period, user, indicators: list[Indicator]):
        super().__init__()
        self.unit, self.period, self.user = unit, period, user
        self.by_code = {ind.code: ind for ind in indicators}
        self.existing = {
            r.indicator.code: r
            for r in IndicatorReport.objects.filter(unit=unit, period=period).select_related(
                "indicator"
            )
        }
        self.seen: dict[str, int] = {}
        self.fields = {
            "unit": fields.Field(
                attribute="unit", column_name="ma_don_vi", widget=UnitCodeWidget(unit)
            ),
            "indicator": fields.Field(
                attribute="indicator",
                column_name="ma_chi_tieu",
                widget=IndicatorCodeWidget(self.by_code),
            ),
            "numerator": fields.Field(
                attribute="numerator", column_name="tu_so", widget=NumberWidget()
            ),
            "denominator": fields.Field(
                attribute="denominator", column_name="mau_so", widget=NumberWidget()
            ),
            "value": fields.Field(
                attribute="value", column_name="gia_tri", widget=ValueWidget(self.by_code)
            ),
            "comment": fields.Field(
                attribute="comment", column_name="giai_trinh", widget=widgets.CharWidget()
            ),
        }

    def get_import_id_fields(self):
        return []

    def get_instance(self, instance_loader, row):
        code = str(row.get("ma_chi_tieu") or "").strip()
        if code in self.seen:
            return None  # a duplicate row: reported in import_instance
        return self.existing.get(code)

    def init_instance(self, row=None):
        return IndicatorReport(unit=self.unit, period=self.period)

    def import_instance(self, instance, row, **kwargs):
        errors: dict[str, list[str]] = {}
        for column, value in row.items():
            if isinstance(value, str) and value.startswith("=") and column in COLUMN_LABELS:
                errors.setdefault(column, []).append(
                    "Ô chứa công thức; chỉ nhập giá trị (dán đặc biệt → giá trị)."
                )
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors.setdefault(name, []).extend(messages)
        code = str(row.get("ma_chi_tieu") or "").strip()
        if code in self.seen:
            errors.setdefault("indicator", []).append(
                f"Chỉ tiêu “{code}” đã có ở dòng {self.seen[code]}; mỗi chỉ tiêu một dòng."
            )
        else:
            self.seen[code] = kwargs.get("row_number", 0) + 1
        indicator = self.by_code.get(code)
        if instance.pk and instance.state not in (ReportState.DRAFT, ReportState.RETURNED):
            errors.setdefault("indicator", []).append(
                f"Chỉ tiêu “{code}” đang ở trạng thái “{instance.get_state_display()}”, "
                "không sửa được."
            )
        if indicator is not None and not errors:
            self._check_numbers(instance, indicator, errors)
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def _check_numbers(instance, indicator, errors):
        if indicator.kind == IndicatorKind.RATIO:
            instance.value = None
            if instance.denominator is not None and instance.denominator <= 0:
                errors.setdefault("denominator", []).append("Mẫu số phải lớn hơn 0.")
            elif (
                instance.numerator is not None
                and instance.denominator is not None
                and instance.numerator > instance.denominator
            ):
                errors.setdefault("numerator", []).append("Tử số không được lớn hơn mẫu số.")
        else:
            instance.numerator = instance.denominator = None
            if (
                indicator.kind == IndicatorKind.BOOLEAN
                and instance.value is not None
                and instance.value not in (0, 1)
            ):
                errors.setdefault("value", []).append("Chỉ nhập 1 (có) hoặc 0 (không).")
            if indicator.max_value is not None and (instance.value or 0) > indicator.max_value:
                errors.setdefault("value", []).append("Giá trị vượt mức tối đa.")

    def before_save_instance(self, instance, row, **kwargs):
        instance.state = (
            ReportState.RETURNED if instance.state == ReportState.RETURNED else ReportState.DRAFT
        )
        instance.saved_by = self.user
        instance.saved_at = timezone.now()


class CachedCodeWidget(widgets.Widget):
    """Looks a code up in a dict loaded once per import, instead of one query per row."""

    def __init__(self, mapping: dict, label: str):
        super().__init__()
        self.mapping, self.label = mapping, label

    def clean(self, value, row=None, **kwargs):
        key = str(value or "").strip()
        if key not in self.mapping:
            raise ValueError(f"Không có {self.label} mã “{key}”.")
        return self.mapping[key]

    def render(self, value, obj=None, **kwargs):
        return ""


class ReportingUnitWidget(CachedCodeWidget):
    """A reporting unit of the plan by code; a unit that exists but does not report is named."""

    def __init__(self, mapping: dict, others: set):
        super().__init__(mapping, "đơn vị")
        self.others = others

    def clean(self, value, row=None, **kwargs):
        key = str(value or "").strip()
        if key in self.others:
            raise ValueError(
                f"Đơn vị “{key}” không phải đơn vị báo cáo của kế hoạch này; "
                "chỉ nhập số liệu của các đơn vị báo cáo."
            )
        return super().clean(value, row, **kwargs)


class PeriodReportsResource(AtomicModelResource):
    """The standing agency's bulk import of many units' figures for a plan (columns ma_don_vi,
    ma_chi_tieu, ma_ky, tu_so, mau_so, gia_tri, giai_trinh). Lookups are loaded once, checks
    run in Python and rows are written in batches, so a 10,000-row file costs a few queries per
    batch rather than several per row. Still all or nothing."""

    class Meta:
        model = IndicatorReport
        fields = ()
        use_bulk = True
        batch_size = 1000
        skip_diff = True
        force_init_instance = True

    def __init__(self, *, plan, user, progress=None):
        super().__init__()
        self.user = user
        self.today = timezone.localdate()
        self.progress = progress  # called with the number of rows read so far
        self.rows_done = 0
        # Only the plan's reporting units (the issuer and its siblings that some indicator
        # applies to): a party committee or another district's office named in the file is
        # refused on its row, never written.
        indicators = {i.code: i for i in plan.indicators.all()}
        area = OrgUnit.objects.filter(Q(parent_id=plan.issuer.parent_id) | Q(pk=plan.issuer_id))
        units = {u.code: u for u in area if any(i.applies_to(u) for i in indicators.values())}
        self.other_units = set(
            OrgUnit.objects.exclude(pk__in=[u.pk for u in units.values()]).values_list(
                "code", flat=True
            )
        )
        periods = {f"{p.year}-{p.kind}-{p.number}": p for p in plan.periods.all()}
        self.existing = {
            (r.unit_id, r.indicator_id, r.period_id): r
            for r in IndicatorReport.objects.filter(period__plan=plan)
        }
        self.seen: set = set()
        self.fields = {
            "unit": fields.Field(
                attribute="unit",
                column_name="ma_don_vi",
                widget=ReportingUnitWidget(units, self.other_units),
            ),
            "indicator": fields.Field(
                attribute="indicator",
                column_name="ma_chi_tieu",
                widget=CachedCodeWidget(indicators, "chỉ tiêu"),
            ),
            "period": fields.Field(
                attribute="period", column_name="ma_ky", widget=CachedCodeWidget(periods, "kỳ")
            ),
            "numerator": fields.Field(
                attribute="numerator", column_name="tu_so", widget=NumberWidget()
            ),
            "denominator": fields.Field(
                attribute="denominator", column_name="mau_so", widget=NumberWidget()
            ),
            "value": fields.Field(
                attribute="value", column_name="gia_tri", widget=ValueWidget(indicators)
            ),
            "comment": fields.Field(
                attribute="comment", column_name="giai_trinh", widget=widgets.CharWidget()
            ),
        }

    def get_import_id_fields(self):
        return []

    def init_instance(self, row=None):
        return IndicatorReport()

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        errors: dict[str, list[str]] = {}
        key = (instance.unit_id, instance.indicator_id, instance.period_id)
        if key in self.seen:
            errors["indicator"] = ["Trùng dòng: đơn vị, chỉ tiêu và kỳ đã có ở dòng trước."]
        self.seen.add(key)
        if key in self.existing:
            errors["indicator"] = ["Đơn vị đã có số liệu chỉ tiêu này trong kỳ."]
        if instance.period_id and not instance.period.is_open_yet(self.today):
            errors["period"] = [
                f"Kỳ {instance.period.label} chưa kết thúc: nhập từ ngày "
                f"{instance.period.opens_on:%d/%m/%Y}."
            ]
        if not instance.indicator.applies_to(instance.unit):
            errors["indicator"] = [
                f"Chỉ tiêu “{instance.indicator.code}” không áp dụng cho đơn vị "
                f"“{instance.unit.code}”."
            ]
        IndicatorReportResource._check_numbers(instance, instance.indicator, errors)
        if errors:
            raise ValidationError(errors)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        # Batched, and with one history record per report as a form save would leave.
        from simple_history.utils import bulk_create_with_history

        if self.create_instances and (using_transactions or not dry_run):
            try:
                bulk_create_with_history(
                    self.create_instances,
                    IndicatorReport,
                    batch_size=batch_size,
                    default_user=self.user,
                )
            except Exception as exc:  # reported on the result like the library does
                self.handle_import_error(result, exc, raise_errors)
            finally:
                self.create_instances.clear()

    def before_save_instance(self, instance, row, **kwargs):
        instance.state = ReportState.DRAFT
        instance.saved_by = self.user
        instance.saved_at = timezone.now()

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        self.rows_done += 1
        if self.progress is not None and self.rows_done % PROGRESS_EVERY == 0:
            self.progress(self.rows_done)


# --- Administrators: a plan's indicators and targets (Django admin, round trip) ---------------


class KindListWidget(widgets.Widget):
    """ "ward, urban_district" ↔ ["ward", "urban_district"] (steering.OrgKind values)."""

    def clean(self, value, row=None, **kwargs):
        from steering.models import OrgKind

        kinds = [k.strip() for k in str(value or "").replace(";", ",").split(",") if k.strip()]
        unknown = [k for k in kinds if k not in OrgKind.values]
        if unknown:
            raise ValueError(
                f"Loại đơn vị không hợp lệ: {', '.join(unknown)} "
                f"(dùng: {', '.join(OrgKind.values)})."
            )
        return kinds

    def render(self, value, obj=None, **kwargs):
        return ", ".join(value or [])


class ChoiceWidget(widgets.Widget):
    def __init__(self, choices, label: str):
        super().__init__()
        self.values, self.label = [c[0] for c in choices], label

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if text not in self.values:
            raise ValueError(
                f"{self.label} “{text}” không hợp lệ (dùng: {', '.join(self.values)})."
            )
        return text

    def render(self, value, obj=None, **kwargs):
        return value or ""


class DecimalVnWidget(VnNumberWidget):
    """A target or maximum: not negative, may be empty, written back as a plain number."""


class IndicatorAdminResource(AtomicModelResource):
    """A plan's indicators: keyed by (plan id, indicator code); the export imports back."""

    plan = fields.Field(
        attribute="plan", column_name="ke_hoach", widget=widgets.ForeignKeyWidget(Plan)
    )
    code = fields.Field(attribute="code", column_name="ma_chi_tieu")
    ordinal = fields.Field(
        attribute="ordinal", column_name="thu_tu", widget=widgets.IntegerWidget()
    )
    group_name = fields.Field(attribute="group_name", column_name="nhom")
    name = fields.Field(attribute="name", column_name="ten_chi_tieu")
    unit_of_measure = fields.Field(attribute="unit_of_measure", column_name="don_vi_tinh")
    kind = fields.Field(
        attribute="kind", column_name="loai", widget=ChoiceWidget(IndicatorKind.choices, "Loại")
    )
    direction = fields.Field(
        attribute="direction",
        column_name="chieu",
        widget=ChoiceWidget(Direction.choices, "Chiều đánh giá"),
    )
    applies_to_kinds = fields.Field(
        attribute="applies_to_kinds", column_name="loai_don_vi", widget=KindListWidget()
    )
    frequency = fields.Field(
        attribute="frequency",
        column_name="ky_bao_cao",
        widget=ChoiceWidget(PeriodKind.choices, "Kỳ báo cáo"),
    )
    max_value = fields.Field(
        attribute="max_value", column_name="gia_tri_toi_da", widget=DecimalVnWidget()
    )
    evidence_hint = fields.Field(attribute="evidence_hint", column_name="minh_chung")
    is_sample = fields.Field(
        attribute="is_sample", column_name="so_lieu_mau", widget=widgets.BooleanWidget()
    )

    class Meta:
        model = Indicator
        import_id_fields = ("plan", "code")
        fields = (
            "plan",
            "code",
            "ordinal",
            "group_name",
            "name",
            "unit_of_measure",
            "kind",
            "direction",
            "applies_to_kinds",
            "frequency",
            "max_value",
            "evidence_hint",
            "is_sample",
        )
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_queryset(self):
        return Indicator.objects.select_related("plan")


class IndicatorOfPlanWidget(widgets.Widget):
    """An indicator named by its code within the row's plan (column ke_hoach)."""

    def clean(self, value, row=None, **kwargs):
        code = str(value or "").strip()
        plan_id = str((row or {}).get("ke_hoach") or "").strip()
        indicator = Indicator.objects.filter(plan_id=plan_id or None, code=code).first()
        if indicator is None:
            raise ValueError(f"Kế hoạch {plan_id or '—'} không có chỉ tiêu mã “{code}”.")
        return indicator

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


class TargetAdminResource(AtomicModelResource):
    """Targets per year for a kind of unit or a single unit (by code), keyed by indicator code."""

    plan = fields.Field(column_name="ke_hoach", attribute="indicator__plan_id", readonly=True)
    indicator = fields.Field(
        attribute="indicator", column_name="ma_chi_tieu", widget=IndicatorOfPlanWidget()
    )
    year = fields.Field(attribute="year", column_name="nam", widget=widgets.IntegerWidget())
    org_kind = fields.Field(attribute="org_kind", column_name="loai_don_vi")
    org_unit = fields.Field(
        attribute="org_unit",
        column_name="ma_don_vi",
        widget=widgets.ForeignKeyWidget(OrgUnit, "code"),
    )
    value = fields.Field(attribute="value", column_name="muc_tieu", widget=DecimalVnWidget())

    class Meta:
        model = Target
        import_id_fields = ("indicator", "year", "org_kind", "org_unit")
        fields = ("plan", "indicator", "year", "org_kind", "org_unit", "value")
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_queryset(self):
        return Target.objects.select_related("indicator", "org_unit")

    def before_import_row(self, row, **kwargs):
        row["loai_don_vi"] = str(row.get("loai_don_vi") or "").strip()
