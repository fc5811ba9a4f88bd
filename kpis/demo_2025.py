"""KPI demo after the 2025 reform (sources: docs/domain/reform-2025.md): the new wards' monthly
figures to the city's BCĐ 57 and their traffic-light marks on the sample ward criteria set of
the criteria import (kpis.criteria_samples). Figures and marks are sample data.
"""

import datetime
import random
from decimal import Decimal

from steering.models import OrgKind, OrgUnit, SteeringCommittee

from .demo import LB_INDICATORS, SAMPLE, D, _indicators, _month_period, _reports
from .models import Plan

NEW_WARDS = ("HN-P-BODE", "HN-P-LONGBIEN", "HN-P-PHUCLOI", "HN-P-VIETHUNG")


def wards_2026(today, users):
    """The new wards' monthly figures to the city: the months of the current year so far
    (accepted; the one before last submitted), last month and this month open for entry."""
    committee = SteeringCommittee.objects.filter(code="hn-bcd-57").first()
    issuer = OrgUnit.objects.filter(code="HN-UBND").first()
    if committee is None or issuer is None:
        return
    plan, _created = Plan.objects.get_or_create(
        issuer=issuer,
        number="01/KH-BCĐ57 (mẫu)",
        date=D(2026, 1, 10),
        defaults={
            "committee": committee,
            "year": 2026,
            "title": "Kế hoạch theo dõi chỉ tiêu chuyển đổi số của các xã, phường năm 2026 "
            f"({SAMPLE})",
        },
    )
    # The months of the plan's year up to today, and the next one (not yet open): whenever the
    # demo is loaded, last month and this month are open for entry.
    months = [(2026, m) for m in range(1, 13)]
    index = today.year * 12 + today.month - 1
    for offset in (-1, 0, 1):
        months.append(((index + offset) // 12, (index + offset) % 12 + 1))
    months = sorted(set(months))
    _indicators(
        plan,
        LB_INDICATORS,
        sample_from=1,
        district_kind=OrgKind.CITY,
        years=sorted({year for year, _m in months}),
    )
    periods = [_month_period(plan, year, month) for year, month in months]
    for period in periods:
        month_index = period.year * 12 + period.number - 1
        if month_index in (index - 1, index) and period.lock_date < today + datetime.timedelta(
            days=14
        ):
            # Keep the demo's months open whenever the demo is loaded.
            period.submission_deadline = max(period.submission_deadline, today)
            period.lock_date = today + datetime.timedelta(days=30)
            period.save()
    reported = [p for p in periods if p.year * 12 + p.number - 1 < index - 1]
    wards = list(OrgUnit.objects.filter(code__in=NEW_WARDS).order_by("code"))
    _reports(
        plan,
        reported,
        wards,
        list(plan.indicators.order_by("ordinal")),
        officers={"HN-P-BODE": users.get("ward_secretariat")},
        reviewer=users.get("city_secretariat") or users["admin"],
        rng=random.Random(2026),  # noqa: S311 - the same sample figures on every machine
        open_period=reported[-1] if reported else None,
    )


# Months the new wards marked the sample criteria set, and what became of each ward's sheet in
# the last of them (earlier months all accepted).
CRITERIA_MONTHS = ((2026, 9), (2026, 10), (2026, 11))
LAST_MONTH_STATE = {
    "HN-P-BODE": "accepted",
    "HN-P-LONGBIEN": "accepted",
    "HN-P-PHUCLOI": "submitted",
    "HN-P-VIETHUNG": "draft",
}


def _criterion_value(rng, criterion, strength: float) -> Decimal:
    """A sample value around the criterion's green threshold: `strength` near 1 mostly green."""
    from .criteria_models import RuleKind

    if criterion.rule == RuleKind.YES_NO:
        return Decimal(1 if rng.random() < strength + 0.1 else 0)
    green = float(criterion.green_threshold or 0)
    yellow = float(criterion.yellow_threshold or 0)
    if criterion.rule == RuleKind.AT_MOST:
        return Decimal(rng.choice([0, 0, 1, 2, 4]) if strength < 0.9 else 0)
    # At least / a percentage: the higher the better.
    low = yellow - (green - yellow) * 0.5
    value = low + (green - low) * min(1.0, rng.uniform(strength - 0.2, strength + 0.35))
    if criterion.rule == RuleKind.PERCENT:
        value = max(0.0, min(100.0, value))
    return Decimal(round(max(0.0, value)))


def criteria_2026(users) -> None:
    """The sample ward criteria set of the city BCĐ 57, marked by the four wards."""
    from .criteria_models import CriteriaSet
    from .criteria_samples import sample_ward_criteria_create
    from .lights_services import criteria_marks_save, criteria_sheet_review

    committee = SteeringCommittee.objects.filter(code="hn-bcd-57").first()
    if committee is None or CriteriaSet.objects.filter(committee=committee, year=2026).exists():
        return
    criteria_set = sample_ward_criteria_create(committee=committee, year=2026).criteria_set
    criteria = list(criteria_set.criteria.order_by("ordinal"))
    reviewer = users.get("city_secretariat") or users["admin"]
    rng = random.Random(57)  # noqa: S311 - reproducible sample marks
    strengths = {
        "HN-P-BODE": 0.95,
        "HN-P-LONGBIEN": 0.9,
        "HN-P-PHUCLOI": 0.75,
        "HN-P-VIETHUNG": 0.55,
    }
    wards = OrgUnit.objects.filter(code__in=NEW_WARDS).order_by("code")
    for year, month in CRITERIA_MONTHS:
        last = (year, month) == CRITERIA_MONTHS[-1]
        for ward in wards:
            state = LAST_MONTH_STATE[ward.code] if last else "accepted"
            officer = users.get("ward_secretariat") if ward.code == "HN-P-BODE" else None
            values = {c.pk: _criterion_value(rng, c, strengths[ward.code]) for c in criteria}
            sheet = criteria_marks_save(
                user=officer or users["admin"],
                criteria_set=criteria_set,
                unit=ward,
                year=year,
                month=month,
                criteria=criteria,
                values=values,
                notes={criteria[0].pk: "Số liệu mẫu: danh sách tập huấn kèm theo."},
                submit=state != "draft",
            )
            if state == "accepted":
                criteria_sheet_review(user=reviewer, sheet=sheet, accept=True)
