# A separate migration: on PostgreSQL the rows 0009 updated hold deferred foreign-key checks, and
# a table with pending trigger events cannot be altered in the same transaction.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0009_directive_needs_unit_link"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="directive",
            constraint=models.CheckConstraint(
                condition=models.Q(("lead_unit__isnull", False), ("needs_unit_link", True), _connector="OR"),
                name="meetings_directive_has_lead_unit",
                violation_error_message="Nhiệm vụ phải có đơn vị chủ trì: hãy chọn một đơn vị trong danh sách.",
            ),
        ),
    ]
