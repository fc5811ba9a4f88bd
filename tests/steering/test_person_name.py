"""People are shown by name: the `person_name` filter used wherever a page names who did what."""

import pytest

from steering.templatetags.portal import person_name
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_person_is_shown_by_full_name():
    user = UserFactory(username="ward1", first_name="Nguyễn Thị Lan", last_name="")
    assert person_name(user) == "Nguyễn Thị Lan"


def test_an_account_without_a_name_is_shown_by_username():
    assert person_name(UserFactory(username="ward1", first_name="", last_name="")) == "ward1"


def test_nobody_is_a_dash():
    assert person_name(None) == "—"
