"""Sample documents: the Long Biên IT steering committee's meeting of 17/10/2019 (from the seed news
report, copied here so that the project never reads the shared seed files) in both issuing
patterns, a long notice, a minutes and a diacritics sample."""

import datetime

from steering.officialdoc import (
    PARTY,
    STATE,
    Absentee,
    BulletList,
    MinutesDocument,
    OfficialDocument,
    Paragraph,
    Point,
    Recipient,
    RecipientPurpose,
    SectionHeading,
    Signature,
    Topic,
    authority_line,
    recipient_lines,
)

MEETING_DAY = datetime.date(2019, 10, 17)

OPENING = (
    "Ngày 17/10/2019, Ban chỉ đạo ứng dụng công nghệ thông tin quận (CNTT) tổ chức họp giao ban "
    "định kỳ. Dự cuộc họp có các đồng chí thành viên Ban chỉ đạo. Đồng chí Đỗ Mạnh Hải - Bí thư "
    "Quận ủy - Chủ tịch HĐND quận, Trưởng Ban chỉ đạo chủ trì hội nghị."
)
HEARD = (
    "Hội nghị đã nghe báo cáo đánh giá kết quả thực hiện Đề án, Kế hoạch CNTT và các ý kiến chỉ "
    "đạo của Ban chỉ đạo CNTT quận năm 2019; tiến độ thực hiện các Dự án CNTT; xin ý kiến Ban chỉ "
    "đạo 03 nội dung. Đồng chí Trưởng Ban chỉ đạo ghi nhận kết quả đạt được trong 9 tháng đầu năm "
    "và kết luận, chỉ đạo đối với một số nhiệm vụ trọng tâm trong quý IV năm 2019 như sau:"
)

SEED_BODY = (
    Paragraph(OPENING),
    Paragraph(HEARD),
    Topic("1", "Về hệ thống camera an ninh"),
    Point(
        "1.1",
        "Với 226 camera đã lắp đặt: yêu cầu Công an quận đánh giá lại hiệu quả sử dụng camera, "
        "lập phương án so sánh tính khả thi giữa việc duy trì hệ thống camera hiện nay hoặc đi "
        "thuê đơn vị cung cấp dịch vụ, báo cáo Ban Thường vụ Quận ủy xem xét.",
    ),
    Point(
        "1.2",
        "Với Đề án mở rộng camera: rà soát lại để xác định tính khả thi của Dự án, báo cáo HĐND "
        "quận xin ý kiến tiếp tục triển khai hay dừng Dự án.",
        deadline="kỳ họp tới",
    ),
    Topic(
        "2",
        "Về Dự án “Trang bị hệ thống thiết bị trực tuyến cho Quận ủy và Đảng ủy các phường trên "
        "địa bàn quận” và Dự án “Xây dựng cơ sở dữ liệu hộ tịch điện tử trên địa bàn quận Long "
        "Biên”",
    ),
    Paragraph(
        "Xin ý kiến chỉ đạo của Thành ủy, Thành phố, khi được sự nhất trí mới tiếp tục triển khai "
        "thực hiện."
    ),
    Topic("3", "Về triển khai Nghị quyết số 17/NQ-CP ngày 07/3/2019 của Chính phủ"),
    Point(
        "3.1",
        "Giao cơ quan thường trực Ban chỉ đạo CNTT xây dựng Kế hoạch tổ chức thực hiện báo cáo "
        "UBND quận xem xét, thông qua UBND quận báo cáo Ban Thường vụ Quận ủy",
        deadline="trong tháng 11/2019",
    ),
    Topic("4", "Về thí điểm sử dụng dịch vụ quản lý máy tính, dữ liệu trực tuyến"),
    Point(
        "4.1",
        "Giao cơ quan thường trực Ban chỉ đạo CNTT lên phương án, báo cáo UBND quận phê duyệt, "
        "thông qua UBND quận báo cáo Thường trực, Ban Thường vụ Quận ủy xem xét.",
        deadline="Quý IV/2019",
    ),
    Topic(
        "5",
        "Về đầu tư bổ sung, thay thế máy tính bảng, máy tính xách tay cho một số vị trí, chức danh",
    ),
    Point(
        "5.1",
        "Giao cơ quan thường trực Ban chỉ đạo CNTT đánh giá hiện trạng sử dụng máy tính bảng, lập "
        "phương án và chứng minh sự cần thiết, tính khả thi báo cáo Ban chỉ đạo CNTT quận xem xét "
        "phê duyệt.",
        deadline="trước ngày 30/11/2019",
    ),
)

STATE_RECIPIENTS = recipient_lines(
    [
        Recipient("Thường trực Quận ủy", RecipientPurpose.BAO_CAO),
        Recipient("Đ/c Chủ tịch UBND quận", RecipientPurpose.BAO_CAO),
        Recipient("Các đ/c thành viên BCĐ"),
        Recipient("Các phòng, ban, đơn vị thuộc quận"),
        Recipient("UBND 14 phường"),
        Recipient("VHTT", RecipientPurpose.LUU),
    ],
    archive=("VT",),
)

STATE_NOTICE = OfficialDocument(
    profile=STATE,
    parent="UBND QUẬN LONG BIÊN",
    issuer="BAN CHỈ ĐẠO ỨNG DỤNG CNTT",
    number=5,
    symbol="TB-BCĐ",
    place="Long Biên",
    issued_on=MEETING_DAY,
    doc_type="THÔNG BÁO",
    subject=(
        "Kết luận của đồng chí Trưởng Ban Chỉ đạo ứng dụng CNTT quận\n"
        "tại cuộc họp giao ban định kỳ tháng 10/2019"
    ),
    body=SEED_BODY,
    closing="Ban Chỉ đạo ứng dụng CNTT quận thông báo để các cơ quan, đơn vị biết, thực hiện",
    signature=Signature(
        authority=authority_line(kind="TM", body="Ban Chỉ đạo"),
        title="TRƯỞNG BAN",
        agency_position="CHỦ TỊCH HĐND QUẬN",
        name="Đỗ Mạnh Hải",
    ),
    recipients=STATE_RECIPIENTS,
)

PARTY_NOTICE = OfficialDocument(
    profile=PARTY,
    parent="ĐẢNG BỘ THÀNH PHỐ HÀ NỘI",
    issuer="QUẬN ỦY LONG BIÊN",
    number=467,
    symbol="TB/QU",
    place="Long Biên",
    issued_on=MEETING_DAY,
    doc_type="THÔNG BÁO",
    subject=(
        "Kết luận của đồng chí Bí thư Quận ủy, Trưởng Ban Chỉ đạo\n"
        "ứng dụng CNTT quận tại cuộc họp giao ban tháng 10/2019"
    ),
    body=SEED_BODY,
    closing="Văn phòng Quận ủy thông báo để các cơ quan, đơn vị biết, thực hiện",
    signature=Signature(
        authority=authority_line(kind="TL", body="Ban Thường vụ", profile=PARTY),
        title="CHÁNH VĂN PHÒNG",
        name="Nguyễn Văn B",
    ),
    recipients=recipient_lines(
        [
            Recipient("Thường trực Thành ủy", RecipientPurpose.BAO_CAO),
            Recipient("Các đồng chí Quận ủy viên"),
            Recipient("Các đ/c thành viên BCĐ"),
            Recipient("Đảng ủy 14 phường"),
        ],
        archive=("Văn phòng Quận ủy",),
    ),
)

DRAFT_NOTICE = OfficialDocument(
    profile=STATE,
    parent="UBND QUẬN LONG BIÊN",
    issuer="BAN CHỈ ĐẠO ỨNG DỤNG CNTT",
    number=None,
    symbol="TB-BCĐ",
    place="Long Biên",
    issued_on=None,
    is_draft=True,
    subject="Kết luận của đồng chí Trưởng Ban Chỉ đạo tại cuộc họp tháng 01/2018",
    body=(Paragraph("Nội dung dự thảo."),),
    closing="Ban Chỉ đạo thông báo để các cơ quan, đơn vị biết, thực hiện",
    signature=Signature(authority="TM. BAN CHỈ ĐẠO", title="TRƯỞNG BAN", name="Nguyễn Văn A"),
    recipients=recipient_lines([Recipient("UBND 14 phường")], archive=("VT", "VHTT")),
)

JANUARY_NOTICE = OfficialDocument(
    profile=STATE,
    parent="UBND QUẬN LONG BIÊN",
    issuer="BAN CHỈ ĐẠO ỨNG DỤNG CNTT",
    number=1,
    symbol="TB-BCĐ",
    place="Long Biên",
    issued_on=datetime.date(2018, 1, 4),
    subject="Kết luận tại cuộc họp tháng 01/2018",
    body=(Paragraph("Nội dung."),),
    closing="Ban Chỉ đạo thông báo để các cơ quan, đơn vị biết, thực hiện",
    signature=Signature(authority="TM. BAN CHỈ ĐẠO", title="TRƯỞNG BAN", name="Nguyễn Văn A"),
    recipients=recipient_lines([], archive=("VT", "VHTT")),
)

SENTENCE = "Phường Bồ Đề, Ngọc Thụy, Thạch Bàn và Việt Hưng đã hoàn thành đúng hạn."
DIACRITICS = (
    "ạ ả ã ấ ầ ẩ ẫ ậ ắ ằ ẳ ẵ ặ ế ề ể ễ ệ ố ồ ổ ỗ ộ ớ ờ ở ỡ ợ ứ ừ ử ữ ự đ Đ "
    "Ạ Ả Ã Ấ Ầ Ẩ Ẫ Ậ Ắ Ằ Ẳ Ẵ Ặ Ế Ề Ể Ễ Ệ Ố Ồ Ổ Ỗ Ộ Ớ Ờ Ở Ỡ Ợ Ứ Ừ Ử Ữ Ự ỳ ỷ ỹ ỵ ý ư ơ ă â ê ô"
)


def long_notice(*, conclusions: int = 10, directives: int = 30) -> OfficialDocument:
    """A notice of about three pages: `conclusions` topics sharing `directives` points."""
    body: list = [
        Paragraph(OPENING),
        Paragraph(HEARD),
        SectionHeading("I", "Đánh giá kết quả thực hiện"),
        Paragraph(
            "Tổng số 23 nhiệm vụ tại Thông báo số 04/TB-BCĐ ngày 12/9/2019; đã hoàn thành 14, "
            "đang thực hiện 06, chưa thực hiện 03."
        ),
        BulletList(("Hoàn thành đúng hạn: 12 nhiệm vụ", "Hoàn thành quá hạn: 02 nhiệm vụ")),
        SectionHeading("II", "Nhiệm vụ trọng tâm thời gian tới"),
    ]
    per_topic = max(1, directives // conclusions)
    for t in range(1, conclusions + 1):
        body.append(Topic(str(t), f"Về nhóm nhiệm vụ số {t} của kế hoạch ứng dụng CNTT"))
        for d in range(1, per_topic + 1):
            body.append(
                Point(
                    f"{t}.{d}",
                    f"Giao Phòng Văn hóa và Thông tin chủ trì, phối hợp với Phòng Tài chính - Kế "
                    f"hoạch rà soát thiết bị cho nhiệm vụ {t}.{d}",
                    deadline="trước ngày 30/11/2019",
                )
            )
    return OfficialDocument(
        profile=STATE,
        parent="UBND QUẬN LONG BIÊN",
        issuer="BAN CHỈ ĐẠO ỨNG DỤNG CNTT",
        number=5,
        symbol="TB-BCĐ",
        place="Long Biên",
        issued_on=MEETING_DAY,
        subject="Kết luận của đồng chí Trưởng Ban Chỉ đạo tại cuộc họp tháng 10/2019",
        body=tuple(body),
        closing="Ban Chỉ đạo ứng dụng CNTT quận thông báo để các cơ quan, đơn vị biết, thực hiện",
        signature=STATE_NOTICE.signature,
        recipients=STATE_RECIPIENTS,
    )


MINUTES = MinutesDocument(
    profile=STATE,
    parent="UBND QUẬN LONG BIÊN",
    issuer="BAN CHỈ ĐẠO ỨNG DỤNG CNTT",
    number=3,
    symbol="BB-BCĐ",
    place="Long Biên",
    issued_on=MEETING_DAY,
    subject="Cuộc họp giao ban định kỳ Ban Chỉ đạo tháng 10/2019",
    started_at=datetime.datetime(2019, 10, 17, 8, 0),
    venue="Hội trường tầng 3, trụ sở UBND quận Long Biên",
    attendees=("Đồng chí Đỗ Mạnh Hải - Trưởng Ban", "Các đồng chí thành viên Ban Chỉ đạo"),
    absentees=(Absentee("Đồng chí Trần Văn C", "đi công tác"),),
    chair="Đồng chí Đỗ Mạnh Hải - Bí thư Quận ủy, Trưởng Ban Chỉ đạo",
    secretary="Đồng chí Lê Thị D - Phòng Văn hóa và Thông tin",
    content=(
        Topic("1", "Báo cáo"),
        Paragraph("Phòng Văn hóa và Thông tin báo cáo kết quả thực hiện Kế hoạch CNTT năm 2019."),
        Topic("2", "Ý kiến phát biểu"),
        BulletList(("Công an quận: đề nghị đánh giá lại hiệu quả hệ thống camera.",)),
        Topic("3", "Kết luận của chủ trì"),
        Paragraph("Đồng chí Trưởng Ban kết luận như Thông báo số 05/TB-BCĐ."),
    ),
    ended_at=datetime.datetime(2019, 10, 17, 11, 30),
    secretary_signature=Signature(title="THƯ KÝ", name="Lê Thị D"),
    chair_signature=Signature(title="CHỦ TRÌ", name="Đỗ Mạnh Hải"),
)
