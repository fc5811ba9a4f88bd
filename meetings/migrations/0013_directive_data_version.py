"""The directives' data version (every write to the tables behind a directive figure gives it a
new token, see steering.data_version) and the index the overdue-first lists read pages in."""

import django.db.models.functions.comparison
from django.db import migrations, models

from steering.data_version import DIRECTIVES, install_triggers, remove_triggers

# The tables a directive figure is counted from: the directives, their supporting units, the
# conclusions and meetings they hang from (meeting dates filter the dashboard), and the units
# whose names label the rows.
TABLES = [
    "meetings_directive",
    "meetings_directive_supporting_units",
    "meetings_conclusion",
    "meetings_meeting",
    "steering_orgunit",
]


def forwards(apps, schema_editor):
    install_triggers(schema_editor, DIRECTIVES, TABLES)


def backwards(apps, schema_editor):
    remove_triggers(schema_editor, DIRECTIVES, TABLES)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0012_meetingdocument_report"),
        ("projects", "0002_seed_statuses_and_groups"),
        ("steering", "0007_dataversion"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="directive",
            index=models.Index(
                django.db.models.functions.comparison.Coalesce("extended_due_date", "due_date"),
                models.F("id"),
                name="meetings_dir_effdue_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="directive",
            index=models.Index(
                django.db.models.functions.comparison.Coalesce("extended_due_date", "due_date"),
                models.F("id"),
                condition=models.Q(("deadline_kind", "recurring")),
                name="meetings_dir_recurring_idx",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
