"""Open every main page of the demo in Chromium as the persona who uses it; collect CSP
violations, console errors, axe-core findings and the HTML the server sent (for the Nu checker).

The page plan is built from the demo database (`load_demo`), so every page has real content: one
browser context per persona, signed in through the login form, visiting that persona's pages.
"""

import json
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PASSWORD = "demo12345"

# Injected through the DevTools protocol before any page script: not subject to the page's CSP.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(
    `${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`
    + ` at ${e.sourceFile}:${e.lineNumber}`
  );
});
"""
RUN_AXE = """
async () => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
    resultTypes: ['violations'],
  });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
  }));
}
"""


@dataclass
class Crawl:
    pages: list[tuple[str, str]] = field(default_factory=list)  # (persona, path) visited
    statuses: list[tuple[str, str, int]] = field(default_factory=list)
    csp: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    axe: list[dict] = field(default_factory=list)
    html: dict[str, Path] = field(default_factory=dict)  # path -> saved file
    missing: list[str] = field(default_factory=list)  # pages the demo has no object for


def page_plan(outsider: str = "outsider") -> tuple[dict[str, list[str]], list[str]]:
    """Demo username -> the paths that persona opens (every main page at least once), and the
    pages that could not be planned because the demo has no object for them."""
    from kpis.models import Indicator, IndicatorReport, PlanTask, ReportingPeriod
    from meetings.models import Conclusion, DeadlineExtension, Directive, Meeting
    from projects.models import ITProject
    from steering.models import OrgUnit, SteeringCommittee

    committee = SteeringCommittee.objects.get(code="lb-bcd-cntt")
    meeting = Meeting.objects.filter(committee=committee).order_by("-starts_at").first()
    conclusion = Conclusion.objects.filter(meeting=meeting).first()
    directive = Directive.objects.filter(committee=committee).order_by("pk").first()
    ward1_unit = OrgUnit.objects.get(profiles__user__username="ward1")
    ward1_directive = (
        Directive.objects.filter(lead_unit=ward1_unit).order_by("pk").first() or directive
    )
    extension = DeadlineExtension.objects.order_by("pk").first()
    project = ITProject.objects.order_by("pk").first()
    ward_report = (
        IndicatorReport.objects.filter(unit=ward1_unit).order_by("-period__year", "-period__number")
    ).first()
    period = ward_report.period if ward_report else ReportingPeriod.objects.order_by("-pk").first()
    indicator = Indicator.objects.filter(plan=period.plan).order_by("pk").first()
    missing: list[str] = []

    def url(name, *args, query=""):
        return reverse(name, args=args) + query

    def optional(name, lookup):
        """The page of the first object `lookup()` returns, if the demo has one."""
        try:
            args = lookup()
        except Exception:  # an app under construction must not stop the whole crawl
            args = None
        if args is None:
            missing.append(name)
            return []
        return [url(name, *args)]

    def criteria_sheet():
        from kpis.criteria_models import ScoreSheet

        # A sheet of the demo district's scored set: the secretariat's committee (the 2025–2026
        # wards' traffic-light sheets belong to the new era's committees).
        sheet = ScoreSheet.objects.filter(criteria_set__method="points").order_by("pk").first()
        return sheet and (sheet.criteria_set_id, sheet.year, sheet.month, sheet.unit_id)

    def notice():
        from meetings.models import MeetingDocument

        document = MeetingDocument.objects.order_by("pk").first()
        return document and (document.pk,)

    def plan_task():
        task = PlanTask.objects.order_by("pk").first()
        return task and (task.pk,)

    plan = {
        "anonymous": [url("login")],
        "admin": [
            url("home"),
            url("admin:index"),
            url("admin:meetings_directive_changelist"),
            url("admin:meetings_directive_change", directive.pk),
            url("admin:steering_orgunit_change", ward1_unit.pk),
            url("admin:auth_user_add"),
            # The change forms with the most inlines and autocomplete boxes of each app.
            url("admin:meetings_meeting_change", meeting.pk),
            url("admin:steering_steeringcommittee_change", committee.pk),
            url("admin:projects_itproject_change", project.pk),
            url("admin:kpis_indicator_change", indicator.pk),
            url("admin:kpis_plan_change", period.plan_id),
            url("admin:kpis_reportingperiod_change", period.pk),
            url("admin:auth_user_changelist"),
            url("project_create"),
            url("project_update", project.pk),
        ],
        "secretariat": [
            url("home"),
            url("committee_list"),
            url("committee_detail", committee.pk),
            url("orgunit_list"),
            url("orgunit_list", query="?q=bo+de"),
            url("orgunit_detail", ward1_unit.pk),
            url("meeting_list"),
            url("meeting_create"),
            url("meeting_detail", meeting.pk),
            url("document_verify"),
            url("meeting_update", meeting.pk),
            url("meeting_attendance", meeting.pk),
            url("conclusions_paste", meeting.pk),
            url("conclusion_update", conclusion.pk),
            url("directive_list"),
            url("directive_list", query="?q=cong+nghe"),
            url("directive_detail", directive.pk),
            url("directive_update", directive.pk),
            url("kpi_home"),
            url("kpi_plan", period.plan_id),
            *optional("kpi_plan_task", plan_task),
            url("kpi_review", period.pk),
            url("kpi_matrix", period.plan_id),
            url("kpi_heatmap", period.pk),
            url("kpi_criteria_list"),
            *optional("kpi_criteria_results", lambda: criteria_sheet() and criteria_sheet()[:3]),
            *optional("kpi_criteria_score", criteria_sheet),
            *optional("document_detail", notice),
            *optional("document_edit", notice),
            url("notification_list"),
            url("styleguide"),
            url("password_change"),
        ],
        "chair": [
            url("home"),
            url("dashboard"),
            url("scorecard_list"),
            url("scorecard_unit", ward1_unit.pk),
            url("directive_detail", extension.directive_id if extension else directive.pk),
            url("kpi_trend", indicator.pk),
            url("feed_settings"),
        ],
        "member": [
            url("home"),
            url("project_list"),
            url("project_list", query="?q=du+lieu"),
            url("project_detail", project.pk),
            url("committee_detail", committee.pk),
        ],
        "ward1": [
            url("home"),
            url("my_work"),
            url("directive_detail", ward1_directive.pk),
            url("kpi_home"),
            url("kpi_report", period.pk),
            url("kpi_import", period.pk),
        ],
        "ward2": [url("home"), url("directive_list"), url("my_work")],
        # History through the reform: new phường Bồ Đề's officer, its inherited tasks and the
        # old wards' history (the old phường Bồ Đề: directives, plan tasks, figures).
        "ward_secretariat": [
            url("home"),
            url("my_work"),
            url("unit_history_list"),
            url("unit_history", ward1_unit.pk),
        ],
        "division": [url("home"), url("my_work"), url("kpi_home")],
        outsider: [url("home")],
    }
    return plan, missing


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}{reverse('login')}")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("form button[type=submit]").first.click()


def crawl(browser, base_url: str, plan: dict[str, list[str]], out_dir: Path) -> Crawl:
    result = Crawl()
    axe_source = AXE.read_text() + "\n;0"
    for username, paths in plan.items():
        context = browser.new_context(locale="vi-VN")
        context.add_init_script(WATCH_CSP)
        page = context.new_page()
        # axe itself adds inline styles while it measures colours: only what happens before it
        # runs belongs to the page.
        auditing = {"on": False}

        def on_console(msg, who=username, page=page, auditing=auditing):
            if msg.type == "error" and not auditing["on"]:
                result.console.append(f"{who} {page.url}: {msg.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda exc, who=username: result.console.append(f"{who}: {exc}"))
        if username != "anonymous":
            sign_in(page, base_url, username)
        for path in paths:
            auditing["on"] = False
            response = page.goto(f"{base_url}{path}", wait_until="load")
            result.pages.append((username, path))
            result.statuses.append((username, path, response.status))
            page.wait_for_timeout(50)  # let deferred scripts (charts, htmx) run
            for violation in page.evaluate("() => window.__cspViolations"):
                result.csp.append(f"{username} {path}: {violation}")
            if path in result.html:
                continue  # audited already, as another persona
            auditing["on"] = True
            page.evaluate(axe_source)  # through DevTools, so the page's CSP does not apply
            for finding in page.evaluate(RUN_AXE):
                result.axe.append({**finding, "page": path, "persona": username})
            saved = out_dir / f"page{len(result.html):03d}.html"
            saved.write_bytes(response.body())
            result.html[path] = saved
        context.close()
    return result


def nu_check(files: dict[str, Path]) -> list[dict]:
    """Run the Nu HTML checker once over the saved pages; return its messages with the page."""
    by_file = {f"file:{p}": path for path, p in files.items()}
    done = subprocess.run(
        [
            shutil.which("java") or "java",
            "-jar",
            str(VNU),
            "--format",
            "json",
            "--exit-zero-always",
            *map(str, files.values()),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    messages = json.loads(done.stderr or done.stdout)["messages"]
    for message in messages:
        message["page"] = by_file.get(message.get("url", ""), message.get("url", ""))
    return messages
