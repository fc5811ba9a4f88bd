"""The register's data rules (in the database) and its write services."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from projects import selectors, services
from projects.models import ITProject, ProjectStatus, ProjectStatusChange
from tests.factories import OrgUnitFactory
from tests.projects.factories import ITProjectFactory, status

pytestmark = pytest.mark.django_db

DAY = datetime.date(2019, 10, 17)


def test_the_nine_lifecycle_statuses_are_seeded_in_order():
    # Run the data migration's seed itself: a transactional test on the same worker may have
    # flushed the rows the migration wrote.
    ProjectStatus.objects.all().delete()
    importlib.import_module("projects.migrations.0002_seed_statuses_and_groups").seed(
        django_apps, None
    )
    assert list(ProjectStatus.objects.values_list("name", flat=True)) == [
        "Đề xuất",
        "Chờ phê duyệt",
        "Đã phê duyệt",
        "Thí điểm",
        "Đang triển khai",
        "Tạm dừng",
        "Tiếp tục triển khai",
        "Dừng",
        "Hoàn thành",
    ]
    assert set(ProjectStatus.objects.filter(is_terminal=True).values_list("code", flat=True)) == {
        "stopped",
        "completed",
    }


def test_the_database_refuses_a_negative_investment(project):
    with pytest.raises(IntegrityError), transaction.atomic():
        ITProject.objects.filter(pk=project.pk).update(total_investment=Decimal("-1"))


def test_the_database_refuses_an_end_before_the_start(project):
    with pytest.raises(IntegrityError), transaction.atomic():
        ITProject.objects.filter(pk=project.pk).update(
            start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2019, 1, 1)
        )


def test_the_database_refuses_a_status_change_without_a_decision(project):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectStatusChange.objects.create(
            project=project, to_status=status("paused"), changed_on=DAY, decision_text=""
        )


def test_a_status_in_use_cannot_be_deleted(project):
    with pytest.raises(Exception):  # noqa: B017 - ProtectedError
        status("in_progress").delete()


def test_project_search_ignores_case_and_diacritics(project, world):
    ITProjectFactory(name="Trang bị thiết bị trực tuyến", committee=world.committee)
    assert list(ITProject.objects.search("HO TICH")) == [project]
    assert list(ITProject.objects.search("hộ tịch")) == [project]
    assert ITProject.objects.search("truc tuyen").count() == 1


def test_project_create_checks_the_dates(world):
    with pytest.raises(ValidationError):
        services.project_create(
            code="DA-X",
            name="Dự án thử",
            owner_unit=world.vhtt,
            committee=world.committee,
            status=status("proposed"),
            start_date=datetime.date(2020, 1, 1),
            end_date=datetime.date(2019, 1, 1),
        )
    assert not ITProject.objects.filter(code="DA-X").exists()


def test_project_create_sets_the_pilot_units(world):
    project = services.project_create(
        code="DA-PILOT",
        name="Thí điểm dịch vụ máy tính trực tuyến",
        owner_unit=world.vhtt,
        committee=world.committee,
        status=status("pilot"),
        pilot_units=[world.vhtt, world.division],
    )
    assert set(project.pilot_units.all()) == {world.vhtt, world.division}


def test_changing_the_status_writes_one_change_row_and_moves_the_project(project, secretariat):
    change = services.project_change_status(
        project=project,
        to_status=status("paused"),
        changed_on=DAY,
        user=secretariat,
        reason="Chờ ý kiến Thành phố",
        decision_text="Thông báo kết luận ngày 17/10/2019, mục 2",
    )
    assert project.status_changes.count() == 1
    assert change.from_status == status("in_progress")
    assert change.changed_by == secretariat
    project.refresh_from_db()
    assert project.status == status("paused")


def test_changing_to_the_same_status_is_refused_and_writes_nothing(project, secretariat):
    with pytest.raises(ValidationError) as exc:
        services.project_change_status(
            project=project,
            to_status=status("in_progress"),
            changed_on=DAY,
            user=secretariat,
            decision_text="Thông báo kết luận ngày 17/10/2019",
        )
    assert "Đang triển khai" in str(exc.value)
    assert project.status_changes.count() == 0


def test_a_status_change_needs_a_decision_text(project, secretariat):
    with pytest.raises(ValidationError):
        services.project_change_status(
            project=project,
            to_status=status("paused"),
            changed_on=DAY,
            user=secretariat,
            decision_text="  ",
        )
    assert project.status_changes.count() == 0


def test_a_stale_edit_is_refused_and_overwrites_nothing(project):
    version = project.version
    services.project_update(project=project, expected_version=version, name="Tên mới")
    stale = ITProject.objects.get(pk=project.pk)
    with pytest.raises(services.ConflictError) as exc:
        services.project_update(project=stale, expected_version=version, name="Tên cũ hơn")
    assert exc.value.current.name == "Tên mới"
    assert ITProject.objects.get(pk=project.pk).name == "Tên mới"


def test_a_status_change_makes_an_open_edit_form_stale(project, secretariat):
    version = project.version
    services.project_change_status(
        project=project,
        to_status=status("paused"),
        changed_on=DAY,
        user=secretariat,
        decision_text="Thông báo kết luận ngày 17/10/2019",
    )
    with pytest.raises(services.ConflictError):
        services.project_update(project=project, expected_version=version, name="Khác")


def test_the_timeline_links_the_deciding_object_through_the_generic_key(project, secretariat):
    # Any model may decide (meetings links conclusions and directives); one with a page…
    decider = ITProjectFactory(name="Đề án tổng thể chuyển đổi số", committee=project.committee)
    # …and one without.
    council = OrgUnitFactory(name="Hội đồng nhân dân quận Mẫu")
    services.project_change_status(
        project=project,
        to_status=status("stopped"),
        changed_on=datetime.date(2020, 3, 1),
        user=secretariat,
        decision_text="Nghị quyết HĐND quận",
        decision=decider,
    )
    services.project_change_status(
        project=project,
        to_status=status("paused"),
        changed_on=DAY,
        user=secretariat,
        decision_text="Thông báo kết luận ngày 17/10/2019",
        decision=council,
    )
    entries = selectors.project_timeline(project=project)
    assert [e.date for e in entries] == [DAY, datetime.date(2020, 3, 1)]
    assert entries[1].decision_label == str(decider)
    assert entries[1].decision_url == decider.get_absolute_url()
    assert entries[0].decision_label == str(council)
    assert entries[0].decision_url == ""


def test_edits_are_recorded_in_the_history(project, secretariat):
    services.project_update(project=project, expected_version=project.version, name="Tên mới")
    edits = selectors.project_edit_history(project=project)
    assert len(edits) == 2
    assert "tên dự án" in edits[0]["fields"]
