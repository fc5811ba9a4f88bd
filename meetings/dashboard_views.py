"""The chair's dashboard and the units' scorecards (figures in `meetings.dashboard`)."""

import hashlib
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kpis.dashboard import kpi_fingerprint, kpi_summary, reporting_timeliness
from kpis.models import Plan, ReportingPeriod
from projects.dashboard import portfolio_fingerprint, project_portfolio
from projects.models import Health
from projects.permissions import projects_visible_to
from steering.data_version import DIRECTIVES, data_version
from steering.forms import PortalFormMixin
from steering.models import AccessRole, OrgUnit, SteeringCommittee
from steering.permissions import user_committee_roles, user_org_unit
from steering.timeliness import GridBucket

from . import selectors
from .dashboard import (
    FINGERPRINT_SECONDS,
    SCORECARD_PERIODS,
    cached,
    dashboard_build,
    dashboard_cache_key,
    scorecard_periods,
    scorecards_build,
    today,
)
from .forms import DATE_FORMATS, DATE_INPUT, DashboardForm
from .models import Directive

OPEN_COLUMNS = (
    GridBucket.DONE_ON_TIME,
    GridBucket.DONE_LATE,
    GridBucket.OPEN_OVERDUE,
    GridBucket.OPEN_WITHIN_DEADLINE,
)


def _query(**params) -> str:
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


def _dashboard_committees(user) -> list[SteeringCommittee]:
    """The committees whose dashboard the user reads; the one they chair first, else the busiest
    (counted only when they chair none)."""
    roles = user_committee_roles(user)
    committees = [
        c
        for c in SteeringCommittee.objects.visible_to(user).order_by("name")
        if user.has_perm("meetings.view_dashboard", c)
    ]
    chaired = [c for c in committees if AccessRole.CHAIR in roles.get(c.pk, ())]
    candidates = chaired or committees
    if len(candidates) > 1:
        # Counted once per data version (a table-wide count on every request made the warm
        # dashboard's time grow with the directive table).
        ids = sorted(c.pk for c in candidates)
        counts = cached(
            f"dashboard:sizes:{','.join(map(str, ids))}:{data_version(DIRECTIVES)}",
            lambda: dict(
                Directive.objects.filter(committee__in=ids)
                .order_by()
                .values_list("committee_id")
                .annotate(n=Count("pk"))
                .values_list("committee_id", "n")
            ),
        )
        candidates = sorted(candidates, key=lambda c: -counts.get(c.pk, 0))
    return candidates + [c for c in committees if c not in candidates]


class DashboardFilterForm(DashboardForm):
    """The dashboard's filters; the committee is chosen among those already read for the
    permission check, so the form itself runs no query."""

    committee = forms.TypedChoiceField(
        label=_("Ban chỉ đạo"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, committees, **kwargs):
        super(DashboardForm, self).__init__(*args, **kwargs)  # skip its queryset argument
        self.fields["committee"].choices = [(c.pk, c.name) for c in committees]


@login_required
def dashboard(request):
    """The chair's dashboard for one committee, a meeting-date range and an as-of date."""
    allowed = _dashboard_committees(request.user)
    if not allowed:
        raise PermissionDenied
    form = DashboardFilterForm(
        request.GET or None, committees=allowed, initial={"committee": allowed[0].pk}
    )
    filters = form.cleaned_data if form.is_valid() else {}
    committee = next((c for c in allowed if c.pk == filters.get("committee")), allowed[0])
    chosen_as_of = filters.get("as_of")
    as_of = chosen_as_of or today()
    meeting_from, meeting_to = filters.get("meeting_from"), filters.get("meeting_to")

    base_query = _query(
        committee=committee.pk,
        meeting_from=meeting_from,
        meeting_to=meeting_to,
        as_of=chosen_as_of,
    )
    projects = projects_visible_to(request.user).filter(committee=committee)

    def build():
        directives = selectors.directive_filter(
            user=request.user,
            filters={
                "committee": committee,
                "meeting_from": meeting_from,
                "meeting_to": meeting_to,
            },
        )
        board = dashboard_build(directives=directives, as_of=as_of)
        portfolio = project_portfolio(projects=projects)
        kpis = kpi_summary(committee=committee, as_of=as_of)
        context = {
            "committee": committee,
            "board": board,
            "base_query": base_query,
            "buckets": GridBucket,
            "charts": _charts(board, portfolio),
            "portfolio": portfolio,
            "health": Health,
            "kpis": kpis,
            "scorecard_query": _query(committee=committee.pk, as_of=chosen_as_of),
        }
        html = render_to_string("meetings/_dashboard_figures.html", context, request=request)
        return {"board": board, "portfolio": portfolio, "kpis": kpis, "html": html}

    # Every reader of a dashboard sees all of the committee's directives and projects, so one
    # cached copy (figures and their rendered tables) serves them all. Directive writes bump the
    # committee's version at once; KPI reports and projects (written by other apps) are
    # fingerprinted, and the fingerprint itself is re-read every FINGERPRINT_SECONDS.
    figures = cached(
        dashboard_cache_key(
            kind="board",
            committee_id=committee.pk,
            as_of=as_of,
            scope=selectors.directive_scope_key(user=request.user, committee_id=committee.pk),
            chosen=bool(chosen_as_of),
            meeting_from=meeting_from,
            meeting_to=meeting_to,
            others=cached(
                f"dashboard:fingerprints:{committee.pk}:{as_of.isoformat()}",
                lambda: (
                    kpi_fingerprint(committee=committee, as_of=as_of),
                    portfolio_fingerprint(projects=projects),
                ),
                seconds=FINGERPRINT_SECONDS,
            ),
        ),
        build,
    )
    scorecard_query = _query(committee=committee.pk, as_of=chosen_as_of)

    def form_html():
        return render_to_string(
            "meetings/_dashboard_form.html",
            {"form": form, "scorecard_query": scorecard_query},
            request=request,
        )

    if form.errors:
        filters_html = form_html()
    else:
        # The filter form as the reader last saw it: the same for the same choices and values.
        choices = [(c.pk, c.name) for c in allowed]
        values = sorted((k, str(v)) for k, v in filters.items())
        filters_html = cached(
            "dashboard:form:"
            + hashlib.sha256(
                repr((translation.get_language(), choices, values)).encode()
            ).hexdigest(),
            form_html,
        )
    return render(
        request,
        "meetings/dashboard.html",
        {
            "form": form,
            "form_html": filters_html,
            "committee": committee,
            "board": figures["board"],
            "portfolio": figures["portfolio"],
            "kpis": figures["kpis"],
            "figures": figures["html"],  # a SafeString (render_to_string), pickled as such
            "scorecard_query": scorecard_query,
        },
    )


def _charts(board, portfolio) -> dict:
    return {
        "grid": {
            "labels": [str(label) for label in GridBucket.labels],
            "values": [board.overall.grid[b] for b in GridBucket.values],
        },
        "units": {
            "labels": [t.label for t in board.unit_rows],
            "series": [
                {"label": str(GridBucket(b).label), "values": [t.grid[b] for t in board.unit_rows]}
                for b in OPEN_COLUMNS
            ],
        },
        "portfolio": {
            "labels": [row.name for row in portfolio.rows],
            "series": [
                {"label": str(Health(h).label), "values": [row.health[h] for row in portfolio.rows]}
                for h in Health.values
            ],
        },
    }


# --- Scorecards ------------------------------------------------------------------------------


class ScorecardForm(PortalFormMixin, forms.Form):
    committee = forms.ModelChoiceField(
        label=_("Ban chỉ đạo"), queryset=SteeringCommittee.objects.none(), required=False
    )
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, required=False)
    period = forms.ChoiceField(
        label=_("Kỳ"),
        required=False,
        choices=[
            ("q1", _("Quý I")),
            ("q2", _("Quý II")),
            ("q3", _("Quý III")),
            ("q4", _("Quý IV")),
            ("h1", _("6 tháng đầu năm")),
            ("h2", _("6 tháng cuối năm")),
            ("y", _("Cả năm")),
        ],
    )
    as_of = forms.DateField(
        label=_("Tính đến ngày"), required=False, widget=DATE_INPUT, input_formats=DATE_FORMATS
    )

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees


def _scorecard_scope(user) -> tuple[list[SteeringCommittee], OrgUnit | None]:
    """(committees, unit): readers of a committee's dashboard see every unit (unit None); a unit
    officer sees only their own unit's scorecard."""
    committees = _dashboard_committees(user)
    if committees:
        return committees, None
    unit = user_org_unit(user)
    roles = user_committee_roles(user)
    officer_of = [cid for cid, r in roles.items() if AccessRole.UNIT_OFFICER in r]
    if unit is None or not officer_of:
        raise PermissionDenied
    return list(SteeringCommittee.objects.filter(pk__in=officer_of).order_by("name")), unit


def _latest_year(committee, as_of) -> int:
    """The latest year, up to the as-of date, in which something of the committee fell due."""
    due = (
        Directive.objects.filter(committee=committee, due_date__lte=as_of)
        .order_by()
        .aggregate(last=Max("due_date"))["last"]
    )
    deadline = (
        ReportingPeriod.objects.filter(plan__committee=committee, submission_deadline__lt=as_of)
        .order_by()
        .aggregate(last=Max("submission_deadline"))["last"]
    )
    found = [d for d in (due, deadline) if d]
    return max(found).year if found else as_of.year


def _scorecards(request, committees):
    form = ScorecardForm(
        request.GET or None,
        committees=SteeringCommittee.objects.filter(pk__in=[c.pk for c in committees]),
        initial={"committee": committees[0].pk, "period": "y"},
    )
    filters = form.cleaned_data if form.is_valid() else {}
    committee = filters.get("committee") or committees[0]
    chosen_as_of = filters.get("as_of")
    as_of = chosen_as_of or today()
    year = filters.get("year") or _latest_year(committee, as_of)
    form.initial["year"] = year
    if form.is_bound:
        # The form shows what the table shows: the year and period used when left empty.
        data = form.data.copy()
        for name, used in (("year", year), ("period", filters.get("period") or "y")):
            if not data.get(name) or name in form.errors:
                data[name] = used
        form.data = data
    periods = scorecard_periods(year)

    def build():
        kpi = {
            p.key: reporting_timeliness(committee=committee, start=p.start, end=p.end, as_of=as_of)
            for p in periods
        }
        directives = selectors.directive_filter(user=request.user, filters={"committee": committee})
        return scorecards_build(
            directives=directives, as_of=as_of, periods=periods, kpi_timeliness=kpi
        )

    # The figures are built from the directives the reader may see, so readers share them only
    # within one scope (a ward officer's build must never serve the chair, nor the reverse).
    cards = cached(
        dashboard_cache_key(
            kind="scorecards",
            committee_id=committee.pk,
            as_of=as_of,
            year=year,
            scope=selectors.directive_scope_key(user=request.user, committee_id=committee.pk),
            kpis=cached(
                f"dashboard:fingerprints:kpis:{committee.pk}:{as_of.isoformat()}",
                lambda: kpi_fingerprint(committee=committee, as_of=as_of),
                seconds=FINGERPRINT_SECONDS,
            ),
        ),
        build,
    )
    context = {
        "form": form,
        "committee": committee,
        "as_of": as_of,
        "year": year,
        "periods": periods,
        "base_query": _query(committee=committee.pk, as_of=chosen_as_of),
        "can_view_kpis": request.user.has_perm("kpis.view_aggregates", Plan(committee=committee)),
    }
    return form, filters, cards, context


@login_required
def scorecard_list(request):
    """Every unit's scorecard for one period, ranked (a unit officer: their own unit only)."""
    committees, own_unit = _scorecard_scope(request.user)
    _form, filters, cards, context = _scorecards(request, committees)
    key = filters.get("period") or "y"
    period = next(p for p in context["periods"] if p.key == key)
    rows = cards[period.key]
    if own_unit is not None:
        rows = [row for row in rows if row.unit_id == own_unit.pk]
    charts = {
        "scorecards": {
            "labels": [row.label for row in rows],
            "series": [
                {
                    "label": str(_("Tỷ lệ hoàn thành đúng hạn (%)")),
                    "values": [_round(row.tally.on_time_rate) for row in rows],
                },
                {
                    "label": str(_("Tỷ lệ báo cáo chỉ tiêu đúng hạn (%)")),
                    "values": [_round(row.kpi_rate) for row in rows],
                },
            ],
        }
    }
    return render(
        request,
        "meetings/scorecard_list.html",
        {
            **context,
            "period": period,
            "period_query": _period_query(context, period),
            "rows": rows,
            "own_unit": own_unit,
            "charts": charts,
        },
    )


def _round(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


def _period_query(context, period) -> str:
    return "&".join(
        q for q in (context["base_query"], _query(due_from=period.start, due_to=period.end)) if q
    )


@login_required
def scorecard_unit(request, unit_id: int):
    """One unit's scorecard by quarter, half-year and year."""
    committees, own_unit = _scorecard_scope(request.user)
    if own_unit is not None and own_unit.pk != unit_id:
        raise Http404
    _form, _filters, cards, context = _scorecards(request, committees)
    columns = []
    for period in context["periods"]:
        row = next((r for r in cards[period.key] if r.unit_id == unit_id), None)
        columns.append((period, row, len(cards[period.key]), _period_query(context, period)))
    unit = get_object_or_404(OrgUnit, pk=unit_id)
    return render(
        request,
        "meetings/scorecard_unit.html",
        {**context, "unit": unit, "columns": columns, "period_keys": list(SCORECARD_PERIODS)},
    )
