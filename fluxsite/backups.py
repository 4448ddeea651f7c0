"""Backups: a pg_dump of the database and a tar of MEDIA_ROOT, together in BACKUP_DIR/<timestamp>/.

The PostgreSQL client programs are the ones shipped inside the pgserver package (PostgreSQL 16), so
no system client is needed; PG_BIN_DIR points elsewhere when the server is a newer major version.
A backup folder appears only once complete (written under a dot-name, then renamed), and records
a SHA-256 of each file: a restore checks them before it touches anything.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
import warnings
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connections

from fluxsite.cache import bump_generation

DUMP_FILE = "database.dump"
MEDIA_FILE = "media.tar.gz"
MANIFEST_FILE = "manifest.json"
NAME_PATTERN = re.compile(r"^\d{8}-\d{6}(-\d+)?$")


class BackupError(Exception):
    """A backup or restore that could not be done; nothing was changed."""


def pg_binary(name: str) -> str:
    """Path of a PostgreSQL client program (pg_dump, pg_restore, psql, pg_ctl)."""
    if settings.PG_BIN_DIR:
        folder = Path(settings.PG_BIN_DIR)
    else:
        with warnings.catch_warnings():  # pgserver's platformdirs warns when run as root
            warnings.simplefilter("ignore")
            from pgserver._commands import POSTGRES_BIN_PATH
        folder = POSTGRES_BIN_PATH
    program = folder / name
    if not program.exists():
        raise BackupError(f"{program} not found; set PG_BIN_DIR to the folder holding {name}.")
    return str(program)


def libpq_env(alias: str = "default") -> dict:
    """Environment that points libpq programs at Django's database `alias`."""
    db = connections[alias].settings_dict
    env = {**os.environ, "PGDATABASE": db["NAME"], "PGUSER": db["USER"] or "", "PGHOST": db["HOST"] or ""}
    if db.get("PORT"):
        env["PGPORT"] = str(db["PORT"])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    return env


def _run(args: list[str], env: dict) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def backup_create(*, root: Path | None = None, alias: str = "default") -> Path:
    """Write a new backup of the database and MEDIA_ROOT; return its folder."""
    root = Path(root or settings.BACKUP_DIR)
    root.mkdir(parents=True, exist_ok=True)
    name = stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    n = 1
    while (root / name).exists():
        n += 1
        name = f"{stamp}-{n}"
    staging = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=root))
    try:
        _run([pg_binary("pg_dump"), "--format=custom", "--no-owner", "--file", str(staging / DUMP_FILE)], libpq_env(alias))
        media_root = Path(settings.MEDIA_ROOT)
        with tarfile.open(staging / MEDIA_FILE, "w:gz") as tar:
            if media_root.exists():
                tar.add(media_root, arcname="media")
        manifest = {
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": connections[alias].settings_dict["NAME"],
            "files": {f: {"sha256": _sha256(staging / f), "bytes": (staging / f).stat().st_size} for f in (DUMP_FILE, MEDIA_FILE)},
        }
        (staging / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2))
        staging.rename(root / name)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return root / name


def backup_list(*, root: Path | None = None) -> list[Path]:
    """Complete backups, oldest first."""
    root = Path(root or settings.BACKUP_DIR)
    if not root.exists():
        return []
    return sorted(p for p in root.iterdir() if NAME_PATTERN.match(p.name) and (p / MANIFEST_FILE).exists())


def backup_find(*, name: str | None = None, root: Path | None = None) -> Path:
    """The backup called `name` (a folder name or path), or the latest one."""
    backups = backup_list(root=root)
    if name in (None, "", "latest"):
        if not backups:
            raise BackupError(f"No backups in {root or settings.BACKUP_DIR}.")
        return backups[-1]
    candidate = Path(name)
    for backup in backups:
        if backup.name == candidate.name and (not candidate.is_absolute() or backup == candidate):
            return backup
    if candidate.is_dir() and (candidate / MANIFEST_FILE).exists():
        return candidate
    raise BackupError(f"No backup named {name!r}; have: {', '.join(b.name for b in backups) or 'none'}.")


def backup_verify(*, backup: Path) -> dict:
    """Check every file against the manifest; return the manifest."""
    try:
        manifest = json.loads((backup / MANIFEST_FILE).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{backup.name}: unreadable manifest ({exc}).") from None
    for file, expected in manifest["files"].items():
        path = backup / file
        if not path.exists() or _sha256(path) != expected["sha256"]:
            raise BackupError(f"{backup.name}: {file} is missing or damaged (checksum mismatch); nothing was restored.")
    return manifest


def backup_restore(*, backup: Path, alias: str = "default") -> None:
    """Replace the database's contents and MEDIA_ROOT with `backup`.

    Checks the files first, unpacks the media beside MEDIA_ROOT, restores the database in one
    transaction, and only then swaps the media folder in: a failure leaves both as they were.
    """
    backup_verify(backup=backup)
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    unpacked = Path(tempfile.mkdtemp(prefix=f".{media_root.name}.restore-", dir=media_root.parent))
    try:
        with tarfile.open(backup / MEDIA_FILE, "r:gz") as tar:
            tar.extractall(unpacked, filter="data")  # refuses absolute paths, links out, devices
        connections[alias].close()
        _run(
            [pg_binary("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
             "--exit-on-error", "--dbname", connections[alias].settings_dict["NAME"], str(backup / DUMP_FILE)],
            libpq_env(alias),
        )
        # The restored rows carry the generation of the day of the backup: move past every page
        # cached since, here and in every running process.
        bump_generation()
        restored = unpacked / "media"
        restored.mkdir(exist_ok=True)
        previous = media_root.with_name(f".{media_root.name}.before-restore")
        shutil.rmtree(previous, ignore_errors=True)
        if media_root.exists():
            media_root.rename(previous)
        restored.rename(media_root)
        shutil.rmtree(previous, ignore_errors=True)
    finally:
        shutil.rmtree(unpacked, ignore_errors=True)
