"""Locust journeys of the four personas for bench/bench_load.py (not a benchmark on its own).

Each virtual user signs in once as a demo account and then walks its persona's pages in a loop,
following links it finds on the list pages (ids are discovered, not hard-coded). Requests are
named by route so the statistics group `/directives/17/` and `/directives/18/` together.

FastHttpUser (geventhttpclient) rather than HttpUser (requests): locust shares the two cores with
gunicorn and PostgreSQL, and the lighter client leaves more of them to the portal. Redirects are
not followed: every page must answer 200 itself (a redirect to the sign-in page is an error).
"""

import json
import os
import random
import re
import time
from http.cookiejar import Cookie
from pathlib import Path

from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser

PASSWORD = "demo12345"  # noqa: S105 (the documented demo password)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# Every request's (seconds since start, name, milliseconds, failed), written at the end for
# bench_load.py to compute exact percentiles for the sign-ins and the pages separately.
SAMPLES: list[tuple[float, str, float, bool]] = []
STARTED = time.monotonic()


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, **kwargs):
    SAMPLES.append((time.monotonic() - STARTED, name, response_time, exception is not None))


@events.quitting.add_listener
def _dump(environment, **kwargs):
    path = os.environ.get("LOAD_SAMPLES")
    if path:
        with open(path, "w") as handle:
            json.dump(SAMPLES, handle)


def _links(html: str, pattern: str) -> list[str]:
    return sorted(set(re.findall(pattern, html)))


# Sessions prepared by bench_load.py, {username: [session keys]}; every REAL_SIGN_IN_EVERY-th user
# signs in through the form instead, so the sign-in is measured too.
_SESSIONS = (
    json.loads(Path(os.environ["LOAD_SESSIONS"]).read_text())
    if "LOAD_SESSIONS" in os.environ
    else {}
)
REAL_SIGN_IN_EVERY = 10


def _session_cookie(value: str) -> Cookie:
    return Cookie(
        0, "sessionid", value, None, False, "127.0.0.1", False, False, "/", True, False,
        None, False, None, None, {},
    )  # fmt: skip


# A journey step: (weight, list page, link pattern on it or None, name of the detail route).
Step = tuple[int, str, str | None, str | None]
DIRECTIVES: Step = (0, "/directives/", r'href="(/directives/\d+/)"', "/directives/[id]/")
MEETINGS: Step = (0, "/meetings/", r'href="(/meetings/\d+/)"', "/meetings/[id]/")
HOME: Step = (0, "/", None, None)
DASHBOARD: Step = (0, "/dashboard/", None, None)


def _weighted(step: Step, weight: int) -> Step:
    return (weight, *step[1:])


class Persona(FastHttpUser):
    abstract = True
    started = 0
    wait_time = between(0.5, 2.0)
    usernames: tuple[str, ...] = ()
    journey: tuple[Step, ...] = ()

    def on_start(self):
        username = random.choice(self.usernames)
        sessions = _SESSIONS.get(username)
        Persona.started += 1
        if sessions and Persona.started % REAL_SIGN_IN_EVERY:
            # A session made before the run (bench_load.py): the morning's sign-ins are spread
            # over hours in real life, not squeezed into the first seconds of a 60 s test.
            self.client.cookiejar.set_cookie(_session_cookie(random.choice(sessions)))
            return
        page = self.client.get("/accounts/login/", name="login form")
        token = CSRF.search(page.text).group(1)
        with self.client.post(
            "/accounts/login/",
            data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": self.host + "/accounts/login/"},
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302 or "/accounts/login/" in response.headers.get(
                "Location", ""
            ):
                response.failure("sign-in failed")
            else:
                response.success()

    def open(self, url: str, name: str) -> str:
        with self.client.get(
            url, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                where = response.headers.get("Location", "") if response.headers else ""
                response.failure(f"{response.status_code} on {url} {where}".strip())
                return ""
            return response.text or ""

    @task
    def walk(self):
        """One step of the persona's journey: a list page, then one of the details it links."""
        weights = [step[0] for step in self.journey]
        _, url, pattern, detail = random.choices(self.journey, weights=weights)[0]
        html = self.open(url, url)
        links = _links(html, pattern) if pattern else []
        if links:
            self.open(random.choice(links), detail)


class Secretariat(Persona):
    """The standing agency's secretary: follows every directive, meeting and report."""

    weight = 2
    usernames = ("secretariat",)
    journey = (
        _weighted(DIRECTIVES, 3),
        _weighted(MEETINGS, 2),
        (2, "/kpis/", r'href="(/kpis/review/\d+/)"', "/kpis/review/[id]/"),
        _weighted(HOME, 1),
        _weighted(DASHBOARD, 1),
    )


class Chair(Persona):
    """The chair: the dashboard, the late directives, the projects and the KPI heat map."""

    weight = 1
    usernames = ("chair",)
    journey = (
        _weighted(DASHBOARD, 3),
        _weighted(HOME, 2),
        _weighted(DIRECTIVES, 2),
        (1, "/projects/", r'href="(/projects/\d+/)"', "/projects/[id]/"),
        (1, "/kpis/", r'href="(/kpis/heatmap/\d+/)"', "/kpis/heatmap/[id]/"),
    )


class WardOfficer(Persona):
    """A ward or division officer: my work, the unit's directives and its KPI report."""

    weight = 4
    usernames = ("ward1", "ward2", "division")
    journey = (
        (3, "/my-work/", r'href="(/directives/\d+/)"', "/directives/[id]/"),
        _weighted(HOME, 2),
        (2, "/kpis/", r'href="(/kpis/report/\d+/)"', "/kpis/report/[id]/"),
    )


class Member(Persona):
    """A committee member: reads the home page, meetings, directives and projects."""

    weight = 2
    usernames = ("member",)
    journey = (
        _weighted(HOME, 2),
        _weighted(DIRECTIVES, 2),
        _weighted(MEETINGS, 1),
        (1, "/projects/", None, None),
        (1, "/committees/", r'href="(/committees/\d+/)"', "/committees/[id]/"),
    )
