from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from zhujing_center import share_image
from zhujing_center.context_processors import SHARE_IMAGE
from zhujing_center.models import Centre


class Command(BaseCommand):
    help = (
        "Draw the default share picture (og:image, 1200×630 PNG) from the centre's record into "
        f"static/{SHARE_IMAGE}. Run again after the centre's name or address changes, then collectstatic."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=Path(settings.BASE_DIR) / "static" / SHARE_IMAGE,
            help=f"Where to write the PNG (default: static/{SHARE_IMAGE}).",
        )

    def handle(self, *args, **options):
        centre = Centre.load()
        font = share_image.find_cjk_font()
        if font is None:
            self.stderr.write("No Chinese font found (install fonts-noto-cjk): drawing the picture without text.")
        image = share_image.draw(
            centre.short_name or "泾彩服务",
            centre.name or "金山区朱泾镇社区党群服务中心",
            centre.address or "上海市金山区朱泾镇人民路360号",
            font,
        )
        share_image.save(image, options["output"])
        font_name = f"{font.path} #{font.index}" if font else "no font"
        self.stdout.write(self.style.SUCCESS(f"Wrote {options['output']} ({font_name})."))
