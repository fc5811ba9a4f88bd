"""The register's pages: filters, counts, forms with clear messages, conflicts, status changes."""

import datetime

import pytest
from django.urls import reverse

from projects import services
from projects.models import Health, ITProject
from tests.projects.factories import ITProjectFactory, status

pytestmark = pytest.mark.django_db


def test_the_list_filters_by_text_without_diacritics(client_as, chair, project, world):
    ITProjectFactory(name="Trang bị thiết bị trực tuyến", committee=world.committee)
    response = client_as(chair).get(reverse("project_list"), {"q": "HO TICH"})
    assert [p.pk for p in response.context["page"].object_list] == [project.pk]


def test_the_list_filters_by_status_health_and_group(client_as, chair, project, world):
    ITProjectFactory(committee=world.committee, status=status("paused"), health=Health.AT_RISK)
    client = client_as(chair)
    by_status = client.get(reverse("project_list"), {"status": status("paused").pk})
    assert project not in by_status.context["page"].object_list
    by_health = client.get(reverse("project_list"), {"health": "at_risk"})
    assert len(by_health.context["page"].object_list) == 1
    by_group = client.get(reverse("project_list"), {"group": project.group_id})
    assert list(by_group.context["page"].object_list) == [project]


def test_the_counts_by_status_link_to_the_filtered_list(client_as, chair, project, world):
    ITProjectFactory(committee=world.committee, status=status("paused"))
    ITProjectFactory(committee=world.committee, status=status("paused"))
    response = client_as(chair).get(reverse("project_list"))
    counts = {s.code: n for s, n in response.context["counts"]}
    assert counts["paused"] == 2 and counts["in_progress"] == 1 and counts["completed"] == 0
    assert f"status={status('paused').pk}" in response.content.decode()


def test_the_list_shows_only_projects_of_the_users_committees(
    client_as, chair, project, other_project
):
    response = client_as(chair).get(reverse("project_list"))
    assert list(response.context["page"].object_list) == [project]
    assert other_project.code not in response.content.decode()


def test_a_bad_filter_value_is_not_an_error(client_as, chair, project):
    response = client_as(chair).get(reverse("project_list"), {"status": "xyz", "page": "abc"})
    assert response.status_code == 200


def test_the_secretariat_creates_a_project(client_as, secretariat, world):
    response = client_as(secretariat).post(
        reverse("project_create"),
        {
            "code": "DA-MOI",
            "name": "Dự án mới",
            "committee": world.committee.pk,
            "owner_unit": world.vhtt.pk,
            "status": status("proposed").pk,
            "health": "on_track",
            "total_investment": "1500000000",
            "funding_source": "district_budget",
            "pilot_units": [world.ward_a.pk],
        },
    )
    project = ITProject.objects.get(code="DA-MOI")
    assert response.status_code == 302 and response.url == project.get_absolute_url()
    assert list(project.pilot_units.all()) == [world.ward_a]


def test_the_secretariat_cannot_create_a_project_for_another_committee(
    client_as, secretariat, world
):
    response = client_as(secretariat).post(
        reverse("project_create"),
        {
            "code": "DA-LAC",
            "name": "Dự án lạc",
            "committee": world.other_committee.pk,
            "owner_unit": world.vhtt.pk,
            "status": status("proposed").pk,
            "health": "on_track",
        },
    )
    assert response.status_code == 200
    assert "committee" in response.context["form"].errors
    assert not ITProject.objects.filter(code="DA-LAC").exists()


def test_bad_input_gets_clear_vietnamese_messages(client_as, secretariat, world, project):
    response = client_as(secretariat).post(
        reverse("project_create"),
        {
            "code": project.code,
            "name": "Trùng mã",
            "committee": world.committee.pk,
            "owner_unit": world.vhtt.pk,
            "status": status("proposed").pk,
            "health": "on_track",
            "total_investment": "-5",
            "start_date": "2020-01-01",
            "end_date": "2019-01-01",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mã dự án này đã được dùng" in html
    assert "Tổng mức đầu tư không được âm." in html
    assert "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu." in html


def _edit_data(project, **changes):
    data = {
        "code": project.code,
        "name": project.name,
        "owner_unit": project.owner_unit_id,
        "health": project.health,
        "version": project.version,
    }
    data.update(changes)
    return data


def test_a_stale_edit_form_shows_the_current_values_and_saves_nothing(
    client_as, secretariat, project
):
    stale_version = project.version
    services.project_update(project=project, expected_version=stale_version, name="Tên của chị A")
    response = client_as(secretariat).post(
        reverse("project_update", args=[project.pk]),
        _edit_data(project, name="Tên của anh B", version=stale_version),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "vừa được người khác cập nhật" in html
    assert "Tên của chị A" in html
    assert ITProject.objects.get(pk=project.pk).name == "Tên của chị A"


def test_an_edit_does_not_change_the_status(client_as, secretariat, project):
    response = client_as(secretariat).post(
        reverse("project_update", args=[project.pk]),
        _edit_data(project, name="Tên mới", status=status("completed").pk),
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.name == "Tên mới" and project.status == status("in_progress")


def test_the_secretariat_changes_the_status_citing_a_decision(
    client_as, secretariat, chair, project
):
    response = client_as(secretariat).post(
        reverse("project_change_status", args=[project.pk]),
        {
            "to_status": status("paused").pk,
            "changed_on": "2019-10-17",
            "reason": "Chờ ý kiến Thành ủy",
            "decision_text": "Thông báo kết luận ngày 17/10/2019, mục 2",
        },
    )
    assert response.status_code == 302
    change = project.status_changes.get()
    assert change.changed_on == datetime.date(2019, 10, 17)
    html = client_as(chair).get(reverse("project_detail", args=[project.pk])).content.decode()
    assert "Thông báo kết luận ngày 17/10/2019, mục 2" in html
    assert "Tạm dừng" in html


def test_the_same_status_is_refused_with_a_message(client_as, secretariat, project):
    response = client_as(secretariat).post(
        reverse("project_change_status", args=[project.pk]),
        {
            "to_status": status("in_progress").pk,
            "changed_on": "2019-10-17",
            "decision_text": "Thông báo kết luận",
        },
    )
    assert response.status_code == 200
    assert "Dự án đang ở trạng thái" in response.content.decode()
    assert project.status_changes.count() == 0


def test_a_status_change_without_a_decision_is_refused_with_a_message(
    client_as, secretariat, project
):
    response = client_as(secretariat).post(
        reverse("project_change_status", args=[project.pk]),
        {"to_status": status("paused").pk, "changed_on": "17/10/2019", "decision_text": ""},
    )
    assert response.status_code == 200
    assert "Phải ghi căn cứ quyết định" in response.content.decode()


def test_the_navigation_shows_projects_only_to_those_who_may_see_them(client_as, chair, outsider):
    assert "Dự án CNTT" in client_as(chair).get(reverse("home")).content.decode()
    assert "Dự án CNTT" not in client_as(outsider).get(reverse("home")).content.decode()


def test_a_ward_officer_never_sees_the_title_of_a_directive_they_cannot_open(
    client_as, secretariat, ward_a, chair, project, world
):
    """The attack pass's L1: a status change citing another unit's directive named it (80
    characters and a link) to ward officers who get 404 on that directive."""
    from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory

    directive = DirectiveFactory(
        conclusion=ConclusionFactory(meeting=MeetingFactory(committee=world.committee)),
        lead_unit=world.ward_b,
        content="Việc riêng của phường Bình Minh",
    )
    services.project_change_status(
        project=project,
        to_status=status("paused"),
        changed_on=datetime.date(2019, 10, 17),
        user=secretariat,
        decision_text="Thông báo kết luận",
        decision=directive,
    )
    url = reverse("project_detail", args=[project.pk])
    officer = client_as(ward_a).get(url).content.decode()
    assert client_as(ward_a).get(directive.get_absolute_url()).status_code == 404
    assert "Việc riêng của phường Bình Minh" not in officer
    assert directive.get_absolute_url() not in officer
    assert "Thông báo kết luận" in officer  # the change itself is still shown
    assert "Việc riêng của phường Bình Minh" in client_as(chair).get(url).content.decode()
