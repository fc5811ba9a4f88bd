"""A ward breaks a task from above down into its own directives, and reports up only when they
are closed."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from meetings.cascade_services import SubtaskDraft, directive_break_down, directive_report_check
from meetings.models import Directive, DirectiveEvent
from steering import workflow
from steering.timeliness import TaskState
from tests.meetings.factories import MeetingFactory


def _break_down(city_world, user, *drafts, meeting=None):
    return directive_break_down(
        parent=city_world.task_bo_de,
        committee=city_world.bo_de.committee,
        meeting=meeting or city_world.ward_meeting,
        drafts=list(drafts),
        user=user,
    )


def _two(city_world):
    bo_de = city_world.bo_de
    return (
        SubtaskDraft("Rà soát thủ tục hành chính", bo_de.office, "trước ngày 12/8/2025"),
        SubtaskDraft("Hỗ trợ người dân nộp hồ sơ trực tuyến", bo_de.economy),
    )


def test_the_subtasks_are_the_ward_committees_directives_linked_to_the_task(
    city_world, ward_secretariat
):
    children = _break_down(city_world, ward_secretariat, *_two(city_world))
    assert [c.parent for c in children] == [city_world.task_bo_de] * 2
    assert {c.committee for c in children} == {city_world.bo_de.committee}
    assert {c.conclusion.meeting for c in children} == {city_world.ward_meeting}
    assert children[0].due_date == datetime.date(2025, 8, 12)


def test_a_subtask_without_a_deadline_takes_the_parents(city_world, ward_secretariat):
    _first, second = _break_down(city_world, ward_secretariat, *_two(city_world))
    assert second.due_date == datetime.date(2025, 8, 15)
    assert second.deadline_text == "trước ngày 15/08/2025"


def test_the_subtasks_share_one_topic_named_after_the_task(city_world, ward_secretariat):
    first = _break_down(city_world, ward_secretariat, _two(city_world)[0])
    again = _break_down(city_world, ward_secretariat, _two(city_world)[1])
    assert first[0].conclusion == again[0].conclusion
    assert first[0].conclusion.title.startswith("Triển khai nhiệm vụ cấp trên giao: UBND các")


def test_breaking_down_marks_the_task_in_progress_with_the_offices_named(
    city_world, ward_secretariat
):
    _break_down(city_world, ward_secretariat, *_two(city_world))
    task = Directive.objects.get(pk=city_world.task_bo_de.pk)
    assert task.state == TaskState.IN_PROGRESS
    event = DirectiveEvent.objects.filter(directive=task, kind="progress").get()
    assert "Phòng Kinh tế" in event.note
    assert event.reported_on == datetime.date(2025, 8, 9)


def test_a_subtask_due_after_the_task_is_refused(city_world, ward_secretariat):
    late = SubtaskDraft("Tổng kết", city_world.bo_de.office, "trước ngày 20/8/2025")
    with pytest.raises(ValidationError, match="sau hạn cấp trên giao"):
        _break_down(city_world, ward_secretariat, late)
    assert not Directive.objects.filter(parent__isnull=False).exists()


def test_another_wards_office_cannot_lead_a_subtask(city_world, ward_secretariat):
    stray = SubtaskDraft("Rà soát", city_world.long_bien.office)
    with pytest.raises(ValidationError, match="không phải đơn vị của"):
        _break_down(city_world, ward_secretariat, stray)


def test_another_wards_task_cannot_be_broken_down(city_world, ward_secretariat):
    with pytest.raises(ValidationError, match="không phải nhiệm vụ cấp trên giao"):
        directive_break_down(
            parent=city_world.task_long_bien,
            committee=city_world.bo_de.committee,
            meeting=city_world.ward_meeting,
            drafts=[SubtaskDraft("Rà soát", city_world.bo_de.office)],
            user=ward_secretariat,
        )


def test_the_meeting_must_be_the_ward_committees(city_world, ward_secretariat):
    city_meeting = MeetingFactory(committee=city_world.committee)
    with pytest.raises(ValidationError, match="Cuộc họp được chọn không phải"):
        _break_down(city_world, ward_secretariat, _two(city_world)[0], meeting=city_meeting)


def test_the_ward_reports_completion_only_when_its_subtasks_are_closed(
    city_world, ward_secretariat
):
    first, second = _break_down(city_world, ward_secretariat, *_two(city_world))
    task = city_world.task_bo_de
    with pytest.raises(ValidationError, match="Còn 2 nhiệm vụ con chưa hoàn thành"):
        directive_report_check(directive=task, completed=True)
    directive_report_check(directive=task, completed=False)  # progress is always welcome
    for child in (first, second):
        workflow.task_report(
            task=child,
            user=ward_secretariat,
            note="Xong",
            percent=None,
            completed=True,
            reported_on=datetime.date(2025, 8, 11),
        )
        workflow.task_confirm(task=child, user=ward_secretariat)
    directive_report_check(directive=task, completed=True)


def test_a_directive_cannot_be_its_own_parent(city_world):
    from django.db import IntegrityError, transaction

    task = city_world.task_bo_de
    with pytest.raises(IntegrityError), transaction.atomic():
        Directive.objects.filter(pk=task.pk).update(parent=task)
