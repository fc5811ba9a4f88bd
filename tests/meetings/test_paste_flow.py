"""Pasting conclusions: preview first (nothing saved), then confirm exactly what was reviewed;
every sentence is kept, every directive has a lead unit, a second paste never duplicates."""

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import notice_content, selectors, services
from meetings.conclusion_parser import DirectiveSuggestion, ParsedConclusions, ParsedTopic
from meetings.models import Conclusion, Directive, DirectiveEvent, EventKind
from steering.models import OrgUnit, UnitAlias
from tests.factories import OrgUnitFactory
from tests.meetings.factories import ConclusionFactory, DirectiveFactory

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"


def confirm_post(response, text, *, mode=None, **changes):
    """The POST a browser would send back from the preview page; `changes` set fields by name
    ("item-0-kind": "text"); a value of None drops the field."""
    data = {"text": text, "action": "confirm"}
    if mode:
        data["mode"] = mode
    for formset in (response.context["topics"], response.context["items"]):
        management = formset.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{formset.prefix}-{name}"] = management[name].value()
        for form in formset:
            for name, field in form.fields.items():
                value = form.initial.get(name, field.initial)
                if value is None or value is False:
                    continue
                data[f"{form.prefix}-{name}"] = "on" if value is True else value
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def preview(client, meeting, text):
    response = client.post(
        reverse("conclusions_paste", args=[meeting.pk]), {"text": text, "action": "parse"}
    )
    assert response.status_code == 200
    return response


def confirm(client, meeting, response, text, **changes):
    return client.post(
        reverse("conclusions_paste", args=[meeting.pk]), confirm_post(response, text, **changes)
    )


@dataclass
class Text:
    """A sentence that assigns nothing, as the parser returns it (`TextItem`)."""

    text: str


def suggestion(text, unit=None, *, written=None, group=None, deadline=None):
    found = DirectiveSuggestion(
        text=text,
        lead_unit=written or (unit.name if unit else None),
        lead_unit_id=unit.pk if unit else None,
        lead_unit_matched=unit is not None,
        deadline_text=deadline,
    )
    found.group = group
    found.sentence = text
    found.needs_lead_unit = unit is None
    return found


def parsed_as(monkeypatch, *topics):
    """Make the paste see `topics` [(number, title, [items])] whatever is pasted."""
    result = ParsedConclusions()
    for number, title, items in topics:
        topic = ParsedTopic(number=number, title=title)
        topic.items = list(items)
        result.topics.append(topic)
    monkeypatch.setattr(selectors, "parse_for_meeting", lambda **kwargs: result)


@pytest.fixture
def police(world):
    return OrgUnitFactory(
        code="T-Q-CA",
        kind="police",
        name="Công an quận Mẫu",
        short_name="Công an quận",
        parent=world.district,
    )


@pytest.fixture
def client(client_as, secretariat):
    return client_as(secretariat)


def test_parse_shows_suggestions_and_saves_nothing(meeting, client, police):
    text = (FIXTURES / "long_bien_2019_10_conclusions.txt").read_text(encoding="utf-8")
    response = preview(client, meeting, text)
    page = response.content.decode()
    assert "Về hệ thống camera an ninh" in page
    assert "trong tháng 11/2019" in page
    assert not Conclusion.objects.exists()
    leads = [f.initial.get("lead_unit") for f in response.context["items"]]
    assert police.pk in leads
    assert meeting.committee.standing_agency_id in leads


def test_confirm_saves_the_reviewed_structure(meeting, client, police):
    text = (FIXTURES / "long_bien_2019_10_conclusions.txt").read_text(encoding="utf-8")
    response = preview(client, meeting, text)
    unset = {
        f"{form.prefix}-kind": "text"
        for form in response.context["items"]
        if not form.initial.get("lead_unit")
    }
    saved = confirm(client, meeting, response, text, **unset)
    assert saved.status_code == 302
    # The introduction before topic 1 is kept too, as an unnumbered first conclusion.
    numbers = list(Conclusion.objects.values_list("number", flat=True))
    assert numbers == ["", "1", "2", "3", "4", "5"]
    nov = Directive.objects.get(deadline_text="trong tháng 11/2019")
    assert str(nov.due_date) == "2019-11-30"
    assert nov.lead_unit == meeting.committee.standing_agency
    assert Directive.objects.filter(lead_unit=police).count() == 1


def test_a_sentence_moved_to_the_conclusion_text_is_kept_there(meeting, client, world):
    text = "1. Về hạ tầng\nGiao Phòng Nội vụ rà soát, trước ngày 30/11/2019.\nĐồng ý chủ trương."
    response = preview(client, meeting, text)
    confirm(client, meeting, response, text, **{"item-1-kind": "text"})
    assert Directive.objects.count() == 1
    assert Conclusion.objects.get().text == "Đồng ý chủ trương."


def test_a_bad_confirm_post_explains_and_saves_nothing(meeting, client):
    url = reverse("conclusions_paste", args=[meeting.pk])
    response = client.post(
        url,
        {
            "text": "1. Về hạ tầng",
            "action": "confirm",
            "topic-TOTAL_FORMS": "1",
            "topic-INITIAL_FORMS": "0",
            "item-TOTAL_FORMS": "1",
            "item-INITIAL_FORMS": "0",
            "topic-0-number": "1",
            "item-0-topic": "0",
            "item-0-kind": "directive",
            "item-0-content": "Rà soát hạ tầng mạng",
            "item-0-lead_unit": "999999",
        },
    )
    assert response.status_code == 200
    assert not Conclusion.objects.exists()
    assert "Chưa lưu" in response.content.decode()
    assert response.context["items"].forms[0].errors["lead_unit"]


def test_empty_paste_is_refused_with_a_message(meeting, client):
    response = preview(client, meeting, "")
    assert "bắt buộc" in response.content.decode()


def test_the_paste_page_loads_its_script_from_a_static_file(meeting, client):
    page = client.get(reverse("conclusions_paste", args=[meeting.pk])).content.decode()
    assert "js/paste.js" in page


# --- Nothing lost --------------------------------------------------------------------------------


def test_text_and_directives_are_saved_in_the_pasted_order(meeting, client, world, monkeypatch):
    parsed_as(
        monkeypatch,
        (
            "1",
            "Về hạ tầng",
            [
                Text("Các đơn vị đã cơ bản hoàn thành rà soát."),
                suggestion("Giao Phòng Nội vụ cập nhật danh sách.", world.division),
                Text("Thống nhất chủ trương thuê dịch vụ."),
                suggestion("Giao Phòng Văn hóa và Thông tin lập dự toán.", world.vhtt),
            ],
        ),
    )
    response = preview(client, meeting, "x")
    page = response.content.decode()
    assert page.index("Các đơn vị đã cơ bản") < page.index("Giao Phòng Nội vụ")
    confirm(client, meeting, response, "x")
    conclusion = Conclusion.objects.get()
    assert conclusion.text == (
        "Các đơn vị đã cơ bản hoàn thành rà soát.\nThống nhất chủ trương thuê dịch vụ."
    )
    assert [(d.position, d.lead_unit) for d in conclusion.directives.order_by("position")] == [
        (1, world.division),
        (3, world.vhtt),
    ]


def test_the_notice_reproduces_text_and_directives_in_the_pasted_order(
    meeting, client, world, monkeypatch
):
    sentences = [
        "Các đơn vị đã cơ bản hoàn thành rà soát.",
        "Giao Phòng Nội vụ cập nhật danh sách.",
        "Thống nhất chủ trương thuê dịch vụ.",
        "Giao Phòng Văn hóa và Thông tin lập dự toán.",
    ]
    parsed_as(
        monkeypatch,
        (
            "1",
            "Về hạ tầng",
            [
                Text(sentences[0]),
                suggestion(sentences[1], world.division),
                Text(sentences[2]),
                suggestion(sentences[3], world.vhtt),
            ],
        ),
    )
    confirm(client, meeting, preview(client, meeting, "x"), "x")
    blocks = [block.text for block in notice_content._conclusion_blocks(meeting)]
    assert blocks == ["1. Về hạ tầng", *sentences]


def test_a_directive_added_later_follows_the_text_in_the_notice(meeting, world):
    conclusion = ConclusionFactory(meeting=meeting, number="", title="", text="Đoạn một.")
    DirectiveFactory(conclusion=conclusion, content="Việc thêm sau.", deadline_text="")
    texts = [b.text for b in notice_content._conclusion_blocks(meeting)]
    assert texts == ["Đoạn một.", "Việc thêm sau."]


# --- Groups: one sentence, several lead units ----------------------------------------------------


@pytest.fixture
def grouped(monkeypatch, world):
    sentence = "UBND các phường An Bình, Bình Minh bổ sung dữ liệu; hoàn thành trong tháng 3/2019."
    parsed_as(
        monkeypatch,
        (
            "1",
            "Về dữ liệu",
            [
                suggestion(sentence, world.ward_a, group="g1", deadline="trong tháng 3/2019"),
                suggestion(sentence, world.ward_b, group="g1", deadline="trong tháng 3/2019"),
            ],
        ),
    )
    return sentence


def test_a_group_is_shown_as_one_assignment_with_its_count(meeting, client, grouped):
    page = preview(client, meeting, "x").content.decode()
    assert "Một ý giao cho 2 phường" in page
    assert page.count(grouped) == 1


def test_a_group_saves_one_directive_per_unit_and_the_notice_writes_it_once(
    meeting, client, world, grouped
):
    confirm(client, meeting, preview(client, meeting, "x"), "x")
    directives = Directive.objects.order_by("pk")
    assert [d.lead_unit for d in directives] == [world.ward_a, world.ward_b]
    assert len({d.group for d in directives}) == 1 and directives[0].group
    assert {d.content for d in directives} == {grouped}
    texts = [b.text for b in notice_content._conclusion_blocks(meeting)]
    assert texts == ["1. Về dữ liệu", grouped]


def test_deleting_a_groups_first_row_deletes_the_group(meeting, client, grouped):
    response = preview(client, meeting, "x")
    confirm(client, meeting, response, "x", **{"item-0-DELETE": "on"})
    assert not Directive.objects.exists()


def test_a_group_moved_to_the_text_is_written_once(meeting, client, grouped):
    response = preview(client, meeting, "x")
    confirm(client, meeting, response, "x", **{"item-0-kind": "text"})
    assert not Directive.objects.exists()
    assert Conclusion.objects.get().text == grouped


# --- No directive without a lead unit ------------------------------------------------------------


def test_a_suggestion_without_unit_says_so_and_cannot_be_saved(meeting, client, world, monkeypatch):
    parsed_as(monkeypatch, ("1", "Về hạ tầng", [suggestion("Khẩn trương rà soát hạ tầng.")]))
    response = preview(client, meeting, "x")
    assert "chưa xác định đơn vị chủ trì" in response.content.decode()
    refused = confirm(client, meeting, response, "x")
    assert refused.status_code == 200
    assert "Chưa xác định đơn vị chủ trì" in refused.content.decode()
    assert not Conclusion.objects.exists()


def test_a_suggestion_without_unit_is_saved_once_a_unit_is_picked(
    meeting, client, world, monkeypatch
):
    parsed_as(monkeypatch, ("1", "Về hạ tầng", [suggestion("Khẩn trương rà soát hạ tầng.")]))
    response = preview(client, meeting, "x")
    confirm(client, meeting, response, "x", **{"item-0-lead_unit": str(world.division.pk)})
    assert Directive.objects.get().lead_unit == world.division


def test_picking_a_unit_for_an_unmatched_name_teaches_the_next_paste(meeting, client, world):
    text = "1. Về trật tự đô thị\nGiao Đội Trật tự đô thị rà soát biển hiệu, trong tháng 12/2019."
    response = preview(client, meeting, text)
    assert "“Đội Trật tự đô thị” chưa khớp với đơn vị nào" in response.content.decode()
    confirm(client, meeting, response, text, **{"item-0-lead_unit": str(world.division.pk)})
    alias = UnitAlias.objects.get()
    assert (alias.committee, alias.unit, alias.name) == (
        meeting.committee,
        world.division,
        "Đội Trật tự đô thị",
    )
    again = preview(client, meeting, text)
    assert again.context["items"].forms[0].initial["lead_unit"] == world.division.pk


def test_an_unmatched_name_can_become_a_new_unit(meeting, client, world):
    text = "1. Về trật tự đô thị\nGiao Đội Trật tự đô thị rà soát biển hiệu, trong tháng 12/2019."
    response = preview(client, meeting, text)
    confirm(
        client,
        meeting,
        response,
        text,
        **{"item-0-new_unit": "on", "item-0-new_unit_kind": "public_service_unit"},
    )
    unit = OrgUnit.objects.get(name="Đội Trật tự đô thị")
    assert Directive.objects.get().lead_unit == unit
    assert unit in selectors.meeting_scope_units(meeting=meeting)


def test_a_new_unit_needs_its_kind(meeting, client, world):
    text = "1. Về trật tự đô thị\nGiao Đội Trật tự đô thị rà soát biển hiệu, trong tháng 12/2019."
    response = preview(client, meeting, text)
    refused = confirm(client, meeting, response, text, **{"item-0-new_unit": "on"})
    assert "Chọn loại đơn vị cần tạo" in refused.content.decode()
    assert not OrgUnit.objects.filter(name="Đội Trật tự đô thị").exists()


# --- Steering the preview ------------------------------------------------------------------------


def test_a_row_added_on_the_page_is_saved_in_its_place(meeting, client, world):
    text = "1. Về hạ tầng\nGiao Phòng Nội vụ rà soát, trước ngày 30/11/2019."
    response = preview(client, meeting, text)
    confirm(
        client,
        meeting,
        response,
        text,
        **{
            "item-TOTAL_FORMS": "2",
            "item-1-topic": "0",
            "item-1-position": "1",
            "item-1-kind": "directive",
            "item-1-content": "Giao Phòng Văn hóa và Thông tin tổng hợp.",
            "item-1-lead_unit": str(world.vhtt.pk),
        },
    )
    assert list(Directive.objects.order_by("position").values_list("lead_unit", flat=True)) == [
        world.division.pk,
        world.vhtt.pk,
    ]


def test_a_row_added_and_left_empty_is_ignored(meeting, client, world):
    text = "1. Về hạ tầng\nGiao Phòng Nội vụ rà soát, trước ngày 30/11/2019."
    response = preview(client, meeting, text)
    saved = confirm(
        client,
        meeting,
        response,
        text,
        **{"item-TOTAL_FORMS": "2", "item-1-topic": "0", "item-1-kind": "directive"},
    )
    assert saved.status_code == 302
    assert Directive.objects.count() == 1


def test_a_deleted_row_is_not_saved(meeting, client, world):
    text = "1. Về hạ tầng\nGiao Phòng Nội vụ rà soát.\nGiao Phòng Văn hóa và Thông tin tổng hợp."
    response = preview(client, meeting, text)
    confirm(client, meeting, response, text, **{"item-1-DELETE": "on"})
    assert list(Directive.objects.values_list("lead_unit", flat=True)) == [world.division.pk]


def test_the_preview_counts_queries_independently_of_its_length(meeting, client, world):
    one = "1. Về hạ tầng\nGiao Phòng Nội vụ rà soát.\n"
    many = one + "".join(
        f"{n}. Về việc {n}\nGiao Phòng Văn hóa và Thông tin tổng hợp việc {n}.\n"
        for n in range(2, 12)
    )
    counts = []
    for text in (one, many):
        with CaptureQueriesContext(connection) as queries:
            preview(client, meeting, text)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[0] <= 20


# --- A second paste ------------------------------------------------------------------------------

TEXT = "1. Về hạ tầng\nGiao Phòng Nội vụ rà soát, trước ngày 30/11/2019.\n"


@pytest.fixture
def pasted_once(meeting, client, world):
    confirm(client, meeting, preview(client, meeting, TEXT), TEXT)
    assert Directive.objects.count() == 1
    return meeting


def test_a_second_paste_warns_and_saves_nothing_until_asked(pasted_once, client):
    response = preview(client, pasted_once, TEXT)
    page = response.content.decode()
    assert "Cuộc họp này đã có 1 mục kết luận và 1 nhiệm vụ" in page
    assert "1 nhiệm vụ trong nội dung vừa dán trùng với nhiệm vụ đã lưu" in page
    refused = confirm(client, pasted_once, response, TEXT)
    assert refused.status_code == 200
    assert "chọn “Bổ sung” hoặc “Thay thế”" in refused.content.decode()
    assert Directive.objects.count() == 1 and Conclusion.objects.count() == 1


def test_replace_leaves_one_copy(pasted_once, client):
    response = preview(client, pasted_once, TEXT)
    confirm(client, pasted_once, response, TEXT, mode="replace")
    assert Directive.objects.count() == 1 and Conclusion.objects.count() == 1


def test_append_keeps_both_after_the_existing_ones(pasted_once, client):
    response = preview(client, pasted_once, TEXT)
    confirm(client, pasted_once, response, TEXT, mode="append")
    assert list(Conclusion.objects.values_list("ordinal", flat=True)) == [1, 2]
    assert Directive.objects.count() == 2


def test_replace_is_refused_once_a_directive_was_reported(pasted_once, client, secretariat):
    DirectiveEvent.objects.create(
        directive=Directive.objects.get(), kind=EventKind.PROGRESS, actor=secretariat
    )
    response = preview(client, pasted_once, TEXT)
    assert 'value="replace" id="id_mode_1" disabled' in response.content.decode()
    refused = confirm(client, pasted_once, response, TEXT, mode="replace")
    assert "Không thể thay thế" in refused.content.decode()
    assert Directive.objects.count() == 1


def test_a_name_taught_again_points_to_the_latest_unit(meeting, world, secretariat):
    def teach(unit, written):
        draft = services.DirectiveDraft(
            content="Rà soát biển hiệu.", lead_unit=unit, lead_unit_text=written
        )
        draft.remember_alias = True
        services.conclusions_record(
            meeting=meeting,
            topics=[services.TopicDraft(number="1", title="Về đô thị", items=[draft])],
            user=secretariat,
        )

    teach(world.division, "Đội Trật tự đô thị")
    teach(world.vhtt, "đội trật tự  đô thị")
    alias = UnitAlias.objects.get()
    assert (alias.unit, alias.name) == (world.vhtt, "đội trật tự đô thị")
