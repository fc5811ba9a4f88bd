"""The directives' data version also follows the tables that decide who sees a directive beyond
its own rows: successions (an old ward's open tasks fall to its successor) and committees (the
owner unit decides what came "from above"). A cached count over a user's directives is keyed on
its SQL, which names the user's committees, but not on these rows."""

from django.db import migrations

from steering.data_version import DIRECTIVES, install_triggers, remove_triggers

TABLES = ["steering_orgsuccession", "steering_steeringcommittee"]


def forwards(apps, schema_editor):
    install_triggers(schema_editor, DIRECTIVES, TABLES, new=False)


def backwards(apps, schema_editor):
    remove_triggers(schema_editor, DIRECTIVES, TABLES, drop=False)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0013_directive_data_version")]

    operations = [migrations.RunPython(forwards, backwards)]
