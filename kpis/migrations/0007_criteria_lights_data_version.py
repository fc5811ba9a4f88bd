"""A data version for the criteria traffic lights (steering/data_version.py): every write to a
criteria set, its groups and criteria, a score sheet or a mark gives "criteria_lights" a new
token. The ward's upward report PDF (meetings/upward_pdf.py) is kept under it, so a mark changed
by any path (a service, the admin, an import, raw SQL) makes the next download a new file."""

from django.db import migrations

from steering.data_version import CRITERIA_LIGHTS, install_triggers, remove_triggers

TABLES = [
    "kpis_criteriaset",
    "kpis_criteriongroup",
    "kpis_criterion",
    "kpis_scoresheet",
    "kpis_criterionscore",
]


def forwards(apps, schema_editor):
    install_triggers(schema_editor, CRITERIA_LIGHTS, TABLES)


def backwards(apps, schema_editor):
    remove_triggers(schema_editor, CRITERIA_LIGHTS, TABLES)


class Migration(migrations.Migration):
    dependencies = [
        ("kpis", "0006_criteria_traffic_lights"),
        ("steering", "0007_dataversion"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
