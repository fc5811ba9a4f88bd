"""In-app notifications: the list, the unread badge, marking read; a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from steering.models import Notification


def notify(user, n=1, **kwargs):
    return [
        Notification.objects.create(
            user=user,
            title=f"Nhắc việc số {i}",
            items=[
                {
                    "title": f"Nhiệm vụ {i}",
                    "url": "/directives/1/",
                    "when": "Hạn 30/11/2019 — còn 3 ngày",
                    "why": "Anh/chị nhận nhắc việc này vì là cán bộ đầu mối.",
                    "overdue": False,
                    "kind": "directive",
                }
            ],
            **kwargs,
        )
        for i in range(n)
    ]


def test_the_notifications_page_lists_the_users_own_notifications(ward_a, ward_b, client_as):
    notify(ward_a)
    Notification.objects.create(user=ward_b, title="Thông báo của phường khác")
    response = client_as(ward_a).get(reverse("notification_list"))
    content = response.content.decode()
    assert "Nhắc việc số 0" in content
    assert "vì là cán bộ đầu mối" in content
    assert "Thông báo của phường khác" not in content


def test_the_badge_counts_unread_notifications(ward_a, client_as):
    notify(ward_a, 3)
    response = client_as(ward_a).get(reverse("notification_badge"))
    assert '<span class="badge' in response.content.decode()
    assert ">3<" in response.content.decode()


def test_the_badge_is_empty_when_everything_is_read(ward_a, client_as):
    response = client_as(ward_a).get(reverse("notification_badge"))
    assert "badge" not in response.content.decode()


def test_every_page_loads_the_badge_after_the_page_without_an_extra_query(ward_a, client_as):
    response = client_as(ward_a).get(reverse("home"))
    content = response.content.decode()
    assert f'data-hx-get="{reverse("notification_badge")}"' in content
    assert reverse("feed_settings") in content


def test_marking_one_notification_read(ward_a, client_as):
    first, second = notify(ward_a, 2)
    response = client_as(ward_a).post(
        reverse("notification_read", args=[first.pk]), {"next": reverse("notification_list")}
    )
    assert response.status_code == 302
    assert response.url == reverse("notification_list")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None


def test_marking_read_follows_the_notification_link_by_default(ward_a, client_as):
    (notification,) = notify(ward_a, url="/directives/7/")
    response = client_as(ward_a).post(reverse("notification_read", args=[notification.pk]))
    assert response.url == "/directives/7/"


def test_marking_read_never_redirects_off_site(ward_a, client_as):
    (notification,) = notify(ward_a)
    response = client_as(ward_a).post(
        reverse("notification_read", args=[notification.pk]), {"next": "https://evil.example/"}
    )
    assert response.url == reverse("notification_list")


def test_someone_elses_notification_cannot_be_marked_read(ward_a, ward_b, client_as):
    (notification,) = notify(ward_a)
    response = client_as(ward_b).post(reverse("notification_read", args=[notification.pk]))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_touches_only_the_users_notifications(ward_a, ward_b, client_as):
    notify(ward_a, 3)
    (other,) = notify(ward_b)
    response = client_as(ward_a).post(reverse("notification_read_all"), follow=True)
    assert "Đã đánh dấu 3 thông báo là đã đọc." in response.content.decode()
    assert not Notification.objects.filter(user=ward_a, read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None


def test_marking_read_needs_a_post(ward_a, client_as):
    (notification,) = notify(ward_a)
    assert (
        client_as(ward_a).get(reverse("notification_read", args=[notification.pk])).status_code
        == 405
    )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["notification_list", "notification_badge", "feed_settings"])
def test_notification_pages_run_a_fixed_number_of_queries(page, ward_a, client_as):
    client = client_as(ward_a)
    notify(ward_a, 2)
    small = _queries(client, reverse(page))
    notify(ward_a, 40)
    from steering.feeds import feed_token_create

    feed_token_create(user=ward_a)
    feed_token_create(user=ward_a, org_unit=ward_a.profile.org_unit)
    large = _queries(client, reverse(page))
    assert large == small
    assert large <= 8
