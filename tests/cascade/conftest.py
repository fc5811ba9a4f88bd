"""A city and its wards after the 2025 reform: the city's BCĐ 57 gives one task to every ward
("UBND các phường", one group), each ward's BCĐ (owned by the ward's Party committee) receives it.
Built with factories; the personas of the cascade join the shared ones."""

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from kpis import lights_services
from kpis.models import CriteriaMethod, CriteriaSet, Criterion, RuleKind, ScoreSheet, SheetState
from steering.models import AccessRole, DocumentProfile, OrgKind
from steering.timeliness import TaskState
from tests.conftest import _persona
from tests.factories import OrgUnitFactory, SteeringCommitteeFactory
from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
REFORM = datetime.date(2025, 7, 1)
CITY_MEETING = datetime.datetime(2025, 8, 8, 8, 0, tzinfo=TZ)
WARD_MEETING = datetime.datetime(2025, 8, 9, 14, 0, tzinfo=TZ)
DUE = datetime.date(2025, 8, 15)

CASCADE_PERSONAS = (
    "city_secretariat",
    "city_chair",
    "ward_secretariat",
    "ward_office",
    "other_ward_secretariat",
)


def _ward(city, code, name):
    ward = OrgUnitFactory(
        code=f"C-{code}",
        kind=OrgKind.WARD,
        name=f"Phường {name}",
        short_name=name,
        parent=city,
        valid_from=REFORM,
    )
    party = OrgUnitFactory(
        code=f"C-{code}-DU",
        kind=OrgKind.PARTY_COMMITTEE,
        name=f"Đảng ủy phường {name}",
        short_name="Đảng ủy phường",
        abbreviation="ĐU",
        parent=ward,
        valid_from=REFORM,
    )
    ubnd = OrgUnitFactory(
        code=f"C-{code}-UBND",
        kind=OrgKind.PEOPLES_COMMITTEE,
        name=f"Ủy ban nhân dân phường {name}",
        short_name=f"UBND phường {name}",
        parent=ward,
        valid_from=REFORM,
    )
    office = OrgUnitFactory(
        code=f"C-{code}-VP",
        kind=OrgKind.OFFICE,
        name=f"Văn phòng HĐND và UBND phường {name}",
        short_name="Văn phòng HĐND và UBND",
        parent=ubnd,
        valid_from=REFORM,
    )
    economy = OrgUnitFactory(
        code=f"C-{code}-KT",
        kind=OrgKind.DIVISION,
        name=f"Phòng Kinh tế phường {name}",
        short_name="Phòng Kinh tế",
        parent=ubnd,
        valid_from=REFORM,
    )
    service_centre = OrgUnitFactory(
        code=f"C-{code}-PVHCC",
        kind=OrgKind.PUBLIC_SERVICE_UNIT,
        name=f"Trung tâm Phục vụ hành chính công phường {name}",
        short_name="Trung tâm Phục vụ hành chính công",
        parent=ubnd,
        valid_from=REFORM,
    )
    committee = SteeringCommitteeFactory(
        code=f"bcd57-{code.lower()}",
        name=f"Ban Chỉ đạo phát triển KHCN, ĐMST và CĐS phường {name}",
        short_name=f"BCĐ 57 phường {name}",
        owner_unit=party,
        document_profile=DocumentProfile.PARTY,
        document_symbol="ĐU",
        standing_agency=office,
        valid_from=REFORM,
    )
    return SimpleNamespace(
        unit=ward,
        party=party,
        ubnd=ubnd,
        office=office,
        economy=economy,
        service_centre=service_centre,
        committee=committee,
    )


@pytest.fixture
def city_world(world):
    """The shared world's city gains three new wards (valid from 1/7/2025) and a BCĐ 57; the
    city's meeting of 8/8/2025 gives every ward the same task, due 15/8/2025."""
    city = world.city
    city_ubnd = OrgUnitFactory(
        code="C-UBND", kind=OrgKind.PEOPLES_COMMITTEE, name="UBND thành phố Thử", parent=city
    )
    city_party = OrgUnitFactory(
        code="C-TU", kind=OrgKind.PARTY_COMMITTEE, name="Thành ủy Thử", parent=city
    )
    science = OrgUnitFactory(
        code="C-SKHCN",
        kind=OrgKind.DEPARTMENT,
        name="Sở Khoa học và Công nghệ",
        short_name="Sở KH&CN",
        parent=city_ubnd,
    )
    committee = SteeringCommitteeFactory(
        code="bcd57-city",
        name="Ban Chỉ đạo phát triển KHCN, ĐMST và CĐS thành phố Thử",
        short_name="BCĐ 57 Thành phố",
        owner_unit=city_party,
        document_profile=DocumentProfile.PARTY,
        standing_agency=science,
    )
    bo_de = _ward(city, "BODE", "Bồ Đề")
    long_bien = _ward(city, "LONGBIEN", "Long Biên")
    phuc_loi = _ward(city, "PHUCLOI", "Phúc Lợi")
    meeting = MeetingFactory(committee=committee, starts_at=CITY_MEETING)
    conclusion = ConclusionFactory(meeting=meeting, title="Về dịch vụ công trực tuyến")
    tasks = {
        ward.unit.pk: DirectiveFactory(
            conclusion=conclusion,
            content="UBND các phường rà soát, cung cấp dịch vụ công trực tuyến toàn trình",
            lead_unit=ward.unit,
            group="g408",
            deadline_text="trước ngày 15/8/2025",
            deadline_kind="date",
            due_date=DUE,
        )
        for ward in (bo_de, long_bien, phuc_loi)
    }
    ward_meeting = MeetingFactory(committee=bo_de.committee, starts_at=WARD_MEETING)
    return SimpleNamespace(
        city=city,
        city_ubnd=city_ubnd,
        science=science,
        committee=committee,
        meeting=meeting,
        conclusion=conclusion,
        bo_de=bo_de,
        long_bien=long_bien,
        phuc_loi=phuc_loi,
        task_bo_de=tasks[bo_de.unit.pk],
        task_long_bien=tasks[long_bien.unit.pk],
        task_phuc_loi=tasks[phuc_loi.unit.pk],
        ward_meeting=ward_meeting,
    )


@pytest.fixture
def city_secretariat(city_world):
    return _persona(
        "city_secretariat", city_world.science, city_world.committee, AccessRole.SECRETARIAT
    )


@pytest.fixture
def city_chair(city_world):
    return _persona("city_chair", city_world.city_ubnd, city_world.committee, AccessRole.CHAIR)


@pytest.fixture
def ward_secretariat(city_world):
    bo_de = city_world.bo_de
    return _persona("ward_secretariat", bo_de.office, bo_de.committee, AccessRole.SECRETARIAT)


@pytest.fixture
def ward_office(city_world):
    bo_de = city_world.bo_de
    return _persona("ward_office", bo_de.economy, bo_de.committee, AccessRole.UNIT_OFFICER)


@pytest.fixture
def other_ward_secretariat(city_world):
    long_bien = city_world.long_bien
    return _persona(
        "other_ward_secretariat", long_bien.office, long_bien.committee, AccessRole.SECRETARIAT
    )


@pytest.fixture
def personas(
    personas, city_secretariat, city_chair, ward_secretariat, ward_office, other_ward_secretariat
):
    return {
        **personas,
        "city_secretariat": city_secretariat,
        "city_chair": city_chair,
        "ward_secretariat": ward_secretariat,
        "ward_office": ward_office,
        "other_ward_secretariat": other_ward_secretariat,
    }


@pytest.fixture
def bo_de_tasks(city_world):
    """Bồ Đề: the city task (due 15/8, open: overdue on 30/9), one done on time, one done late,
    one not started within its deadline, one stopped."""
    meeting = MeetingFactory(committee=city_world.committee, starts_at=CITY_MEETING)
    conclusion = ConclusionFactory(meeting=meeting, title="Về chuyển đổi số")
    unit = city_world.bo_de.unit

    def task(**fields):
        return DirectiveFactory(
            conclusion=conclusion, lead_unit=unit, deadline_kind="date", **fields
        )

    task(due_date=DUE, state=TaskState.COMPLETED, completed_on=DUE)
    task(due_date=DUE, state=TaskState.COMPLETED, completed_on=datetime.date(2025, 8, 20))
    task(due_date=datetime.date(2025, 12, 31), state=TaskState.NOT_STARTED)
    task(due_date=DUE, state=TaskState.CANCELLED, cancel_reason="Không còn phù hợp")
    return city_world


@pytest.fixture
def bo_de_lights(city_world):
    """A city lights set marking Bồ Đề in September 2025, accepted: Xanh, Đỏ."""
    criteria_set = CriteriaSet.objects.create(
        committee=city_world.committee,
        name="Bộ tiêu chí cấp phường",
        year=2025,
        applies_to_kinds=["ward"],
        self_scoring=True,
        method=CriteriaMethod.LIGHTS,
    )
    criteria = [
        Criterion.objects.create(
            criteria_set=criteria_set,
            ordinal=1,
            code="1",
            name="Có cổng thông tin",
            rule=RuleKind.YES_NO,
        ),
        Criterion.objects.create(
            criteria_set=criteria_set,
            ordinal=2,
            code="2",
            name="Tỷ lệ hồ sơ trực tuyến",
            rule=RuleKind.PERCENT,
            green_threshold=90,
            yellow_threshold=70,
        ),
    ]
    from django.contrib.auth import get_user_model

    officer = get_user_model().objects.create(username="bo-de-officer")
    sheet = lights_services.criteria_marks_save(
        user=officer,
        criteria_set=criteria_set,
        unit=city_world.bo_de.unit,
        year=2025,
        month=9,
        criteria=criteria,
        values={criteria[0].pk: 1, criteria[1].pk: 50},
        submit=True,
    )
    ScoreSheet.objects.filter(pk=sheet.pk).update(state=SheetState.REVIEWED)
    return criteria_set
