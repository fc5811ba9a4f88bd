from django.utils.translation import gettext_lazy as _

from steering.models import AccessRole
from steering.permissions import user_committee_roles, user_org_unit, user_ward_committees


def items(user) -> list[tuple[str, str]]:
    roles = user_committee_roles(user)
    held = {role for committee_roles in roles.values() for role in committee_roles}
    entries = []
    if AccessRole.UNIT_OFFICER in held and user_org_unit(user) is not None:
        entries.append(("my_work", _("Việc của đơn vị tôi")))
        if not held - {AccessRole.UNIT_OFFICER}:
            # Readers reach the scorecards from the dashboard; an officer sees their own unit's.
            entries.append(("scorecard_list", _("Bảng điểm đơn vị")))
    if held - {AccessRole.UNIT_OFFICER} or user.is_superuser:
        entries.append(("meeting_list", _("Cuộc họp")))
    if held or user.is_superuser:
        entries.append(("directive_list", _("Nhiệm vụ")))
    if AccessRole.SECRETARIAT in held or user.is_superuser:
        entries.append(("directives_unlinked", _("Nhiệm vụ chưa gắn đơn vị")))
    followers = {AccessRole.CHAIR, AccessRole.SECRETARIAT, AccessRole.MEMBER, AccessRole.VIEWER}
    if held & followers or user.is_superuser:
        entries.insert(0, ("dashboard", _("Bảng điều hành")))
    # Cascade: a ward's committee receives tasks from above; the committees above the wards
    # follow them ward by ward (read from the roles already loaded: no query).
    wards = user_ward_committees(user)
    if wards or user.is_superuser:
        entries.append(("cascade_inbox", _("Nhiệm vụ cấp trên giao")))
    if user.is_superuser or any(
        roles & followers for cid, roles in roles.items() if cid not in wards
    ):
        entries.append(("cascade_grid", _("Tổng hợp theo phường, xã")))
    return entries
