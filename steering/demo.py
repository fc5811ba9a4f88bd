"""Demo data for the committee core, built from the meeting reports in the project's seeds.

Facts from the seeds: Hà Nội city's IT steering committee of 2015 chaired by Nguyễn Thị Bích Ngọc
with Sở TT&TT as standing agency; Long Biên's IT steering committee chaired by Bí thư Quận ủy
Đỗ Mạnh Hải (2018, 2019 meetings); Bắc Từ Liêm's e-government steering committee chaired by
Chủ tịch UBND quận Lưu Ngọc Hà with Phòng Văn hóa và Thông tin as standing agency (2023); the
14 and 13 wards of the two districts and their 2025 mergers. Names of other members and of the
demo accounts are illustrative (marked below); the seeds name only the leaders.

`load()` is idempotent: every row is looked up by its natural key and only changed fields are
saved, so running `load_demo` twice changes nothing.
"""

import datetime

from .models import AccessRole, DocumentProfile, MemberRole, OrgKind, OrgUnit
from .services import (
    committee_upsert,
    membership_upsert,
    orgsuccession_upsert,
    orgunit_upsert,
    person_get_or_create,
    user_provision,
)

DEMO_PASSWORD = "demo12345"  # noqa: S105 - documented demo credential

D = datetime.date
LB_FROM, LB_TO = D(2003, 11, 6), D(2025, 6, 30)  # NĐ 132/2003/NĐ-CP; districts ended 1/7/2025
BTL_FROM = D(2013, 12, 27)  # Nghị quyết 132/NQ-CP
REFORM = D(2025, 7, 1)
REFORM_BASIS = "Nghị quyết 1656/NQ-UBTVQH15 ngày 16/6/2025"

LONG_BIEN_WARDS = [
    ("BODE", "Bồ Đề"),
    ("CUKHOI", "Cự Khối"),
    ("DUCGIANG", "Đức Giang"),
    ("GIATHUY", "Gia Thụy"),
    ("GIANGBIEN", "Giang Biên"),
    ("LONGBIEN", "Long Biên"),
    ("NGOCLAM", "Ngọc Lâm"),
    ("NGOCTHUY", "Ngọc Thụy"),
    ("PHUCDONG", "Phúc Đồng"),
    ("PHUCLOI", "Phúc Lợi"),
    ("SAIDONG", "Sài Đồng"),
    ("THACHBAN", "Thạch Bàn"),
    ("THUONGTHANH", "Thượng Thanh"),
    ("VIETHUNG", "Việt Hưng"),
]

BAC_TU_LIEM_WARDS = [
    ("CONHUE1", "Cổ Nhuế 1"),
    ("CONHUE2", "Cổ Nhuế 2"),
    ("DONGNGAC", "Đông Ngạc"),
    ("DUCTHANG", "Đức Thắng"),
    ("LIENMAC", "Liên Mạc"),
    ("MINHKHAI", "Minh Khai"),
    ("PHUDIEN", "Phú Diễn"),
    ("PHUCDIEN", "Phúc Diễn"),
    ("TAYTUU", "Tây Tựu"),
    ("THUONGCAT", "Thượng Cát"),
    ("THUYPHUONG", "Thụy Phương"),
    ("XUANDINH", "Xuân Đỉnh"),
    ("XUANTAO", "Xuân Tảo"),
]

# (new ward code, name, [(old ward code, share note)]) per domain research §4.3 and the sources
# in docs/domain/reform-2025.md: Long Biên [S8], Bồ Đề [S9] and Phúc Lợi [S10, with the area and
# population of each part] are sourced; Việt Hưng and the Bắc Từ Liêm lists follow the April 2025
# proposal and must be checked against the final text of NQ 1656 before production use. Parts of
# units outside the demo (xã Bát Tràng, xã Cổ Bi of Gia Lâm) are not modelled.
MERGERS = [
    (
        "HN-P-LONGBIEN",
        "Long Biên",
        [
            ("HN-LB-LONGBIEN", "phần lớn diện tích, toàn bộ dân số"),
            ("HN-LB-THACHBAN", "phần lớn diện tích và dân số"),
            ("HN-LB-CUKHOI", "phần lớn diện tích và dân số"),
            ("HN-LB-PHUCDONG", "một phần"),
            ("HN-LB-BODE", "một phần"),
            ("HN-LB-GIATHUY", "một phần"),
        ],
    ),
    (
        "HN-P-PHUCLOI",
        "Phúc Lợi",
        [
            ("HN-LB-PHUCLOI", "phần lớn: 6,81 km², 44.530 người"),
            ("HN-LB-VIETHUNG", "một phần: 1,31 km², 3.717 người"),
            ("HN-LB-GIANGBIEN", "một phần: 0,08 km², 126 người"),
            ("HN-LB-THACHBAN", "một phần: 0,10 km², 112 người"),
            ("HN-LB-PHUCDONG", "một phần: 2,01 km², 18.143 người"),
        ],
    ),
    (
        "HN-P-BODE",
        "Bồ Đề",
        [
            ("HN-LB-NGOCLAM", "toàn bộ diện tích và dân số"),
            ("HN-LB-BODE", "phần lớn diện tích và dân số"),
            ("HN-LB-NGOCTHUY", "phần lớn diện tích và dân số"),
            ("HN-LB-GIATHUY", "phần lớn diện tích và dân số"),
            ("HN-LB-DUCGIANG", "một phần diện tích và dân số"),
            ("HN-LB-THUONGTHANH", "một phần diện tích và dân số"),
            ("HN-LB-LONGBIEN", "một phần diện tích"),
            ("HN-LB-PHUCDONG", "một phần diện tích"),
        ],
    ),
    (
        "HN-P-VIETHUNG",
        "Việt Hưng",
        [
            ("HN-LB-VIETHUNG", "phần lớn diện tích"),
            ("HN-LB-DUCGIANG", "phần lớn (chưa đối chiếu NQ 1656)"),
            ("HN-LB-THUONGTHANH", "phần lớn (chưa đối chiếu NQ 1656)"),
            ("HN-LB-GIANGBIEN", "một phần"),
            ("HN-LB-SAIDONG", ""),
        ],
    ),
    ("HN-P-TAYTUU", "Tây Tựu", [("HN-BTL-TAYTUU", ""), ("HN-BTL-MINHKHAI", "")]),
    (
        "HN-P-PHUDIEN",
        "Phú Diễn",
        [("HN-BTL-PHUDIEN", ""), ("HN-BTL-PHUCDIEN", ""), ("HN-BTL-CONHUE1", "một phần")],
    ),
    (
        "HN-P-XUANDINH",
        "Xuân Đỉnh",
        [
            ("HN-BTL-XUANDINH", ""),
            ("HN-BTL-XUANTAO", ""),
            ("HN-BTL-CONHUE1", "một phần"),
            ("HN-BTL-CONHUE2", "một phần"),
        ],
    ),
    (
        "HN-P-DONGNGAC",
        "Đông Ngạc",
        [("HN-BTL-DONGNGAC", ""), ("HN-BTL-DUCTHANG", ""), ("HN-BTL-THUYPHUONG", "")],
    ),
    ("HN-P-THUONGCAT", "Thượng Cát", [("HN-BTL-THUONGCAT", ""), ("HN-BTL-LIENMAC", "")]),
]


def _district_bodies(prefix: str, district, place: str, valid_from, *, divisions):
    """People's Committee, Council, Party committee, police and divisions of one district."""
    unit = {}
    common = {"valid_from": valid_from, "valid_to": LB_TO, "place_name": place}
    unit["ubnd"] = orgunit_upsert(
        code=f"{prefix}-UBND",
        kind=OrgKind.PEOPLES_COMMITTEE,
        name=f"Ủy ban nhân dân quận {place}",
        short_name="UBND quận",
        abbreviation="UBND",
        parent=district,
        **common,
    )
    unit["hdnd"] = orgunit_upsert(
        code=f"{prefix}-HDND",
        kind=OrgKind.PEOPLES_COUNCIL,
        name=f"Hội đồng nhân dân quận {place}",
        short_name="HĐND quận",
        abbreviation="HĐND",
        parent=district,
        **common,
    )
    unit["quan_uy"] = orgunit_upsert(
        code=f"{prefix}-QU",
        kind=OrgKind.PARTY_COMMITTEE,
        name=f"Quận ủy {place}",
        short_name="Quận ủy",
        abbreviation="QU",
        parent=district,
        **common,
    )
    unit["btv"] = orgunit_upsert(
        code=f"{prefix}-BTVQU",
        kind=OrgKind.PARTY_STANDING_BOARD,
        name=f"Ban Thường vụ Quận ủy {place}",
        short_name="Ban Thường vụ Quận ủy",
        abbreviation="BTVQU",
        parent=unit["quan_uy"],
        **common,
    )
    unit["police"] = orgunit_upsert(
        code=f"{prefix}-CA",
        kind=OrgKind.POLICE,
        name=f"Công an quận {place}",
        short_name="Công an quận",
        abbreviation="CAQ",
        parent=district,
        **common,
    )
    unit["office"] = orgunit_upsert(
        code=f"{prefix}-VP",
        kind=OrgKind.OFFICE,
        name=f"Văn phòng HĐND và UBND quận {place}",
        short_name="Văn phòng HĐND và UBND quận",
        abbreviation="VP",
        parent=unit["ubnd"],
        **common,
    )
    for code, name, abbreviation in divisions:
        unit[code] = orgunit_upsert(
            code=f"{prefix}-{code}",
            kind=OrgKind.DIVISION,
            name=f"{name} quận {place}",
            short_name=name,
            abbreviation=abbreviation,
            parent=unit["ubnd"],
            **common,
        )
    return unit


DIVISIONS = [
    ("VHTT", "Phòng Văn hóa và Thông tin", "VHTT"),
    ("TCKH", "Phòng Tài chính - Kế hoạch", "TCKH"),
    ("NV", "Phòng Nội vụ", "NV"),
    ("TP", "Phòng Tư pháp", "TP"),
    ("QLDT", "Phòng Quản lý đô thị", "QLĐT"),
    ("GDDT", "Phòng Giáo dục và Đào tạo", "GDĐT"),
    ("TNMT", "Phòng Tài nguyên và Môi trường", "TNMT"),
    ("KT", "Phòng Kinh tế", "KT"),
    ("YT", "Phòng Y tế", "YT"),
]


def load() -> None:
    hanoi = orgunit_upsert(
        code="HN",
        national_code="01",
        kind=OrgKind.CITY,
        name="Thành phố Hà Nội",
        short_name="Hà Nội",
        place_name="Hà Nội",
    )
    ubnd_hn = orgunit_upsert(
        code="HN-UBND",
        kind=OrgKind.PEOPLES_COMMITTEE,
        name="Ủy ban nhân dân thành phố Hà Nội",
        short_name="UBND Thành phố",
        abbreviation="UBND",
        place_name="Hà Nội",
        parent=hanoi,
    )
    orgunit_upsert(
        code="HN-TU",
        kind=OrgKind.PARTY_COMMITTEE,
        name="Thành ủy Hà Nội",
        short_name="Thành ủy",
        abbreviation="TU",
        place_name="Hà Nội",
        parent=hanoi,
    )
    sở_tttt = orgunit_upsert(
        code="HN-STTTT",
        kind=OrgKind.DEPARTMENT,
        name="Sở Thông tin và Truyền thông Hà Nội",
        short_name="Sở TT&TT",
        abbreviation="STTTT",
        place_name="Hà Nội",
        parent=ubnd_hn,
        valid_to=D(2025, 2, 28),
    )
    sở_khcn = orgunit_upsert(
        code="HN-SKHCN",
        kind=OrgKind.DEPARTMENT,
        name="Sở Khoa học và Công nghệ Hà Nội",
        short_name="Sở KH&CN",
        abbreviation="SKHCN",
        place_name="Hà Nội",
        parent=ubnd_hn,
    )
    orgsuccession_upsert(
        predecessor=sở_tttt,
        successor=sở_khcn,
        effective_date=D(2025, 3, 1),
        legal_basis="Sắp xếp tổ chức bộ máy năm 2025 (Sở TT&TT hợp nhất vào Sở KH&CN)",
    )

    # --- Long Biên ---------------------------------------------------------------------------
    long_bien = orgunit_upsert(
        code="HN-LB",
        national_code="004",
        kind=OrgKind.URBAN_DISTRICT,
        name="Quận Long Biên",
        short_name="Long Biên",
        place_name="Long Biên",
        parent=hanoi,
        valid_from=LB_FROM,
        valid_to=LB_TO,
    )
    lb = _district_bodies("HN-LB", long_bien, "Long Biên", LB_FROM, divisions=DIVISIONS)
    lb_wards = {
        code: orgunit_upsert(
            code=f"HN-LB-{code}",
            kind=OrgKind.WARD,
            name=f"Phường {name}",
            short_name=name,
            place_name=name,
            parent=long_bien,
            valid_from=LB_FROM,
            valid_to=LB_TO,
        )
        for code, name in LONG_BIEN_WARDS
    }
    lb_team = orgunit_upsert(
        code="HN-LB-TGV-CNTT",
        kind=OrgKind.SUPPORT_TEAM,
        name="Tổ giúp việc Ban chỉ đạo ứng dụng CNTT quận Long Biên",
        short_name="Tổ giúp việc BCĐ",
        parent=lb["VHTT"],
        valid_from=LB_FROM,
        valid_to=LB_TO,
    )

    # --- Bắc Từ Liêm -------------------------------------------------------------------------
    bac_tu_liem = orgunit_upsert(
        code="HN-BTL",
        national_code="021",
        kind=OrgKind.URBAN_DISTRICT,
        name="Quận Bắc Từ Liêm",
        short_name="Bắc Từ Liêm",
        place_name="Bắc Từ Liêm",
        parent=hanoi,
        valid_from=BTL_FROM,
        valid_to=LB_TO,
    )
    btl = _district_bodies("HN-BTL", bac_tu_liem, "Bắc Từ Liêm", BTL_FROM, divisions=DIVISIONS)
    for code, name in BAC_TU_LIEM_WARDS:
        orgunit_upsert(
            code=f"HN-BTL-{code}",
            kind=OrgKind.WARD,
            name=f"Phường {name}",
            short_name=name,
            place_name=name,
            parent=bac_tu_liem,
            valid_from=BTL_FROM,
            valid_to=LB_TO,
        )
    btl_team = orgunit_upsert(
        code="HN-BTL-TGV-CQĐT",
        kind=OrgKind.SUPPORT_TEAM,
        name="Tổ công tác giúp việc Ban chỉ đạo xây dựng chính quyền điện tử quận Bắc Từ Liêm",
        short_name="Tổ công tác giúp việc BCĐ",
        parent=btl["VHTT"],
        valid_from=BTL_FROM,
        valid_to=LB_TO,
    )

    # --- The 2025 reform: new wards directly under the city ----------------------------------
    for code, name, sources in MERGERS:
        ward = orgunit_upsert(
            code=code,
            kind=OrgKind.WARD,
            name=f"Phường {name}",
            short_name=name,
            place_name=name,
            parent=hanoi,
            valid_from=REFORM,
        )
        for old_code, note in sources:
            orgsuccession_upsert(
                predecessor=OrgUnit.objects.get(code=old_code),
                successor=ward,
                effective_date=REFORM,
                legal_basis=REFORM_BASIS,
                note=note,
            )

    # --- Committees --------------------------------------------------------------------------
    hn_program = committee_upsert(
        code="hn-bcd-ctcntt",
        name="Ban Chỉ đạo Chương trình công nghệ thông tin Thành phố Hà Nội",
        short_name="BCĐ Chương trình CNTT Thành phố",
        owner_unit=ubnd_hn,
        document_profile=DocumentProfile.STATE,
        standing_agency=sở_tttt,
        valid_to=D(2014, 12, 31),
    )
    hn_committee = committee_upsert(
        code="hn-bcd-cntt-2015",
        name="Ban Chỉ đạo Ứng dụng công nghệ thông tin Thành phố Hà Nội",
        short_name="BCĐ Ứng dụng CNTT Thành phố",
        owner_unit=ubnd_hn,
        document_profile=DocumentProfile.STATE,
        standing_agency=sở_tttt,
        predecessor=hn_program,
        founding_document="Kiện toàn Ban Chỉ đạo Chương trình CNTT Thành phố (2015)",
        valid_from=D(2015, 1, 1),
    )
    lb_committee = committee_upsert(
        code="lb-bcd-cntt",
        name="Ban chỉ đạo ứng dụng công nghệ thông tin quận Long Biên",
        short_name="BCĐ CNTT quận Long Biên",
        owner_unit=lb["quan_uy"],
        document_profile=DocumentProfile.PARTY,
        standing_agency=lb["VHTT"],
        support_team=lb_team,
        document_symbol="BCĐ",
        valid_from=D(2016, 1, 1),
        valid_to=LB_TO,
    )
    btl_committee = committee_upsert(
        code="btl-bcd-cqdt",
        name="Ban chỉ đạo xây dựng chính quyền điện tử quận Bắc Từ Liêm",
        short_name="BCĐ xây dựng CQĐT quận Bắc Từ Liêm",
        owner_unit=btl["ubnd"],
        document_profile=DocumentProfile.STATE,
        standing_agency=btl["VHTT"],
        support_team=btl_team,
        document_symbol="BCĐ",
        valid_from=D(2018, 1, 1),
        valid_to=LB_TO,
    )

    def member(committee, name, unit, role, position, start, end=None):
        person = person_get_or_create(full_name=name, org_unit=unit, position_title=position)
        membership_upsert(
            committee=committee,
            person=person,
            role=role,
            position_in_agency=position,
            start_date=start,
            end_date=end,
        )
        return person

    member(
        hn_committee,
        "Nguyễn Thị Bích Ngọc",
        ubnd_hn,
        MemberRole.CHAIR,
        "Phó Bí thư Thành ủy, Phó Chủ tịch UBND Thành phố",
        D(2015, 1, 1),
    )

    lb_start = D(2016, 1, 1)
    chair_person = member(
        lb_committee,
        "Đỗ Mạnh Hải",
        lb["quan_uy"],
        MemberRole.CHAIR,
        "Bí thư Quận ủy - Chủ tịch HĐND quận",
        lb_start,
    )
    # Illustrative members: the seeds name only the chair of the Long Biên committee.
    member(
        lb_committee,
        "Nguyễn Văn Hùng",
        lb["ubnd"],
        MemberRole.STANDING_VICE_CHAIR,
        "Phó Chủ tịch UBND quận",
        lb_start,
    )
    member(
        lb_committee,
        "Trần Thị Lan",
        lb["VHTT"],
        MemberRole.MEMBER,
        "Trưởng phòng Văn hóa và Thông tin",
        lb_start,
    )
    member(
        lb_committee,
        "Phạm Quốc Toản",
        lb["police"],
        MemberRole.MEMBER,
        "Phó Trưởng Công an quận",
        lb_start,
    )
    member_person = member(
        lb_committee,
        "Lê Minh Đức",
        lb["TCKH"],
        MemberRole.MEMBER,
        "Trưởng phòng Tài chính - Kế hoạch",
        lb_start,
    )
    secretary_person = member(
        lb_committee,
        "Vũ Thu Hà",
        lb["VHTT"],
        MemberRole.SECRETARY,
        "Chuyên viên Phòng Văn hóa và Thông tin",
        lb_start,
    )
    member(
        lb_committee,
        "Hoàng Văn Bình",
        lb["office"],
        MemberRole.MEMBER,
        "Chánh Văn phòng HĐND và UBND quận",
        lb_start,
        D(2018, 12, 31),
    )

    btl_start = D(2023, 1, 1)
    member(
        btl_committee,
        "Lưu Ngọc Hà",
        btl["ubnd"],
        MemberRole.CHAIR,
        "Phó Bí thư Quận ủy, Chủ tịch UBND quận",
        btl_start,
    )
    member(
        btl_committee,
        "Lê Thị Thu Hương",
        btl["ubnd"],
        MemberRole.VICE_CHAIR,
        "Ủy viên Ban Thường vụ Quận ủy, Phó Chủ tịch UBND quận",
        btl_start,
    )
    member(
        btl_committee,
        "Phan Thị Thanh Huyền",
        btl["VHTT"],
        MemberRole.MEMBER,
        "Trưởng phòng Văn hóa và Thông tin - Thường trực Ban chỉ đạo",
        btl_start,
    )
    member(
        btl_committee,
        "Nguyễn Thanh Nhàn",
        btl["office"],
        MemberRole.MEMBER,
        "Chánh Văn phòng HĐND - UBND quận",
        btl_start,
    )

    # --- Demo accounts (password demo12345) --------------------------------------------------
    def account(username, full_name, unit, roles, person=None, **kwargs):
        user = user_provision(
            username=username,
            password=DEMO_PASSWORD,
            full_name=full_name,
            org_unit=unit,
            email=f"{username}@demo.local",
            roles=roles,
            **kwargs,
        )
        if person is not None and person.user_id != user.pk:
            person.user = user
            person.save()
        return user

    account("admin", "Quản trị hệ thống", None, [], is_superuser=True)
    account(
        "secretariat",
        secretary_person.full_name,
        lb["VHTT"],
        [(lb_committee, AccessRole.SECRETARIAT)],
        person=secretary_person,
    )
    account(
        "chair",
        chair_person.full_name,
        lb["quan_uy"],
        [(lb_committee, AccessRole.CHAIR)],
        person=chair_person,
    )
    account(
        "member",
        member_person.full_name,
        lb["TCKH"],
        [(lb_committee, AccessRole.MEMBER)],
        person=member_person,
    )
    # Illustrative ward and division officers.
    account(
        "ward1",
        "Đặng Thị Mai",
        lb_wards["BODE"],
        [(lb_committee, AccessRole.UNIT_OFFICER)],
    )
    account(
        "ward2",
        "Bùi Văn Nam",
        lb_wards["NGOCLAM"],
        [(lb_committee, AccessRole.UNIT_OFFICER)],
    )
    account(
        "division",
        "Ngô Thị Hoa",
        lb["NV"],
        [(lb_committee, AccessRole.UNIT_OFFICER)],
    )

    # The world after the 2025 reform: the city's and the new wards' NQ 57 committees.
    from . import demo_2025

    demo_2025.load()
