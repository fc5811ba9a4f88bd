"""Backup and restore of the whole portal: the database and the uploaded files in one archive.

The archive is a gzip'd tar holding

- `manifest.json`: format version, creation time (UTC), database vendor, the migrations applied
  per app, the row count of every model and the size and SHA-256 of every other member;
- `data.json`: a `dumpdata` of every app (base managers, so no row is filtered out) with natural
  foreign keys, so references to content types and permissions survive a database whose ids
  differ. Content types and permissions themselves are left out (migrate creates them), and so
  are sessions (everyone signs in again);
- `media/...`: every regular file under MEDIA_ROOT.

Restore checks every checksum before it touches anything, copies the files into MEDIA_ROOT
(each written to a temporary name and renamed), then empties the database and loads the data in
one transaction: an error leaves the database as it was. It refuses a database that already
holds portal data unless `force=True`. Works on SQLite and PostgreSQL.
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST = "manifest.json"
DATA = "data.json"
MEDIA_PREFIX = "media/"
# Rebuilt by migrate / post_migrate, or worthless after a restore.
EXCLUDED = ("contenttypes", "auth.permission", "sessions")
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The archive is unusable, or restoring it would destroy data without --force."""


@dataclass
class BackupSummary:
    path: Path
    models: dict[str, int] = field(default_factory=dict)
    files: int = 0
    bytes: int = 0


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _applied_migrations(using: str) -> dict[str, list[str]]:
    recorder = MigrationRecorder(connections[using])
    applied: dict[str, list[str]] = {}
    for app, name in sorted(recorder.applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _backed_up_models(using: str) -> list:
    """Every concrete model with a table, except the EXCLUDED ones."""
    tables = set(connections[using].introspection.table_names())
    return [
        model
        for model in apps.get_models()
        if not model._meta.proxy
        and model._meta.managed
        and model._meta.db_table in tables
        and model._meta.app_label not in EXCLUDED
        and model._meta.label_lower not in EXCLUDED
    ]


def _model_counts(using: str) -> dict[str, int]:
    return {
        model._meta.label_lower: model._base_manager.using(using).count()
        for model in _backed_up_models(using)
    }


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(
        p for p in root.rglob("*") if p.is_file() and not p.is_symlink() and not _hidden(p, root)
    )


def _hidden(path: Path, root: Path) -> bool:
    # Half-written temporary files (".upload-…") are not part of the portal's data.
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def backup_create(*, out: Path | str, using: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    """Write the database and MEDIA_ROOT into the archive `out` (written atomically)."""
    out = Path(out)
    media_root = Path(settings.MEDIA_ROOT)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="steering-backup-") as tmp:
        data_path = Path(tmp) / DATA
        # One repeatable-read snapshot on PostgreSQL, so the counts match the dump.
        with transaction.atomic(using=using):
            if connections[using].vendor == "postgresql":
                with connections[using].cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            call_command(
                "dumpdata",
                *[model._meta.label for model in _backed_up_models(using)],
                natural_foreign=True,
                use_base_manager=True,
                format="json",
                output=str(data_path),
                database=using,
                verbosity=0,
            )
            counts = _model_counts(using)
            migrations = _applied_migrations(using)
        files = []
        for path in _media_files(media_root):
            files.append(
                {
                    "name": MEDIA_PREFIX + path.relative_to(media_root).as_posix(),
                    "size": path.stat().st_size,
                    "sha256": _sha256_file(path),
                    "source": path,
                }
            )
        manifest = {
            "format": FORMAT,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "database_vendor": connections[using].vendor,
            "migrations": migrations,
            "models": counts,
            "members": [
                {"name": DATA, "size": data_path.stat().st_size, "sha256": _sha256_file(data_path)}
            ]
            + [{k: v for k, v in f.items() if k != "source"} for f in files],
        }
        partial = out.with_name(f".{out.name}.partial")
        try:
            with tarfile.open(partial, "w:gz") as archive:
                payload = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(payload)
                info.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
                archive.addfile(info, io.BytesIO(payload))
                archive.add(data_path, arcname=DATA, recursive=False)
                for f in files:
                    archive.add(f["source"], arcname=f["name"], recursive=False)
            os.replace(partial, out)
        finally:
            partial.unlink(missing_ok=True)
    return BackupSummary(
        path=out, models=counts, files=len(files), bytes=sum(f["size"] for f in files)
    )


def database_has_portal_data(*, using: str = DEFAULT_DB_ALIAS) -> bool:
    """A freshly migrated database holds only seeded vocabularies: no user, no org unit."""
    from django.contrib.auth import get_user_model

    from steering.models import OrgUnit, SteeringCommittee

    return any(
        model._base_manager.using(using).exists()
        for model in (get_user_model(), OrgUnit, SteeringCommittee)
    )


def _safe_member_name(name: str) -> str:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"unsafe path in archive: {name!r}")
    return path.as_posix()


def _read_verified(archive_path: Path, workdir: Path) -> dict:
    """Extract every member into `workdir`, checking each against the manifest."""
    try:
        archive = tarfile.open(archive_path, "r:gz")  # noqa: SIM115 (closed below)
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"not a backup archive: {exc}") from exc
    with archive:
        try:
            manifest_member = archive.getmember(MANIFEST)
            manifest = json.load(archive.extractfile(manifest_member))
        except (KeyError, ValueError, TypeError) as exc:
            raise BackupError("the archive has no readable manifest.json") from exc
        if manifest.get("format") != FORMAT:
            raise BackupError(f"unknown backup format {manifest.get('format')!r}")
        expected = {m["name"]: m for m in manifest["members"]}
        seen = set()
        for member in archive:
            if member.name == MANIFEST:
                continue
            name = _safe_member_name(member.name)
            if not member.isreg():
                raise BackupError(f"{name}: only regular files may be restored")
            if name not in expected:
                raise BackupError(f"{name}: not listed in the manifest")
            target = workdir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            source = archive.extractfile(member)
            with target.open("wb") as handle:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    handle.write(chunk)
            if digest.hexdigest() != expected[name]["sha256"]:
                raise BackupError(f"{name}: checksum mismatch, the archive is damaged")
            seen.add(name)
        missing = set(expected) - seen
        if missing:
            raise BackupError(f"members missing from the archive: {', '.join(sorted(missing))}")
    return manifest


def _check_migrations(manifest: dict, using: str) -> None:
    here = _applied_migrations(using)
    unknown = [
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if name not in here.get(app, [])
    ]
    if unknown:
        raise BackupError(
            "the backup was made by a newer version (migrations not applied here: "
            + ", ".join(unknown[:5])
            + "); upgrade and run migrate first"
        )


def _install_media(workdir: Path, names: list[str], media_root: Path) -> None:
    for name in names:
        relative = name[len(MEDIA_PREFIX) :]
        target = media_root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        staged = target.with_name(f".{target.name}.restore")
        shutil.copyfile(workdir / name, staged)
        if settings.FILE_UPLOAD_PERMISSIONS is not None:
            staged.chmod(settings.FILE_UPLOAD_PERMISSIONS)
        os.replace(staged, target)


def backup_restore(
    *, archive: Path | str, force: bool = False, using: str = DEFAULT_DB_ALIAS
) -> BackupSummary:
    """Restore an archive made by `backup_create` into a migrated database and MEDIA_ROOT."""
    archive = Path(archive)
    if not force and database_has_portal_data(using=using):
        raise BackupError(
            "the database already holds portal data; restoring replaces all of it "
            "(use --force to confirm)"
        )
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="steering-restore-") as tmp:
        workdir = Path(tmp)
        manifest = _read_verified(archive, workdir)
        _check_migrations(manifest, using)
        media = [m["name"] for m in manifest["members"] if m["name"].startswith(MEDIA_PREFIX)]
        _install_media(workdir, media, media_root)
        with transaction.atomic(using=using):
            call_command(
                "flush", interactive=False, database=using, verbosity=0, inhibit_post_migrate=False
            )
            call_command("loaddata", str(workdir / DATA), database=using, verbosity=0)
            counts = _model_counts(using)
            wrong = {
                label: (n, counts.get(label))
                for label, n in manifest["models"].items()
                if counts.get(label) != n
            }
            if wrong:
                raise BackupError(f"row counts differ after loading (expected, got): {wrong}")
    return BackupSummary(
        path=archive,
        models=counts,
        files=len(media),
        bytes=sum(m["size"] for m in manifest["members"] if m["name"] in media),
    )
