"""Page cost against data size: the same pages with 1× and 10× the org units and members.

Runs in-process with Django's test client on a throw-away SQLite database (or DATABASE_URL if set
to PostgreSQL). Prints milliseconds per request (median of N) and the 10×/1× ratio, which stays
near 1 when a page's work does not grow with the data; query counts are asserted in the tests.
"""

import os
import statistics
import time


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steering.settings_test")
    os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/steering-bench.sqlite3")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, run_syncdb=True)


def _grow(n, committee, district):
    from steering.models import MemberRole, Membership, OrgKind, OrgUnit, Person

    for i in range(n):
        unit = OrgUnit.objects.create(
            code=f"B{i:05d}-{time.monotonic_ns()}",
            kind=OrgKind.WARD,
            name=f"Phường {i}",
            parent=district,
        )
        person = Person.objects.create(full_name=f"Cán bộ {i}", org_unit=unit)
        Membership.objects.create(
            committee=committee,
            person=person,
            role=MemberRole.MEMBER,
            start_date="2020-01-01",
        )


def _time(client, url, repeat=30):
    client.get(url)  # warm
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(samples)


def main():
    _setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from steering.models import AccessRole, CommitteeRole, OrgKind, OrgUnit, SteeringCommittee

    stamp = time.monotonic_ns()
    district = OrgUnit.objects.create(
        code=f"BQ-{stamp}", kind=OrgKind.URBAN_DISTRICT, name="Quận Đo"
    )
    committee = SteeringCommittee.objects.create(
        code=f"b-{stamp}", name="BCĐ đo", owner_unit=district
    )
    user = get_user_model().objects.create(username=f"bench{stamp}")
    CommitteeRole.objects.create(user=user, committee=committee, role=AccessRole.SECRETARIAT)
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    pages = {
        "home": "/",
        "committee_detail": f"/committees/{committee.pk}/",
        "orgunit_list": "/units/",
    }
    _grow(30, committee, district)
    small = {name: _time(client, url) for name, url in pages.items()}
    _grow(270, committee, district)
    large = {name: _time(client, url) for name, url in pages.items()}
    print(f"{'page':<20}{'30 rows ms':>12}{'300 rows ms':>13}{'ratio':>8}")
    for name in pages:
        print(
            f"{name:<20}{small[name]:>12.2f}{large[name]:>13.2f}{large[name] / small[name]:>8.2f}"
        )


if __name__ == "__main__":
    main()
