"""Locust journeys of the four personas for bench/bench_load.py (not a benchmark on its own).

Each virtual user signs in once as a demo account and then walks its persona's pages in a loop,
following links it finds on the list pages (ids are discovered, not hard-coded). Requests are
named by route so the statistics group `/directives/17/` and `/directives/18/` together.
"""

import json
import os
import random
import re
import time
from pathlib import Path

from locust import HttpUser, between, events, task

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


class Persona(HttpUser):
    abstract = True
    started = 0
    wait_time = between(0.5, 2.0)
    usernames: tuple[str, ...] = ()

    def on_start(self):
        username = random.choice(self.usernames)
        sessions = _SESSIONS.get(username)
        Persona.started += 1
        if sessions and Persona.started % REAL_SIGN_IN_EVERY:
            # A session made before the run (bench_load.py): the morning's sign-ins are spread
            # over hours in real life, not squeezed into the first seconds of a 60 s test.
            self.client.cookies.set("sessionid", random.choice(sessions))
            return
        page = self.client.get("/accounts/login/", name="login form")
        token = CSRF.search(page.text).group(1)
        with self.client.post(
            "/accounts/login/",
            data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": self.host + "/accounts/login/"},
            name="login",
            catch_response=True,
        ) as response:
            if "/accounts/login/" in response.url:
                response.failure("sign-in failed")

    def open(self, url: str, name: str) -> str:
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} on {url}")
            elif "/accounts/login/" in response.url:
                response.failure(f"signed out on {url}")
            return response.text or ""

    def open_one(self, html: str, pattern: str, name: str) -> None:
        links = _links(html, pattern)
        if links:
            self.open(random.choice(links), name)


class Secretariat(Persona):
    """The standing agency's secretary: follows every directive, meeting and report."""

    weight = 2
    usernames = ("secretariat",)

    @task(3)
    def directives(self):
        html = self.open("/directives/", "/directives/")
        self.open_one(html, r'href="(/directives/\d+/)"', "/directives/[id]/")

    @task(2)
    def meetings(self):
        html = self.open("/meetings/", "/meetings/")
        self.open_one(html, r'href="(/meetings/\d+/)"', "/meetings/[id]/")

    @task(2)
    def kpis(self):
        html = self.open("/kpis/", "/kpis/")
        self.open_one(html, r'href="(/kpis/review/\d+/)"', "/kpis/review/[id]/")

    @task(1)
    def home(self):
        self.open("/", "/")

    @task(1)
    def dashboard(self):
        self.open("/dashboard/", "/dashboard/")


class Chair(Persona):
    """The chair: the dashboard, the late directives, the projects and the KPI heat map."""

    weight = 1
    usernames = ("chair",)

    @task(3)
    def dashboard(self):
        self.open("/dashboard/", "/dashboard/")

    @task(2)
    def home(self):
        self.open("/", "/")

    @task(2)
    def directives(self):
        html = self.open("/directives/", "/directives/")
        self.open_one(html, r'href="(/directives/\d+/)"', "/directives/[id]/")

    @task(1)
    def projects(self):
        html = self.open("/projects/", "/projects/")
        self.open_one(html, r'href="(/projects/\d+/)"', "/projects/[id]/")

    @task(1)
    def kpis(self):
        html = self.open("/kpis/", "/kpis/")
        self.open_one(html, r'href="(/kpis/heatmap/\d+/)"', "/kpis/heatmap/[id]/")


class WardOfficer(Persona):
    """A ward or division officer: my work, the unit's directives and its KPI report."""

    weight = 4
    usernames = ("ward1", "ward2", "division")

    @task(3)
    def my_work(self):
        html = self.open("/my-work/", "/my-work/")
        self.open_one(html, r'href="(/directives/\d+/)"', "/directives/[id]/")

    @task(2)
    def home(self):
        self.open("/", "/")

    @task(2)
    def kpis(self):
        html = self.open("/kpis/", "/kpis/")
        self.open_one(html, r'href="(/kpis/report/\d+/)"', "/kpis/report/[id]/")


class Member(Persona):
    """A committee member: reads the home page, meetings, directives and projects."""

    weight = 2
    usernames = ("member",)

    @task(2)
    def home(self):
        self.open("/", "/")

    @task(2)
    def directives(self):
        html = self.open("/directives/", "/directives/")
        self.open_one(html, r'href="(/directives/\d+/)"', "/directives/[id]/")

    @task(1)
    def meetings(self):
        html = self.open("/meetings/", "/meetings/")
        self.open_one(html, r'href="(/meetings/\d+/)"', "/meetings/[id]/")

    @task(1)
    def projects(self):
        self.open("/projects/", "/projects/")

    @task(1)
    def committees(self):
        html = self.open("/committees/", "/committees/")
        self.open_one(html, r'href="(/committees/\d+/)"', "/committees/[id]/")
