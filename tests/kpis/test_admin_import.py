"""Administrators import a plan's indicators and targets through django-import-export: the
export imports back, bad rows are explained and nothing is written."""

import tablib

from kpis.models import Indicator, Target
from kpis.resources import IndicatorAdminResource, TargetAdminResource

IND_HEADERS = [
    "ke_hoach",
    "ma_chi_tieu",
    "thu_tu",
    "nhom",
    "ten_chi_tieu",
    "don_vi_tinh",
    "loai",
    "chieu",
    "loai_don_vi",
    "ky_bao_cao",
    "gia_tri_toi_da",
    "minh_chung",
    "so_lieu_mau",
]


def _indicators(plan, *rows):
    dataset = tablib.Dataset(headers=IND_HEADERS)
    for code, kinds in rows:
        dataset.append(
            [
                plan.pk,
                code,
                5,
                "DVC",
                f"Chỉ tiêu {code}",
                "%",
                "ratio",
                "higher_better",
                kinds,
                "month",
                "",
                "",
                "1",
            ]
        )
    return dataset


def test_indicators_import_and_the_export_imports_back_unchanged(plan_world):
    result = IndicatorAdminResource().import_data(
        _indicators(plan_world.plan, ("CT30", "ward"), ("CT31", "ward, urban_district"))
    )
    assert not result.has_errors() and not result.has_validation_errors()
    ct31 = Indicator.objects.get(plan=plan_world.plan, code="CT31")
    assert ct31.applies_to_kinds == ["ward", "urban_district"] and ct31.is_sample
    exported = IndicatorAdminResource().export()
    again = IndicatorAdminResource().import_data(exported, dry_run=True)
    assert not again.has_errors() and not again.has_validation_errors()
    assert {row.import_type for row in again.rows} == {"skip"}


def test_a_bad_indicator_row_is_explained_and_nothing_is_written(plan_world):
    before = Indicator.objects.count()
    result = IndicatorAdminResource().import_data(
        _indicators(plan_world.plan, ("CT30", "ward"), ("CT31", "phuong"))
    )
    assert result.has_validation_errors()
    messages = result.invalid_rows[0].error_dict["applies_to_kinds"]
    assert messages[0].startswith("Loại đơn vị không hợp lệ: phuong")
    assert Indicator.objects.count() == before


def test_targets_import_for_a_kind_or_a_unit_and_round_trip(plan_world, world):
    dataset = tablib.Dataset(
        headers=["ke_hoach", "ma_chi_tieu", "nam", "loai_don_vi", "ma_don_vi", "muc_tieu"]
    )
    dataset.append([plan_world.plan.pk, "CT09", 2024, "ward", "", "80"])
    dataset.append([plan_world.plan.pk, "CT09", 2024, "", "T-Q-A", "85,5"])
    result = TargetAdminResource().import_data(dataset)
    assert not result.has_errors() and not result.has_validation_errors(), result.invalid_rows
    assert Target.objects.get(year=2024, org_unit=world.ward_a).value == 85.5
    exported = TargetAdminResource().export()
    again = TargetAdminResource().import_data(exported, dry_run=True)
    assert not again.has_errors() and not again.has_validation_errors()


def test_a_target_for_an_unknown_indicator_is_refused(plan_world):
    dataset = tablib.Dataset(
        headers=["ke_hoach", "ma_chi_tieu", "nam", "loai_don_vi", "ma_don_vi", "muc_tieu"]
    )
    dataset.append([plan_world.plan.pk, "CT99", 2024, "ward", "", "80"])
    result = TargetAdminResource().import_data(dataset)
    assert result.has_validation_errors() or result.has_errors()
    assert not Target.objects.filter(year=2024).exists()


def test_admin_import_pages_answer(admin_user, client_as):
    from django.urls import reverse

    client = client_as(admin_user)
    assert client.get(reverse("admin:kpis_indicator_import")).status_code == 200
    assert client.get(reverse("admin:kpis_target_import")).status_code == 200
    assert client.get(reverse("admin:kpis_target_changelist")).status_code == 200
