"""The smoke stage's journey through nginx only (run by deploy/smoke/run.sh; not a pytest test).

Against the running production shape: the health check through nginx, sign-in with CSRF, a ward
officer's KPI evidence uploaded and downloaded back byte-identical (X-Accel-Redirect through
nginx's internal /_protected/), the secretariat's notice issued and its PDF (rendered by the real
pdf worker) downloaded, the session and a rate limit holding while nginx alternates requests
between the two web processes. Each check prints one line; the first failure stops with a reason.
"""

import argparse
import hashlib
import html
import os
import re
import sys
import time
from collections import defaultdict
from urllib.parse import urljoin

import requests

PASSWORD = "demo12345"  # noqa: S105 (the demo accounts of manage.py load_demo)


class JourneyError(AssertionError):
    pass


def check(condition, message: str) -> None:
    if not condition:
        raise JourneyError(message)


class Visitor:
    """One browser: a cookie jar, the certificate of the smoke stage, a step name in a header
    that nginx writes to its access log beside the web process that answered."""

    def __init__(self, base: str, ca: str, step: str):
        self.base = base
        self.session = requests.Session()
        self.ca = ca  # per request: REQUESTS_CA_BUNDLE in the environment beats Session.verify
        self.step = step

    def url(self, path: str) -> str:
        return urljoin(self.base, path)

    def get(self, path: str, **kwargs) -> requests.Response:
        kwargs.setdefault("allow_redirects", False)
        kwargs.setdefault("timeout", 120)  # a fresh gunicorn worker loads Django first
        return self.session.get(
            self.url(path), headers={"X-Smoke-Step": self.step}, verify=self.ca, **kwargs
        )

    def post(self, path: str, data=None, files=None, referer: str | None = None):
        token = self.session.cookies.get("csrftoken")
        check(token, f"no CSRF cookie before POST {path}")
        headers = {
            "X-Smoke-Step": self.step,
            "X-CSRFToken": token,
            "Origin": self.base.rstrip("/"),
            "Referer": self.url(referer or path),
        }
        return self.session.post(
            self.url(path),
            data={"csrfmiddlewaretoken": token, **(data or {})},
            files=files,
            headers=headers,
            allow_redirects=False,
            timeout=120,
            verify=self.ca,
        )

    def sign_in(self, username: str) -> None:
        page = self.get("/accounts/login/")
        check(page.status_code == 200, f"login page: {page.status_code}")
        done = self.post(
            "/accounts/login/", {"username": username, "password": PASSWORD}, referer=None
        )
        check(
            done.status_code == 302 and "/accounts/login/" not in done.headers["Location"],
            f"{username} could not sign in: {done.status_code} {done.text[:300]}",
        )
        check(done.cookies.get("sessionid") or self.session.cookies.get("sessionid"), "no session")
        home = self.get("/")
        check(home.status_code == 200, f"home after sign-in of {username}: {home.status_code}")


def step(name: str) -> None:
    print(f"[journey] {name}", flush=True)


def health(args) -> None:
    step("health check through nginx (http, as a load balancer asks) and TLS")
    answer = requests.get(args.http + "/healthz", timeout=120)
    check(answer.status_code == 200, f"/healthz through nginx: {answer.status_code}")
    body = answer.json()
    check(body == {"status": "ok", "database": "ok", "broker": "ok"}, f"/healthz: {body}")
    redirect = requests.get(args.http + "/", allow_redirects=False, timeout=120)
    check(redirect.status_code == 301, f"http / is not redirected to https: {redirect.status_code}")
    page = requests.get(args.https + "/accounts/login/", verify=args.ca, timeout=120)
    check(page.status_code == 200, f"login page over https: {page.status_code}")
    check("max-age" in page.headers.get("Strict-Transport-Security", ""), "no HSTS header")
    static = re.search(r'(?:href|src)="(/static/[^"]+)"', page.text)
    check(static, "the login page links no static file")
    asset = requests.get(args.https + static.group(1), verify=args.ca, timeout=120)
    check(asset.status_code == 200 and asset.content, f"{static.group(1)}: {asset.status_code}")
    check("immutable" in asset.headers.get("Cache-Control", ""), "static not served by nginx")
    hidden = requests.get(args.https + "/_protected/x", verify=args.ca, timeout=120)
    check(hidden.status_code == 404, f"/_protected/ reachable from outside: {hidden.status_code}")


def evidence_round_trip(args) -> None:
    # The reporting ward of today: the new phường Bồ Đề (since 1/7/2025) reports the 2026 plan.
    step("ward_secretariat uploads KPI evidence and downloads it back (X-Accel-Redirect)")
    ward = Visitor(args.https, args.ca, "evidence")
    ward.sign_in("ward_secretariat")
    home = ward.get("/kpis/")
    check(home.status_code == 200, f"/kpis/ for ward_secretariat: {home.status_code}")
    report_url = field = None
    for candidate in dict.fromkeys(re.findall(r'href="(/kpis/report/\d+/)"', home.text)):
        form = ward.get(candidate)
        check(form.status_code == 200, f"{candidate}: {form.status_code}")
        field = re.search(r'name="(i\d+-evidence)"', form.text)
        if field:  # a period open for entry (entry opens on the period's last day)
            report_url = candidate
            break
    check(report_url, "ward_secretariat has no period open for entry with an evidence field")
    content = b"%PDF-1.4\n" + os.urandom(64 * 1024) + b"\n%%EOF\n"
    name = "Minh chứng quý 1 (smoke).pdf"
    saved = ward.post(
        report_url,
        {"action": "draft"},
        files={field.group(1): (name, content, "application/pdf")},
    )
    check(saved.status_code == 302, f"evidence upload: {saved.status_code} {saved.text[:500]}")
    again = ward.get(report_url)
    links = re.findall(r'href="(/kpis/evidence/\d+/)">([^<]*)<', again.text)
    mine = [href for href, label in links if html.unescape(label) == name]
    check(mine, f"the uploaded evidence is not listed: {links}")
    download = ward.get(mine[-1])
    check(download.status_code == 200, f"evidence download: {download.status_code}")
    check("X-Accel-Redirect" not in download.headers, "nginx leaked X-Accel-Redirect")
    check(
        hashlib.sha256(download.content).hexdigest() == hashlib.sha256(content).hexdigest(),
        f"downloaded evidence differs: {len(download.content)} bytes, expected {len(content)}",
    )
    check(
        download.headers.get("Content-Disposition", "").startswith("attachment"),
        "the evidence is not an attachment",
    )
    check(download.headers.get("Content-Security-Policy") == "sandbox", "no sandbox CSP")
    stranger = Visitor(args.https, args.ca, "evidence-other-ward")
    stranger.sign_in("ward2")
    refused = stranger.get(mine[-1])
    check(
        refused.status_code in (403, 404),
        f"ward2 got the new ward's evidence: {refused.status_code}",
    )
    check(refused.content != content, "ward2 received the new ward's file")


def notice_issued_and_downloaded(args) -> None:
    step("the secretariat issues a notice; the pdf worker renders it; the PDF downloads")
    secretariat = Visitor(args.https, args.ca, "notice")
    secretariat.sign_in("secretariat")
    meetings = secretariat.get("/meetings/")
    check(meetings.status_code == 200, f"/meetings/: {meetings.status_code}")
    document = None
    for meeting in dict.fromkeys(re.findall(r'href="/meetings/(\d+)/"', meetings.text)):
        drafted = secretariat.post(f"/meetings/{meeting}/documents/notice/draft/")
        location = drafted.headers.get("Location", "")
        if drafted.status_code == 302 and re.match(r"/documents/\d+/$", location):
            document = location
            break
    check(document, "no meeting accepted a new notice draft")
    detail = secretariat.get(document)
    check(detail.status_code == 200, f"{document}: {detail.status_code}")
    issued_on = re.search(r'name="issued_on"[^>]*value="([^"]+)"', detail.text) or re.search(
        r'value="([^"]+)"[^>]*name="issued_on"', detail.text
    )
    check(issued_on, "the issue form has no date")
    issued = secretariat.post(f"{document}issue/", {"issued_on": issued_on.group(1)})
    check(issued.status_code == 302, f"issuing: {issued.status_code} {issued.text[:500]}")
    issued_url = issued.headers["Location"]
    deadline = time.monotonic() + args.render_timeout
    while True:
        download = secretariat.get(f"{issued_url}download/")
        if download.status_code == 200:
            break
        check(download.status_code == 404, f"PDF download: {download.status_code}")
        check(time.monotonic() < deadline, f"the PDF was not rendered in {args.render_timeout}s")
        time.sleep(0.5)
    check(download.content.startswith(b"%PDF-"), "the download is not a PDF")
    etag = download.headers.get("ETag", "").strip('"')
    check(etag == hashlib.sha256(download.content).hexdigest(), "the PDF differs from its hash")
    print(f"[journey]   {issued_url}download/: {len(download.content)} bytes", flush=True)


def session_and_rate_limit_across_processes(args) -> None:
    step("one session and one rate limit across both web processes")
    member = Visitor(args.https, args.ca, "across")
    member.sign_in("chair")
    for _ in range(6):
        page = member.get("/")
        check(page.status_code == 200, f"the session did not hold: {page.status_code}")
    budget = args.rate_limit_api
    answers = [member.get("/api/v1/directives/").status_code for _ in range(budget + 2)]
    check(answers == [200] * budget + [429, 429], f"API answers across processes: {answers}")
    served = defaultdict(set)
    with open(args.access_log, encoding="utf-8") as log:
        for line in log:
            found = re.search(r"upstream=(\S+) step=across$", line.strip())
            if found:
                served["across"].add(found.group(1).rsplit(":", 1)[-1])
    ports = set(args.web_ports.split(","))
    check(served["across"] == ports, f"requests served by {served['across']}, expected {ports}")
    print(f"[journey]   served by web processes on ports {sorted(served['across'])}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--https", required=True)
    parser.add_argument("--http", required=True)
    parser.add_argument("--ca", required=True)
    parser.add_argument("--access-log", required=True)
    parser.add_argument("--web-ports", required=True)
    parser.add_argument("--rate-limit-api", type=int, required=True)
    parser.add_argument("--render-timeout", type=float, default=180)
    args = parser.parse_args()
    # The API budget counts per day: never start it in the last half minute before midnight UTC.
    left = 86400 - time.time() % 86400
    if left < 30:
        time.sleep(left + 1)
    try:
        health(args)
        evidence_round_trip(args)
        notice_issued_and_downloaded(args)
        session_and_rate_limit_across_processes(args)
    except (JourneyError, requests.RequestException) as exc:
        print(f"[journey] FAILED: {exc}", file=sys.stderr, flush=True)
        return 1
    print("[journey] all checks passed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
