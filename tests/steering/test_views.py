import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_shows_the_secretariat_its_sections(world, secretariat, client_as):
    page = client_as(secretariat).get(reverse("home")).content.decode()
    assert "Cuộc họp sắp tới" in page
    assert world.committee.name in page
    assert "Việc của đơn vị tôi" not in page


def test_home_shows_a_ward_officer_the_unit_inbox(world, ward_a, client_as):
    page = client_as(ward_a).get(reverse("home")).content.decode()
    assert "Việc của đơn vị tôi" in page
    assert "Phường An Bình" in page
    assert "Cuộc họp sắp tới" not in page


def test_home_tells_an_outsider_to_ask_for_access(world, outsider, client_as):
    page = client_as(outsider).get(reverse("home")).content.decode()
    assert "chưa được gán đơn vị" in page


def test_navigation_hides_links_a_persona_cannot_open(world, outsider, client_as):
    page = client_as(outsider).get(reverse("home")).content.decode()
    assert reverse("orgunit_list") not in page
    assert reverse("admin:index") not in page


def test_committee_page_lists_the_sitting_roster(world, member, client_as):
    page = client_as(member).get(reverse("committee_detail", args=[world.committee.pk]))
    assert "Trần Văn Chủ" in page.content.decode()


def test_dissolved_committee_shows_its_roster_on_its_last_day(world, member, client_as):
    import datetime

    world.committee.valid_to = datetime.date(2025, 6, 30)
    world.committee.save()
    page = client_as(member).get(reverse("committee_detail", args=[world.committee.pk]))
    assert page.context["roster"].on == datetime.date(2025, 6, 30)
    assert "Trần Văn Chủ" in page.content.decode()


def test_org_unit_filter_by_folded_name(world, ward_a, client_as):
    response = client_as(ward_a).get(reverse("orgunit_list"), {"q": "binh minh"})
    names = [row.unit.name for row in response.context["rows"]]
    assert names == ["Phường Bình Minh"]


def test_org_unit_filter_explains_a_bad_date_instead_of_failing(world, ward_a, client_as):
    response = client_as(ward_a).get(reverse("orgunit_list"), {"on": "31/02/2025"})
    assert response.status_code == 200
    assert "Nhập một ngày hợp lệ" in response.content.decode()


def test_org_unit_page_shows_successors(world, ward_a, client_as):
    from tests.factories import OrgSuccessionFactory

    OrgSuccessionFactory(predecessor=world.ward_b, successor=world.ward_a)
    page = client_as(ward_a).get(reverse("orgunit_detail", args=[world.ward_b.pk]))
    assert "Sáp nhập vào Phường An Bình" in page.content.decode()


def test_unknown_org_unit_is_not_found(world, ward_a, client_as):
    assert client_as(ward_a).get(reverse("orgunit_detail", args=[999999])).status_code == 404


def test_pages_send_a_strict_content_security_policy(world, ward_a, client_as):
    policy = client_as(ward_a).get(reverse("home"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_interface_is_vietnamese_even_if_the_browser_asks_for_english(world, ward_a, client):
    client.force_login(ward_a)
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="vi">' in page.content.decode()


def test_language_switch_to_english_translates_the_interface(world, ward_a, client):
    client.force_login(ward_a)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in page
    assert "My unit&#x27;s work" in page or "My unit's work" in page


def test_healthz_reports_database_and_embedded_broker(client, db, settings):
    settings.REDIS_URL = ""
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "embedded"}


def test_healthz_fails_fast_when_the_broker_refuses(client, db, settings):
    import time

    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    start = time.monotonic()
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error")
    assert time.monotonic() - start < 5


def test_healthz_reports_a_live_redis(client, db, settings):
    import os

    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set (CI sets it to the machine's Redis)")
    settings.REDIS_URL = url
    assert client.get(reverse("healthz")).json()["broker"] == "ok"
