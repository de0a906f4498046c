from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from zhujing_center import page_cache


class Command(BaseCommand):
    help = "Empty the cache of whole public pages (run by every deploy: new code, new pages)."

    def handle(self, *args, **options) -> None:
        page_cache.clear()
        self.stdout.write(_("已清空页面缓存。"))
