"""A period's report as a PDF: WeasyPrint with the notices' print stylesheet and fonts.

The official-document module's stylesheet (A4, Decree 30 margins, Liberation Serif embedded from
`static/fonts/`) is reused as is; the report adds only its table styles.
"""

import datetime
from collections import Counter

from django.template.loader import render_to_string
from django.utils import timezone

from steering.officialdoc import STATE, STATIC_DIR, render_css
from steering.vndates import vn_long_date

from .figure_selectors import STATUS_LABELS, period_heatmap, unit_period_stats, unit_period_status
from .maths import Result
from .models import ReportingPeriod


def period_report_context(*, period: ReportingPeriod, today: datetime.date | None = None) -> dict:
    """District figures per indicator (Σ/Σ of accepted reports, the formula and the coverage)
    and each unit's completeness and results against its targets. A fixed number of queries."""
    heatmap = period_heatmap(period=period)
    stats = unit_period_stats(
        units=[unit for unit, _cells in heatmap.rows],
        periods=[period],
        indicators=heatmap.indicators,
    )
    units = []
    for unit, cells in heatmap.rows:
        applicable = [c for c in cells if c is not None]
        results = Counter(c.result for c in applicable if c.result)
        found = stats.get((unit.pk, period.pk))
        units.append(
            {
                "unit": unit,
                "status": STATUS_LABELS[unit_period_status(found, period, len(applicable))],
                "reported": found.accepted if found else 0,
                "applicable": len(applicable),
                "met": results[Result.MET],
                "exceeded": results[Result.EXCEEDED],
                "not_met": results[Result.NOT_MET],
            }
        )
    today = today or timezone.localdate()
    return {
        "period": period,
        "plan": period.plan,
        "aggregates": heatmap.aggregates,
        "verdict_coverage": heatmap.verdict_coverage,
        "units": units,
        "results": dict(Result.choices),
        "place_date": vn_long_date(today),
    }


def period_report_html(*, period: ReportingPeriod, today: datetime.date | None = None) -> str:
    context = period_report_context(period=period, today=today)
    context["css"] = render_css(STATE)
    return render_to_string("kpis/period_report_pdf.html", context)


def period_report_pdf(*, period: ReportingPeriod, today: datetime.date | None = None) -> bytes:
    """PDF bytes; local `file:` URLs only (fonts), never the network."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=("file",), timeout=5)
    font_config = FontConfiguration()
    html = HTML(
        string=period_report_html(period=period, today=today),
        base_url=STATIC_DIR.as_uri() + "/",
        url_fetcher=fetcher,
    )
    return html.write_pdf(font_config=font_config)
