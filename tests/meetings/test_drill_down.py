"""A dashboard figure's link opens a list whose total is the number of rows it lists, under a
grid whose columns come in the dashboard's order."""

import datetime
import re

import pytest
from django.urls import reverse

from steering.timeliness import GridBucket, TaskState
from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory

pytestmark = pytest.mark.django_db
AS_OF = "2020-01-15"


@pytest.fixture
def mixed(world):
    conclusion = ConclusionFactory(meeting=MeetingFactory(committee=world.committee))
    for _ in range(3):  # overdue on the as-of date
        DirectiveFactory(conclusion=conclusion, due_date=datetime.date(2019, 11, 30))
    for _ in range(5):  # within their deadline
        DirectiveFactory(conclusion=conclusion, due_date=datetime.date(2020, 6, 30))
    DirectiveFactory(
        conclusion=conclusion,
        state=TaskState.COMPLETED,
        completed_on=datetime.date(2019, 11, 1),
    )
    return world


def _header_labels(page: str) -> list[str]:
    table = re.search(r'<table class="[^"]*grid-table.*?</table>', page, re.S).group(0)
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", table)]


def test_a_column_link_lists_as_many_rows_as_the_caption_says(mixed, chair, client_as):
    client = client_as(chair)
    response = client.get(
        reverse("directive_list"),
        {"committee": mixed.committee.pk, "as_of": AS_OF, "bucket": GridBucket.OPEN_OVERDUE},
    )
    page = response.content.decode()
    rows = response.context["page"].paginator.count
    assert rows == 3
    caption = re.search(r"<caption>(.*?)</caption>", page, re.S).group(1)
    assert caption.startswith("Tổng số 3 nhiệm vụ"), caption
    assert len(re.findall(r'href="/directives/\d+/"', page)) == 3


def test_the_list_grid_has_the_dashboard_column_order(mixed, chair, client_as):
    client = client_as(chair)
    listing = client.get(reverse("directive_list"), {"committee": mixed.committee.pk})
    dashboard = client.get(reverse("dashboard"), {"committee": mixed.committee.pk})
    dash_table = re.search(r"<table[^>]*dash-grid.*?</table>", dashboard.content.decode(), re.S)
    dash_labels = [
        re.sub(r"<[^>]+>", "", h).strip()
        for h in re.findall(r'<th scope="col" class="bucket-[^"]*">(.*?)</th>', dash_table.group(0))
    ]
    assert dash_labels == [label for _v, label in GridBucket.choices]
    assert _header_labels(listing.content.decode())[: len(dash_labels)] == dash_labels


def test_each_figure_of_the_list_grid_opens_its_column(mixed, chair, client_as):
    client = client_as(chair)
    page = client.get(
        reverse("directive_list"), {"committee": mixed.committee.pk, "as_of": AS_OF}
    ).content.decode()
    links = re.findall(
        r'<a class="grid-link" data-bucket="(\w+)" href="([^"]+)"[^>]*>(\d+)</a>', page
    )
    assert [bucket for bucket, _h, _n in links] == list(GridBucket.values)
    for bucket, href, shown in links:
        followed = client.get(reverse("directive_list") + href.replace("&amp;", "&"))
        assert followed.context["page"].paginator.count == int(shown), bucket


def test_a_task_on_time_but_not_started_reads_as_one_status(mixed, chair, client_as):
    page = client_as(chair).get(
        reverse("directive_list"), {"committee": mixed.committee.pk, "as_of": AS_OF}
    )
    html = page.content.decode()
    assert "Đang thực hiện trong hạn" not in html  # beside "Chưa thực hiện" it contradicted
    assert "Bước xử lý" in html and "So với hạn" in html
    assert "Tình trạng</th>" not in html.split("<tbody>")[1]
