"""Seed the lifecycle statuses and the three project groups of the 2019 Long Biên meeting."""

from django.db import migrations

STATUSES = [
    ("proposed", "Đề xuất", 10, False),
    ("awaiting_approval", "Chờ phê duyệt", 20, False),
    ("approved", "Đã phê duyệt", 30, False),
    ("pilot", "Thí điểm", 40, False),
    ("in_progress", "Đang triển khai", 50, False),
    ("paused", "Tạm dừng", 60, False),
    ("continued", "Tiếp tục triển khai", 70, False),
    ("stopped", "Dừng", 80, True),
    ("completed", "Hoàn thành", 90, True),
]

GROUPS = [
    ("infrastructure", "Nhóm dự án hạ tầng", 10),
    ("software", "Nhóm dự án phần mềm, CSDL", 20),
    ("equipment", "Nhóm dự án thiết bị", 30),
]


def seed(apps, schema_editor):
    Status = apps.get_model("projects", "ProjectStatus")
    Group = apps.get_model("projects", "ProjectGroup")
    for code, name, order, terminal in STATUSES:
        Status.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "order": order,
                "is_terminal": terminal,
                "colour_class": f"pstatus-{code}",
            },
        )
    for code, name, order in GROUPS:
        Group.objects.update_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
