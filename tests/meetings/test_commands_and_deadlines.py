import datetime
import json
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from meetings import services
from meetings.models import Directive
from tests.meetings.factories import ConclusionFactory, MeetingFactory

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def test_parse_conclusions_prints_the_documented_json(world):
    out = StringIO()
    call_command(
        "parse_conclusions",
        str(FIXTURES / "long_bien_2019_10_conclusions.txt"),
        "--committee",
        str(world.committee.pk),
        "--meeting-date",
        "2019-10-17",
        stdout=out,
    )
    result = json.loads(out.getvalue())
    # The introduction is kept as an unnumbered first topic with its text (issue 10).
    assert [t["number"] for t in result["topics"]] == ["", "1", "2", "3", "4", "5"]
    assert result["topics"][0]["text"].startswith("Đồng chí Trưởng Ban chỉ đạo ghi nhận")
    directive = result["topics"][3]["directives"][0]
    assert set(directive) == {
        "text",
        "lead_unit",
        "lead_unit_matched",
        "supporting_units",
        "report_to",
        "deadline_text",
        "deadline_kind",
        "due_date",
        "group",
    }
    assert directive["lead_unit_matched"] is True  # "cơ quan thường trực" → standing agency
    assert directive["deadline_kind"] == "month"
    assert directive["due_date"] == "2019-11-30"


def test_parse_conclusions_refuses_a_bad_date(tmp_path):
    file = tmp_path / "kl.txt"
    file.write_text("1. Về hạ tầng", encoding="utf-8")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("parse_conclusions", str(file), "--meeting-date", "17/10/2019")


def test_next_meeting_deadline_follows_the_meeting_once_scheduled(world, secretariat):
    meeting = MeetingFactory(
        committee=world.committee, starts_at=datetime.datetime(2019, 10, 17, 8, tzinfo=TZ)
    )
    conclusion = ConclusionFactory(meeting=meeting)
    directive = services.directive_create(
        conclusion=conclusion,
        draft=services.DirectiveDraft(
            content="Báo cáo kết quả tại kỳ họp tới",
            lead_unit=world.vhtt,
            deadline_text="báo cáo tại kỳ họp tới",
        ),
        user=secretariat,
        meeting_day=datetime.date(2019, 10, 17),
    )
    assert directive.deadline_kind == "meeting"
    assert directive.due_date == datetime.date(2019, 11, 30)  # end of the following month
    services.meeting_create(
        committee=world.committee,
        starts_at=datetime.datetime(2019, 11, 21, 8, tzinfo=TZ),
    )
    directive = Directive.objects.get(pk=directive.pk)
    assert directive.due_date == datetime.date(2019, 11, 21)
