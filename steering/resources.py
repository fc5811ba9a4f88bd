"""Column mappings for xlsx import/export of org units and committee members (round-trip:
the export is the import format). Business rules stay in the models' constraints and services."""

from import_export import fields, resources
from import_export.widgets import DateWidget, ForeignKeyWidget

from .models import Membership, OrgUnit, Person, SteeringCommittee
from .services import person_get_or_create

DATE_FORMAT = "%d/%m/%Y"


class AtomicModelResource(resources.ModelResource):
    """An import applies completely or not at all: any row error or validation error rolls the
    whole file back, from the admin, a view or a task alike."""

    def import_data(self, dataset, **kwargs):
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, **kwargs)


class OrgUnitResource(AtomicModelResource):
    parent = fields.Field(
        attribute="parent", column_name="parent_code", widget=ForeignKeyWidget(OrgUnit, "code")
    )
    valid_from = fields.Field(
        attribute="valid_from", column_name="valid_from", widget=DateWidget(DATE_FORMAT)
    )
    valid_to = fields.Field(
        attribute="valid_to", column_name="valid_to", widget=DateWidget(DATE_FORMAT)
    )

    class Meta:
        model = OrgUnit
        import_id_fields = ("code",)
        fields = (
            "code",
            "national_code",
            "kind",
            "name",
            "short_name",
            "abbreviation",
            "place_name",
            "parent",
            "valid_from",
            "valid_to",
            "email",
        )
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def export(self, queryset=None, **kwargs):
        # Parents before children (whatever the admin's filter and ordering), so that the
        # exported file imports back in one pass.
        units = list(self.get_queryset() if queryset is None else queryset)
        by_parent: dict = {}
        present = {unit.pk for unit in units}
        for unit in units:
            by_parent.setdefault(unit.parent_id if unit.parent_id in present else None, []).append(
                unit
            )
        ordered: list[OrgUnit] = []

        def walk(parent_id):
            for unit in sorted(by_parent.get(parent_id, []), key=lambda u: u.code):
                ordered.append(unit)
                walk(unit.pk)

        walk(None)
        return super().export(queryset=ordered, **kwargs)

    def get_queryset(self):
        return OrgUnit.objects.select_related("parent")


class PersonByNameWidget(ForeignKeyWidget):
    """A member is named in the sheet; the person is found (or created) within their agency."""

    def __init__(self):
        super().__init__(Person, "full_name")

    def clean(self, value, row=None, **kwargs):
        if not value:
            return None
        unit_code = (row or {}).get("person_unit_code") or ""
        unit = OrgUnit.objects.filter(code=unit_code).first() if unit_code else None
        if unit_code and unit is None:
            raise ValueError(f"Không tìm thấy đơn vị có mã “{unit_code}”.")
        return person_get_or_create(full_name=str(value), org_unit=unit)


class MembershipResource(AtomicModelResource):
    committee = fields.Field(
        attribute="committee",
        column_name="committee_code",
        widget=ForeignKeyWidget(SteeringCommittee, "code"),
    )
    person = fields.Field(
        attribute="person", column_name="person_name", widget=PersonByNameWidget()
    )
    person_unit_code = fields.Field(
        attribute="person__org_unit__code", column_name="person_unit_code", readonly=True
    )
    start_date = fields.Field(
        attribute="start_date", column_name="start_date", widget=DateWidget(DATE_FORMAT)
    )
    end_date = fields.Field(
        attribute="end_date", column_name="end_date", widget=DateWidget(DATE_FORMAT)
    )

    class Meta:
        model = Membership
        import_id_fields = ("committee", "person", "role", "start_date")
        fields = (
            "committee",
            "person",
            "person_unit_code",
            "role",
            "position_in_agency",
            "start_date",
            "end_date",
        )
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_queryset(self):
        return Membership.objects.select_related("committee", "person__org_unit").order_by(
            "committee__code", "start_date", "pk"
        )
