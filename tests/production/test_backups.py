"""Backup to a dated archive and restore into an empty database: the same catalogue, photos and history."""

import io
import os
import stat
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from PIL import Image

from activities.models import Activity
from services.models import Service
from venues.models import Venue, VenuePhoto
from zhujing_center.backups import backup

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot() -> dict:
    return {
        "services": sorted(Service.objects.values_list("slug", "name", "summary", "phone")),
        "links": sorted(Service.venues.through.objects.values_list("service__slug", "venue__slug")),
        "rooms": sorted(Venue.objects.values_list("slug", "name", "floor")),
        "hours": Venue.objects.get(slug="library").opening_hours.count(),
        "activities": sorted(Activity.objects.values_list("slug", "repeat")),
        "history": Service.history.count(),
        "photos": sorted(VenuePhoto.objects.values_list("caption", flat=True)),
    }


def test_backup_and_restore_round_trip(committed_sample, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    service = Service.objects.get(slug="mianfei-liang-xueya")
    service.phone = "021-55556666"
    service.save()  # an edit: there is history to keep
    image = io.BytesIO()
    Image.new("RGB", (64, 48), "red").save(image, "JPEG")
    photo = VenuePhoto(venue=Venue.objects.get(slug="library"), caption="阅览区")
    photo.image.save("reading.jpg", ContentFile(image.getvalue()), save=True)
    before = snapshot()
    photo_bytes = photo.image.read()

    out = io.StringIO()
    call_command("backup", dir=str(tmp_path / "backups"), stdout=out)
    (archive,) = (tmp_path / "backups").glob("zhujing-backup-*.tar.gz")

    call_command("flush", interactive=False, verbosity=0)
    (tmp_path / "media").rename(tmp_path / "media-old")
    assert Service.objects.count() == 0

    call_command("restore", str(archive), stdout=io.StringIO())
    assert snapshot() == before
    restored = VenuePhoto.objects.get(caption="阅览区")
    assert restored.image.read() == photo_bytes
    assert Service.objects.published().search("xueya").filter(slug="mianfei-liang-xueya").exists()


def test_restore_refuses_a_database_that_has_a_catalogue(committed_sample, tmp_path):
    from django.core.management.base import CommandError

    call_command("backup", dir=str(tmp_path), stdout=io.StringIO())
    (archive,) = tmp_path.glob("*.tar.gz")
    with pytest.raises(CommandError):
        call_command("restore", str(archive), stdout=io.StringIO())


def test_archive_is_owner_only_from_the_moment_it_exists(db, tmp_path, monkeypatch):
    """0600 for the archive and 0700 for a folder it creates, under a permissive umask, and already
    while the archive is being written (no moment in which another user could open it)."""
    modes_while_writing = []
    addfile = tarfile.TarFile.addfile

    folder = tmp_path / "new" / "backups"

    def recording_addfile(archive, *args, **kwargs):
        modes_while_writing.extend(stat.S_IMODE(path.stat().st_mode) for path in folder.iterdir())
        return addfile(archive, *args, **kwargs)

    monkeypatch.setattr(tarfile.TarFile, "addfile", recording_addfile)
    previous = os.umask(0o022)
    try:
        archive = backup(folder)
    finally:
        os.umask(previous)
    assert modes_while_writing and set(modes_while_writing) == {0o600}
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    with tarfile.open(archive) as opened:
        assert "data.json" in opened.getnames()


def test_backup_never_writes_through_an_existing_file(db, tmp_path, monkeypatch):
    """A file (or a planted symlink) already at the archive's name is left alone."""
    monkeypatch.setattr("zhujing_center.backups.archive_name", lambda: "zhujing-backup-fixed.tar.gz")
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("not yours")
    (tmp_path / "zhujing-backup-fixed.tar.gz").symlink_to(elsewhere)
    with pytest.raises(FileExistsError):
        backup(tmp_path)
    assert elsewhere.read_text() == "not yours"


def test_a_failed_backup_leaves_no_archive(db, tmp_path, monkeypatch):
    def failing_addfile(archive, *args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(tarfile.TarFile, "addfile", failing_addfile)
    with pytest.raises(OSError, match="disk full"):
        backup(tmp_path)
    assert list(tmp_path.iterdir()) == []
