"""The demo after the 2025 reform: the city's and four wards' NQ 57 steering committees.

Facts and their sources are listed in docs/domain/reform-2025.md ([S1]… below): the city BCĐ 57
of Thành ủy Hà Nội chaired by Bí thư Thành ủy Nguyễn Duy Ngọc with PCT UBND TP Trương Việt Dũng
[S1]; the city government's BCĐ set up by QĐ 3903/QĐ-UBND of 23/7/2025, chaired by Chủ tịch UBND
TP Trần Sỹ Thanh [S6]; the four wards on the former Long Biên area, each with its own BCĐ 57
owned by the Đảng ủy phường and chaired by its Bí thư (Long Biên: Nguyễn Mạnh Hà [S8]; Phúc Lợi:
Nguyễn Thế Thạch [S11]; Việt Hưng: Đường Hoài Nam [S12]); the offices of a ward's People's
Committee (Văn phòng HĐND và UBND, Phòng Kinh tế, Hạ tầng và Đô thị, Phòng Văn hóa - Xã hội [S13])
and its public service centre [S14]. Illustrative (the sources do not give them): the Bí thư of
phường Bồ Đề, the other members, the standing agencies, the committees' start dates and the demo
accounts.

Runs after `steering.demo.load()` (the wards and their successions exist). Idempotent.
"""

import datetime

from .models import AccessRole, DocumentProfile, MemberRole, OrgKind, OrgUnit
from .services import (
    committee_upsert,
    membership_upsert,
    orgunit_upsert,
    person_get_or_create,
    user_provision,
)

D = datetime.date
REFORM = D(2025, 7, 1)
DEMO_PASSWORD = "demo12345"  # noqa: S105 - documented demo credential

# The ward's offices [S13, S14]: (code suffix, kind, name, short name, abbreviation).
WARD_OFFICES = [
    ("VP", OrgKind.OFFICE, "Văn phòng HĐND và UBND", "Văn phòng HĐND và UBND", "VP"),
    (
        "KTHTDT",
        OrgKind.DIVISION,
        "Phòng Kinh tế, Hạ tầng và Đô thị",
        "Phòng Kinh tế, Hạ tầng và Đô thị",
        "KTHTĐT",
    ),
    ("VHXH", OrgKind.DIVISION, "Phòng Văn hóa - Xã hội", "Phòng Văn hóa - Xã hội", "VHXH"),
    (
        "TTHCC",
        OrgKind.PUBLIC_SERVICE_UNIT,
        "Trung tâm Phục vụ hành chính công",
        "Trung tâm Phục vụ hành chính công",
        "TTPVHCC",
    ),
]

# (ward code, place, chair, chair's title, chair sourced?, committee start)
WARD_COMMITTEES = [
    (
        "HN-P-BODE",
        "Bồ Đề",
        "Nguyễn Quang Vinh",
        "Bí thư Đảng ủy, Chủ tịch HĐND phường",
        False,
        D(2025, 8, 15),
    ),
    (
        "HN-P-LONGBIEN",
        "Long Biên",
        "Nguyễn Mạnh Hà",
        "Bí thư Đảng ủy, Chủ tịch HĐND phường",
        True,
        D(2025, 8, 15),
    ),
    (
        "HN-P-VIETHUNG",
        "Việt Hưng",
        "Đường Hoài Nam",
        "Thành ủy viên, Bí thư Đảng ủy, Chủ tịch HĐND phường",
        True,
        D(2025, 8, 15),
    ),
    (
        "HN-P-PHUCLOI",
        "Phúc Lợi",
        "Nguyễn Thế Thạch",
        "Bí thư Đảng ủy, Chủ tịch HĐND phường",
        True,
        D(2025, 8, 15),
    ),
]

CITY_COMMITTEE = "hn-bcd-57"


def ward_committee_code(ward_code: str) -> str:
    """`HN-P-BODE` → `bcd57-bode`."""
    return "bcd57-" + ward_code.removeprefix("HN-P-").lower()


def _ward_bodies(ward: OrgUnit, place: str) -> dict[str, OrgUnit]:
    """Party committee, council, People's Committee, its offices and the police of a new ward."""
    code = ward.code
    common = {"valid_from": REFORM, "place_name": place}
    units = {"ward": ward}
    units["DU"] = orgunit_upsert(
        code=f"{code}-DU",
        kind=OrgKind.PARTY_COMMITTEE,
        name=f"Đảng ủy phường {place}",
        short_name="Đảng ủy phường",
        abbreviation="ĐU",
        parent=ward,
        **common,
    )
    units["HDND"] = orgunit_upsert(
        code=f"{code}-HDND",
        kind=OrgKind.PEOPLES_COUNCIL,
        name=f"Hội đồng nhân dân phường {place}",
        short_name="HĐND phường",
        abbreviation="HĐND",
        parent=ward,
        **common,
    )
    units["UBND"] = orgunit_upsert(
        code=f"{code}-UBND",
        kind=OrgKind.PEOPLES_COMMITTEE,
        name=f"Ủy ban nhân dân phường {place}",
        short_name=f"UBND phường {place}",
        abbreviation="UBND",
        parent=ward,
        **common,
    )
    for suffix, kind, name, short_name, abbreviation in WARD_OFFICES:
        units[suffix] = orgunit_upsert(
            code=f"{code}-{suffix}",
            kind=kind,
            name=f"{name} phường {place}",
            short_name=short_name,
            abbreviation=abbreviation,
            parent=units["UBND"],
            **common,
        )
    units["CA"] = orgunit_upsert(
        code=f"{code}-CA",
        kind=OrgKind.POLICE,
        name=f"Công an phường {place}",
        short_name="Công an phường",
        abbreviation="CAP",
        parent=ward,
        **common,
    )
    return units


def _member(committee, name, unit, role, position, start):
    person = person_get_or_create(full_name=name, org_unit=unit, position_title=position)
    membership_upsert(
        committee=committee,
        person=person,
        role=role,
        position_in_agency=position,
        start_date=start,
    )
    return person


def _account(username, full_name, unit, roles, person=None):
    user = user_provision(
        username=username,
        password=DEMO_PASSWORD,
        full_name=full_name,
        org_unit=unit,
        email=f"{username}@demo.local",
        roles=roles,
    )
    if person is not None and person.user_id != user.pk:
        person.user = user
        person.save()
    return user


def load() -> None:
    hanoi = OrgUnit.objects.get(code="HN")
    thanh_uy = OrgUnit.objects.get(code="HN-TU")
    ubnd_hn = OrgUnit.objects.get(code="HN-UBND")
    so_khcn = OrgUnit.objects.get(code="HN-SKHCN")

    # --- The city ----------------------------------------------------------------------------
    city = committee_upsert(
        code=CITY_COMMITTEE,
        name="Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số "
        "Thành ủy Hà Nội",
        short_name="BCĐ 57 Thành ủy Hà Nội",
        owner_unit=thanh_uy,
        document_profile=DocumentProfile.PARTY,
        standing_agency=so_khcn,
        founding_document="Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị",
        valid_from=D(2025, 1, 1),
    )
    committee_upsert(
        code="hn-bcd-khcn-cchc-06",
        name="Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số, "
        "cải cách hành chính và Đề án 06 thành phố Hà Nội",
        short_name="BCĐ KHCN, ĐMST, CĐS, CCHC và Đề án 06 Thành phố",
        owner_unit=ubnd_hn,
        document_profile=DocumentProfile.STATE,
        standing_agency=so_khcn,
        founding_document="Quyết định số 3903/QĐ-UBND ngày 23/7/2025 của UBND Thành phố",
        valid_from=D(2025, 7, 23),
    )
    city_chair = _member(
        city,
        "Nguyễn Duy Ngọc",
        thanh_uy,
        MemberRole.CHAIR,
        "Ủy viên Bộ Chính trị, Bí thư Thành ủy, Trưởng Ban Chỉ đạo",
        D(2025, 7, 1),
    )
    _member(
        city,
        "Trương Việt Dũng",
        ubnd_hn,
        MemberRole.STANDING_VICE_CHAIR,
        "Phó Chủ tịch UBND Thành phố",
        D(2025, 7, 1),
    )
    # Illustrative: the officer of the standing agency who keeps the committee's register.
    city_secretary = _member(
        city,
        "Phạm Thu Trang",
        so_khcn,
        MemberRole.SECRETARY,
        "Chuyên viên Sở Khoa học và Công nghệ, Tổ giúp việc Ban Chỉ đạo",
        D(2025, 7, 1),
    )

    # --- The wards on the former Long Biên area ----------------------------------------------
    wards = {}
    for ward_code, place, chair, title, _sourced, start in WARD_COMMITTEES:
        ward = OrgUnit.objects.get(code=ward_code)
        if ward.parent_id != hanoi.pk:
            raise ValueError(f"{ward_code} should be a ward of Hà Nội")
        units = _ward_bodies(ward, place)
        committee = committee_upsert(
            code=ward_committee_code(ward_code),
            name="Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển "
            f"đổi số phường {place}",
            short_name=f"BCĐ 57 phường {place}",
            owner_unit=units["DU"],
            document_profile=DocumentProfile.PARTY,
            standing_agency=units["VHXH"],
            document_symbol="ĐU",
            founding_document=f"Quyết định của Ban Thường vụ Đảng ủy phường {place} (mẫu)",
            valid_from=start,
        )
        chair_person = _member(
            committee, chair, units["DU"], MemberRole.CHAIR, f"{title}, Trưởng Ban Chỉ đạo", start
        )
        units["committee"] = committee
        units["chair"] = chair_person
        wards[ward_code] = units

    # Bồ Đề's roster in full (illustrative names): the demo's ward accounts work there.
    bode = wards["HN-P-BODE"]
    bode_committee, bode_start = bode["committee"], D(2025, 8, 15)
    _member(
        bode_committee,
        "Trần Thị Thu Hà",
        bode["UBND"],
        MemberRole.STANDING_VICE_CHAIR,
        "Phó Bí thư Đảng ủy, Chủ tịch UBND phường",
        bode_start,
    )
    for name, unit, position in (
        ("Lương Văn Khải", bode["VP"], "Chánh Văn phòng HĐND và UBND phường"),
        ("Đinh Thị Ngọc Ánh", bode["VHXH"], "Trưởng phòng Văn hóa - Xã hội"),
        ("Vương Đức Hiếu", bode["KTHTDT"], "Trưởng phòng Kinh tế, Hạ tầng và Đô thị"),
        ("Hà Minh Phương", bode["TTHCC"], "Giám đốc Trung tâm Phục vụ hành chính công"),
        ("Tạ Quốc Bảo", bode["CA"], "Trưởng Công an phường"),
    ):
        _member(bode_committee, name, unit, MemberRole.MEMBER, position, bode_start)
    bode_secretary = _member(
        bode_committee,
        "Nguyễn Hải Yến",
        bode["VHXH"],
        MemberRole.SECRETARY,
        "Chuyên viên Phòng Văn hóa - Xã hội, Tổ giúp việc Ban Chỉ đạo",
        bode_start,
    )

    # --- Demo accounts of the new era (password demo12345) ------------------------------------
    _account(
        "city_secretariat",
        city_secretary.full_name,
        so_khcn,
        [(city, AccessRole.SECRETARIAT)],
        person=city_secretary,
    )
    _account(
        "city_chair",
        city_chair.full_name,
        thanh_uy,
        [(city, AccessRole.CHAIR)],
        person=city_chair,
    )
    # The ward's secretariat answers for the ward to the city: its account belongs to the ward,
    # it runs the ward's committee and is the ward's officer in the city's.
    _account(
        "ward_secretariat",
        bode_secretary.full_name,
        bode["ward"],
        [(bode_committee, AccessRole.SECRETARIAT), (city, AccessRole.UNIT_OFFICER)],
        person=bode_secretary,
    )
    _account(
        "ward_office",
        "Phan Thị Minh Thư",
        bode["TTHCC"],
        [(bode_committee, AccessRole.UNIT_OFFICER)],
    )
