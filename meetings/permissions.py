"""Access rules for meetings and directives (the one place they live)."""

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from steering.models import AccessRole
from steering.permissions import (
    ALL_ACCESS_ROLES,
    decides_task,
    holds_committee_role,
    is_admin,
    require_perm,
    user_committee_roles,
    user_org_unit,
    user_successions,
)
from steering.tracking import CLOSED_STATES

from .models import Directive, DocumentKind, DocumentStatus, Evidence, Meeting, MeetingDocument

# The app config imports this module at start-up, so the rules exist before any view runs.


@rules.predicate
def reads_committee(user, obj) -> bool:
    return holds_committee_role(user, getattr(obj, "committee_id", None), *ALL_ACCESS_ROLES)


@rules.predicate
def runs_committee(user, obj) -> bool:
    return holds_committee_role(user, getattr(obj, "committee_id", None), AccessRole.SECRETARIAT)


@rules.predicate
def confirms_directive(user, directive) -> bool:
    """The secretariat of the committee that decides the directive: its own while it is valid,
    after its end the committee that holds it (`steering.permissions.decides_task`)."""
    return isinstance(directive, Directive) and decides_task(
        user, directive, committee=directive.committee, role=AccessRole.SECRETARIAT
    )


@rules.predicate
def chairs_deciding_committee(user, directive) -> bool:
    """The chair of the committee that decides the directive (see `confirms_directive`)."""
    return isinstance(directive, Directive) and decides_task(
        user, directive, committee=directive.committee, role=AccessRole.CHAIR
    )


@rules.predicate
def works_for_lead_unit(user, directive) -> bool:
    unit = user_org_unit(user)
    return (
        unit is not None
        and directive.lead_unit_id == unit.pk
        and bool(user_committee_roles(user).get(directive.committee_id))
    )


@rules.predicate
def inherits_lead_unit(user, directive) -> bool:
    """An old ward's open task now falls to the ward that succeeded it (the 2025 reform): the
    successor's officer reports on it and asks for more time through the same workflow."""
    return (
        isinstance(directive, Directive)
        and directive.lead_unit_id in user_successions(user)
        and directive.state not in CLOSED_STATES
    )


@rules.predicate
def reviewer_is_independent(user, directive) -> bool:
    # No unit confirms its own work: when the standing agency leads a directive, the chair
    # (or an administrator) confirms it.
    unit = user_org_unit(user)
    return unit is None or directive.lead_unit_id != unit.pk


@rules.predicate
def follows_committee(user, obj) -> bool:
    """Leaders, the secretariat, members and viewers: the dashboard's readers."""
    roles = (AccessRole.CHAIR, AccessRole.SECRETARIAT, AccessRole.MEMBER, AccessRole.VIEWER)
    return holds_committee_role(user, getattr(obj, "pk", None), *roles)


@rules.predicate
def reads_committee_documents(user, obj) -> bool:
    """Notices and minutes (drafts included): the committee's leaders, secretariat, members and
    viewers (unit officers: receives_issued_notice)."""
    roles = (AccessRole.CHAIR, AccessRole.SECRETARIAT, AccessRole.MEMBER, AccessRole.VIEWER)
    return holds_committee_role(user, getattr(obj, "committee_id", None), *roles)


@rules.predicate
def receives_issued_notice(user, document) -> bool:
    """The notice's recipients ("Nơi nhận") read the issued conclusion notice, the source of
    their tasks: whoever sees a directive of its meeting — a unit officer whose unit leads or
    supports one, a ward committee an upper committee's directive of the meeting was given to
    (cascade: its readers; its officers, the tasks their unit leads or supports), the successor
    of an old ward whose task is still open. Drafts and minutes stay with the committee, and so
    does the rest of the upper committee's work. One query, remembered on the document."""
    if document.kind != DocumentKind.NOTICE or document.status != DocumentStatus.ISSUED:
        return False
    if not user.is_authenticated:
        return False
    memo = document.__dict__.setdefault("_recipients_checked", {})
    if user.pk not in memo:
        memo[user.pk] = (
            Directive.objects.visible_to(user)
            .filter(conclusion__meeting_id=document.meeting_id)
            .exists()
        )
    return memo[user.pk]


@rules.predicate
def runs_receiving_ward(user, directive) -> bool:
    """The secretariat of the ward committee a task from above was given to (cascade): it
    breaks the task down, reports on it and asks the upper committee for more time."""
    from .cascade_selectors import breakdown_committees

    if not isinstance(directive, Directive):
        return False
    return bool(breakdown_committees(user=user, directive=directive))


rules.add_perm("meetings.view_meeting", is_admin | reads_committee)
rules.add_perm(
    "meetings.view_document", is_admin | reads_committee_documents | receives_issued_notice
)
rules.add_perm("meetings.view_document_drafts", is_admin | reads_committee_documents)
rules.add_perm("meetings.manage_document", is_admin | runs_committee)
rules.add_perm("meetings.view_dashboard", is_admin | follows_committee)
rules.add_perm("meetings.manage_meeting", is_admin | runs_committee)
rules.add_perm(
    "meetings.report_directive",
    is_admin | works_for_lead_unit | inherits_lead_unit | runs_committee | runs_receiving_ward,
)
rules.add_perm("meetings.break_down_directive", is_admin | runs_receiving_ward)
# One assignment ward by ward: the upper committee's readers (not the wards).
rules.add_perm("meetings.view_assignment", is_admin | reads_committee_documents)
rules.add_perm(
    "meetings.review_directive",
    is_admin | ((confirms_directive | chairs_deciding_committee) & reviewer_is_independent),
)
rules.add_perm(
    "meetings.request_extension",
    is_admin | works_for_lead_unit | inherits_lead_unit | runs_receiving_ward,
)
rules.add_perm("meetings.decide_extension", is_admin | chairs_deciding_committee)


DOCUMENT_READER_ROLES = (
    AccessRole.CHAIR,
    AccessRole.SECRETARIAT,
    AccessRole.MEMBER,
    AccessRole.VIEWER,
)


def can_verify_documents(user) -> bool:
    """The verification page: whoever reads some committee's documents (its readers)."""
    return user.is_superuser or any(
        roles & set(DOCUMENT_READER_ROLES) for roles in user_committee_roles(user).values()
    )


def can_create_meetings(user) -> bool:
    return user.is_superuser or any(
        AccessRole.SECRETARIAT in roles for roles in user_committee_roles(user).values()
    )


def meeting_get_for_user(*, user, pk: int, perm: str = "meetings.view_meeting") -> Meeting:
    meeting = get_object_or_404(
        Meeting.objects.visible_to(user).select_related(
            "committee", "committee__standing_agency", "chair"
        ),
        pk=pk,
    )
    require_perm(user, perm, meeting)
    return meeting


def directive_get_for_user(*, user, pk: int, perm: str | None = None) -> Directive:
    directive = get_object_or_404(
        Directive.objects.visible_to(user).select_related(
            "committee", "lead_unit", "conclusion__meeting", "project"
        ),
        pk=pk,
    )
    if perm:
        require_perm(user, perm, directive)
    return directive


def evidence_get_for_user(*, user, pk: int) -> Evidence:
    """An evidence file, for whoever may open its directive's page (else a 404). A sub-task's
    files are also read by the readers of the task from above it: the upper committee confirms
    the ward's report on the evidence of the ward's offices. Two queries."""
    evidence = get_object_or_404(Evidence.objects.select_related("event__directive"), pk=pk)
    directive = evidence.event.directive
    ids = [directive.pk, *([directive.parent_id] if directive.parent_id else [])]
    if not Directive.objects.visible_to(user).filter(pk__in=ids).exists():
        raise Http404
    return evidence


def document_get_for_user(
    *, user, pk: int, perm: str = "meetings.view_document"
) -> MeetingDocument:
    """A document of a committee the user holds a role in (else 404 unless it is an issued
    notice the user receives: `receives_issued_notice`), then `perm` (403)."""
    document = get_object_or_404(
        MeetingDocument.objects.select_related(
            "meeting__committee__owner_unit",
            "meeting__committee__standing_agency",
            "meeting__chair",
            "committee__owner_unit",
            "supersedes",
        ),
        pk=pk,
    )
    in_committee = user.is_superuser or document.meeting.committee_id in user_committee_roles(user)
    if not in_committee and not receives_issued_notice(user, document):
        raise Http404
    require_perm(user, perm, document)
    return document


def upward_report_committee_get(*, user, pk: int):
    """A committee whose upward report the user may produce: its chair, secretariat, members
    and viewers (an administrator: any). Another committee's: 404; its unit officers: 403."""
    from steering.models import SteeringCommittee

    committee = get_object_or_404(SteeringCommittee.objects.select_related("owner_unit"), pk=pk)
    if user.is_superuser:
        return committee
    roles = user_committee_roles(user).get(committee.pk)
    if not roles:
        raise Http404
    if not roles & {
        AccessRole.CHAIR,
        AccessRole.SECRETARIAT,
        AccessRole.MEMBER,
        AccessRole.VIEWER,
    }:
        raise PermissionDenied
    return committee


def unit_history_successions(*, user) -> list:
    """The successions into the user's unit, for the history of the old units (the 2025
    reform); a user whose unit succeeded none may not open the page."""
    successions = list(user_successions(user).values())
    if not successions:
        raise PermissionDenied
    return sorted(successions, key=lambda s: (s.effective_date, s.predecessor.name, s.pk))


def unit_history_get_for_user(*, user, pk: int):
    """An old unit whose history the user reads: one the user's unit succeeded, or the user's
    own old unit (its officers keep reading their history); an administrator: any unit that
    was succeeded. Any other unit, or one never succeeded: 404."""
    from steering.models import OrgUnit

    unit = user_org_unit(user)
    allowed = user.is_superuser or pk in user_successions(user)
    own = unit is not None and unit.pk == pk and bool(user_committee_roles(user))
    if not (allowed or own):
        raise Http404
    return get_object_or_404(
        OrgUnit.objects.select_related("parent").filter(successions_out__isnull=False).distinct(),
        pk=pk,
    )
