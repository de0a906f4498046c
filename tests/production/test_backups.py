"""Backup to a dated archive and restore into an empty database: the same catalogue, photos and history."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from PIL import Image

from activities.models import Activity
from services.models import Service
from venues.models import Venue, VenuePhoto

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
