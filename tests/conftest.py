"""Shared fixtures: a small committee world and the personas who use it."""

import errno
import importlib
import os
import shutil
import uuid
from types import SimpleNamespace

import pytest
from django.core.files.storage import FileSystemStorage
from hypothesis import settings as hypothesis_settings

from steering.models import AccessRole, MemberRole, OrgKind
from tests import skip_allowlist
from tests.factories import (
    CommitteeRoleFactory,
    MembershipFactory,
    OrgUnitFactory,
    PersonFactory,
    ProfileFactory,
    SteeringCommitteeFactory,
    UserFactory,
)

# Hypothesis fails an example slower than 200 ms by default; on a loaded 2-core CI machine (two
# xdist workers and Chromium) that is timing noise, never a bug in the code under test.
hypothesis_settings.register_profile("portal", deadline=None, print_blob=True)
hypothesis_settings.load_profile("portal")

# Playwright's sync API runs an event loop; Django refuses ORM calls from a thread that has one
# unless this is set. Tests only (never in settings).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_runtest_logreport(report):
    skip_allowlist.record(report)


def pytest_sessionfinish(session, exitstatus):
    skip_allowlist.finish(session)


PERSONAS = (
    "anonymous",
    "outsider",
    "secretariat",
    "chair",
    "member",
    "ward_a",
    "ward_b",
    "division",
    "admin",
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty cache: rate-limit counters and cached dashboard figures
    from an earlier test on the same worker must not decide this one."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def _signing_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("signing")


@pytest.fixture(autouse=True)
def _demo_signing(settings, _signing_dir):
    """Issued documents are signed with demo keys made once per test process, never with the
    developer's `.signing/`."""
    settings.DOCUMENT_SIGNING_BACKEND = "demo"
    settings.DOCUMENT_SIGNING_DIR = _signing_dir
    settings.DOCUMENT_SIGNING_TRUST_ROOTS = []
    settings.DOCUMENT_SIGNING_TIMESTAMP_URL = ""


def _reseed_data_migrations():
    # Transactional and browser tests flush the tables, including rows a data migration seeded;
    # tests that run after them on the same worker get the vocabulary back here.
    from django.apps import apps as django_apps

    from projects.models import ProjectStatus
    from steering.data_version import CRITERIA_LIGHTS, DIRECTIVES, DataVersion

    for name in (DIRECTIVES, CRITERIA_LIGHTS):
        DataVersion.objects.get_or_create(name=name, defaults={"token": uuid.uuid4().hex})
    if not ProjectStatus.objects.exists():
        importlib.import_module("projects.migrations.0002_seed_statuses_and_groups").seed(
            django_apps, None
        )


@pytest.fixture
def world(db):
    _reseed_data_migrations()
    city = OrgUnitFactory(code="T", kind=OrgKind.CITY, name="Thành phố Thử", short_name="Thử")
    district = OrgUnitFactory(
        code="T-Q", kind=OrgKind.URBAN_DISTRICT, name="Quận Mẫu", short_name="Mẫu", parent=city
    )
    ubnd = OrgUnitFactory(
        code="T-Q-UBND", kind=OrgKind.PEOPLES_COMMITTEE, name="UBND quận Mẫu", parent=district
    )
    vhtt = OrgUnitFactory(
        code="T-Q-VHTT",
        kind=OrgKind.DIVISION,
        name="Phòng Văn hóa và Thông tin quận Mẫu",
        short_name="Phòng Văn hóa và Thông tin",
        abbreviation="VHTT",
        parent=ubnd,
    )
    division = OrgUnitFactory(
        code="T-Q-NV", kind=OrgKind.DIVISION, name="Phòng Nội vụ quận Mẫu", parent=ubnd
    )
    ward_a = OrgUnitFactory(
        code="T-Q-A", name="Phường An Bình", short_name="An Bình", parent=district
    )
    ward_b = OrgUnitFactory(
        code="T-Q-B", name="Phường Bình Minh", short_name="Bình Minh", parent=district
    )
    committee = SteeringCommitteeFactory(
        code="bcd-mau",
        name="Ban chỉ đạo chuyển đổi số quận Mẫu",
        owner_unit=ubnd,
        standing_agency=vhtt,
    )
    other_committee = SteeringCommitteeFactory(
        code="bcd-khac", name="Ban chỉ đạo chuyển đổi số thành phố Thử", owner_unit=city
    )
    MembershipFactory(
        committee=committee,
        role=MemberRole.CHAIR,
        person=PersonFactory(full_name="Trần Văn Chủ", org_unit=ubnd),
    )
    return SimpleNamespace(
        city=city,
        district=district,
        ubnd=ubnd,
        vhtt=vhtt,
        division=division,
        ward_a=ward_a,
        ward_b=ward_b,
        committee=committee,
        other_committee=other_committee,
    )


def _persona(username, unit, committee, role):
    user = UserFactory(username=username)
    ProfileFactory(user=user, org_unit=unit)
    if role:
        CommitteeRoleFactory(user=user, committee=committee, role=role)
    return user


@pytest.fixture
def secretariat(world):
    return _persona("secretariat", world.vhtt, world.committee, AccessRole.SECRETARIAT)


@pytest.fixture
def chair(world):
    return _persona("chair", world.ubnd, world.committee, AccessRole.CHAIR)


@pytest.fixture
def member(world):
    return _persona("member", world.ubnd, world.committee, AccessRole.MEMBER)


@pytest.fixture
def ward_a(world):
    return _persona("ward1", world.ward_a, world.committee, AccessRole.UNIT_OFFICER)


@pytest.fixture
def ward_b(world):
    return _persona("ward2", world.ward_b, world.committee, AccessRole.UNIT_OFFICER)


@pytest.fixture
def division(world):
    return _persona("division", world.division, world.committee, AccessRole.UNIT_OFFICER)


@pytest.fixture
def outsider(world):
    return UserFactory(username="outsider")


@pytest.fixture
def admin_user(world):
    user = UserFactory(username="admin", is_staff=True, is_superuser=True)
    return user


@pytest.fixture
def personas(secretariat, chair, member, ward_a, ward_b, division, outsider, admin_user):
    return {
        "anonymous": None,
        "outsider": outsider,
        "secretariat": secretariat,
        "chair": chair,
        "member": member,
        "ward_a": ward_a,
        "ward_b": ward_b,
        "division": division,
        "admin": admin_user,
    }


@pytest.fixture
def client_as(client):
    """`client_as(user)` logs the test client in (or out, for None) and returns it."""

    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


# --- Browser tests (Playwright driving Debian's Chromium) -----------------------------------

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's `chromium` package")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def full_disk(monkeypatch, settings, tmp_path):
    """The disk fills up while the upload is written: half of the data lands on disk, then the
    write fails with ENOSPC, as on a real full filesystem."""
    settings.MEDIA_ROOT = tmp_path / "media"
    real_fdopen = os.fdopen

    class FullFile:
        def __init__(self, handle):
            self.handle = handle

        def write(self, data):
            self.handle.write(data[: len(data) // 2])  # half of it fits, then the disk is full
            self.handle.flush()
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def __getattr__(self, name):
            return getattr(self.handle, name)

    def fdopen(fd, *args, **kwargs):
        return FullFile(real_fdopen(fd, *args, **kwargs))

    original_save = FileSystemStorage._save

    def save(self, name, content):
        monkeypatch.setattr(os, "fdopen", fdopen)
        try:
            return original_save(self, name, content)
        finally:
            monkeypatch.setattr(os, "fdopen", real_fdopen)

    monkeypatch.setattr(FileSystemStorage, "_save", save)
    return settings.MEDIA_ROOT


@pytest.fixture
def redis_connects(monkeypatch):
    """Every TCP connection redis-py opens, as (host, port): a test asserts that no network
    call was made instead of timing one (wall-clock bounds are noise on a loaded machine)."""
    import redis.connection

    attempts = []
    real = redis.connection.Connection._connect

    def counting(self):
        attempts.append((self.host, self.port))
        return real(self)

    monkeypatch.setattr(redis.connection.Connection, "_connect", counting)
    return attempts
