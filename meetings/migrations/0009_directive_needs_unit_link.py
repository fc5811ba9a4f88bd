"""Every directive gets a linked lead unit.

Legacy directives saved with the lead unit as text only are linked where the text is exactly the
name (or short name) of one unit — NFC, case-insensitive, the unit valid on the meeting day when
names repeat over time. The others, and those with no unit at all, are flagged `needs_unit_link`
and listed for the secretariat ("Nhiệm vụ chưa gắn đơn vị"); 0010 then requires a lead unit on
every directive that is not flagged.
"""

import unicodedata
from zoneinfo import ZoneInfo

from django.db import migrations, models

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def _key(text):
    return " ".join(unicodedata.normalize("NFC", text or "").split()).casefold()


def _valid_on(unit, day):
    return (unit.valid_from is None or unit.valid_from <= day) and (
        unit.valid_to is None or day <= unit.valid_to
    )


def link_units(apps, schema_editor):
    Directive = apps.get_model("meetings", "Directive")
    OrgUnit = apps.get_model("steering", "OrgUnit")
    by_name = {}
    for unit in OrgUnit.objects.all():
        for name in {_key(unit.name), _key(unit.short_name)} - {""}:
            by_name.setdefault(name, []).append(unit)
    unlinked = Directive.objects.filter(lead_unit__isnull=True).select_related(
        "conclusion__meeting"
    )
    for directive in unlinked.iterator():
        day = directive.conclusion.meeting.starts_at.astimezone(TZ).date()
        candidates = by_name.get(_key(directive.lead_unit_text), [])
        if len(candidates) > 1:
            candidates = [unit for unit in candidates if _valid_on(unit, day)]
        if len(candidates) == 1:
            Directive.objects.filter(pk=directive.pk).update(
                lead_unit=candidates[0], lead_unit_text="", needs_unit_link=False
            )
        else:
            Directive.objects.filter(pk=directive.pk).update(needs_unit_link=True)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0008_document_signatures"),
        ("steering", "0006_unitalias"),
    ]

    operations = [
        migrations.AddField(
            model_name="directive",
            name="needs_unit_link",
            field=models.BooleanField(default=False, verbose_name="Chờ gắn đơn vị chủ trì"),
        ),
        migrations.AddField(
            model_name="historicaldirective",
            name="needs_unit_link",
            field=models.BooleanField(default=False, verbose_name="Chờ gắn đơn vị chủ trì"),
        ),
        migrations.RunPython(link_units, migrations.RunPython.noop),
    ]
