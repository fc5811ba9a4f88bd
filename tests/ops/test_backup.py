"""Backup and restore (issue 7, item 5): the restored portal equals the original."""

import io
import re
import tarfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from meetings.models import Directive, Evidence
from steering import workflow
from steering.backup import _model_counts
from steering.models import SteeringCommittee
from steering.timeliness import TaskState

PDF = b"%PDF-1.4\n% evidence for the backup test \xc4\x91\n" + bytes(range(256)) * 8 + b"\n%%EOF\n"
VOLATILE = re.compile(r'(csrfmiddlewaretoken" value=")[^"]+|(nonce=")[^"]+|(X-CSRFToken": ")[^"]+')


def _normalise(html: str) -> str:
    return VOLATILE.sub(lambda m: next(g for g in m.groups() if g) + "…", html)


def _pages(directive, evidence):
    users = {u.username: u for u in get_user_model().objects.all()}
    journeys = {
        "secretariat": [
            reverse("home"),
            reverse("directive_list"),
            reverse("directive_detail", args=[directive.pk]),
            reverse("dashboard"),
            reverse("kpi_home"),
            reverse("committee_list"),
        ],
        "ward1": [reverse("home"), reverse("my_work")],
    }
    seen = {}
    for username, urls in journeys.items():
        client = Client()
        client.force_login(users[username])
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (username, url)
            seen[(username, url)] = _normalise(response.content.decode())
        download = client.get(reverse("evidence_download", args=[evidence.pk]))
        assert download.status_code == 200
        seen[(username, "evidence")] = b"".join(download.streaming_content)
    return seen


def _media(root):
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", verbosity=0)
    ward1 = get_user_model().objects.get(username="ward1")
    directive = (
        Directive.objects.filter(
            supporting_units=ward1.profile.org_unit,
            state__in=[TaskState.NOT_STARTED, TaskState.IN_PROGRESS],
        )
        .order_by("pk")
        .first()
    )
    assert directive is not None, "the demo gives ward1 an open directive to support"
    event = workflow.task_report(
        task=directive,
        user=ward1,
        note="Đã triển khai 60%, kèm biên bản.",
        percent=60,
        completed=False,
        reported_on=directive.conclusion.meeting.starts_at.date(),
        files=[SimpleUploadedFile("biên bản.pdf", PDF, content_type="application/pdf")],
    )
    return directive, Evidence.objects.get(event=event)


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_equals_the_original_portal(demo, settings, tmp_path):
    directive, evidence = demo
    pages = _pages(directive, evidence)  # (signing in adds rows: count after)
    counts = _model_counts("default")
    files = _media(settings.MEDIA_ROOT)
    assert evidence.file.name in files and files[evidence.file.name] == PDF

    archive = tmp_path / "portal.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(settings.MEDIA_ROOT.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    assert not Evidence.objects.exists()

    call_command("restore", str(archive), verbosity=0)

    assert _model_counts("default") == counts
    assert _media(settings.MEDIA_ROOT) == files
    restored = _pages(Directive.objects.get(pk=directive.pk), Evidence.objects.get(pk=evidence.pk))
    assert restored.keys() == pages.keys()
    for key, content in pages.items():
        assert restored[key] == content, key


@pytest.fixture
def small(world, settings, tmp_path):
    """A committee world and one uploaded file: enough for the refusal and damage cases."""
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "meetings").mkdir(parents=True)
    (settings.MEDIA_ROOT / "meetings" / "e.pdf").write_bytes(PDF)
    return world


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_holds_data_unless_forced(small, tmp_path):
    archive = tmp_path / "portal.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    SteeringCommittee.objects.filter(pk=small.committee.pk).update(name="Sửa sau khi sao lưu")

    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(archive), verbosity=0)
    assert SteeringCommittee.objects.get(pk=small.committee.pk).name == "Sửa sau khi sao lưu"

    call_command("restore", str(archive), force=True, verbosity=0)
    assert SteeringCommittee.objects.get(pk=small.committee.pk).name == small.committee.name


@pytest.mark.django_db(transaction=True)
def test_a_damaged_archive_is_rejected_before_anything_is_changed(small, settings, tmp_path):
    archive = tmp_path / "portal.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source:
            data = source.extractfile(member).read()
            if member.name == "media/meetings/e.pdf":
                data = data.replace(b"evidence", b"EVIDENCE")
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    (settings.MEDIA_ROOT / "meetings" / "e.pdf").write_bytes(b"newer")
    counts = _model_counts("default")

    with pytest.raises(CommandError, match="checksum mismatch"):
        call_command("restore", str(damaged), force=True, verbosity=0)
    assert _model_counts("default") == counts
    assert (settings.MEDIA_ROOT / "meetings" / "e.pdf").read_bytes() == b"newer"


@pytest.mark.django_db(transaction=True)
def test_an_archive_with_a_path_outside_media_is_refused(tmp_path):
    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(evil, "w:gz") as target:
        for name in ("manifest.json", "../escape.txt"):
            info = tarfile.TarInfo(name)
            payload = b'{"format": 1, "members": []}' if name == "manifest.json" else b"x"
            info.size = len(payload)
            target.addfile(info, io.BytesIO(payload))

    with pytest.raises(CommandError, match="unsafe path"):
        call_command("restore", str(evil), verbosity=0)
    assert not (tmp_path.parent / "escape.txt").exists()
