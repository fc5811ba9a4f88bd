"""A city and its wards after the 2025 reform: the city's BCĐ 57 gives one task to every ward
("UBND các phường", one group), each ward's BCĐ (owned by the ward's Party committee) receives it.
Built with factories; the personas of the cascade join the shared ones."""

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from steering.models import AccessRole, DocumentProfile, OrgKind
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
