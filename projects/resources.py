"""xlsx import/export of the project register (the export is the import format)."""

from import_export import fields
from import_export.widgets import DateWidget, ForeignKeyWidget

from steering.models import OrgUnit, SteeringCommittee
from steering.numbers import NumberKind, VnNumberWidget
from steering.resources import DATE_FORMAT, AtomicModelResource

from .models import ITProject, ProjectGroup, ProjectStatus


class ITProjectResource(AtomicModelResource):
    owner_unit = fields.Field(
        attribute="owner_unit",
        column_name="owner_unit_code",
        widget=ForeignKeyWidget(OrgUnit, "code"),
    )
    committee = fields.Field(
        attribute="committee",
        column_name="committee_code",
        widget=ForeignKeyWidget(SteeringCommittee, "code"),
    )
    group = fields.Field(
        attribute="group", column_name="group_code", widget=ForeignKeyWidget(ProjectGroup, "code")
    )
    status = fields.Field(
        attribute="status",
        column_name="status_code",
        widget=ForeignKeyWidget(ProjectStatus, "code"),
    )
    start_date = fields.Field(
        attribute="start_date", column_name="start_date", widget=DateWidget(DATE_FORMAT)
    )
    end_date = fields.Field(
        attribute="end_date", column_name="end_date", widget=DateWidget(DATE_FORMAT)
    )
    total_investment = fields.Field(
        attribute="total_investment",
        column_name="total_investment",
        widget=VnNumberWidget(kind=NumberKind.COUNT),
    )

    class Meta:
        model = ITProject
        import_id_fields = ("code",)
        fields = (
            "code",
            "name",
            "description",
            "owner_unit",
            "committee",
            "group",
            "status",
            "health",
            "total_investment",
            "funding_source",
            "start_date",
            "end_date",
            "pilot_evaluation",
        )
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def before_import_row(self, row, **kwargs):
        # Spreadsheets give empty cells as None; these columns store an empty text instead.
        for column in ("description", "funding_source", "pilot_evaluation"):
            if row.get(column) is None:
                row[column] = ""

    def get_queryset(self):
        return ITProject.objects.select_related("owner_unit", "committee", "group", "status")
