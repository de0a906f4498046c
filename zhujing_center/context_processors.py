from django.templatetags.static import static
from django.utils.functional import SimpleLazyObject

from . import display as display_mode
from .models import Centre

# The default picture a shared link shows (1200×630, made by `manage.py make_share_image`).
SHARE_IMAGE = "img/share.png"


def centre(request) -> dict:
    """The centre's record for the header and footer of every page (one query, only when used)."""
    return {"centre": SimpleLazyObject(Centre.load)}


def display(request) -> dict:
    """长辈模式 for every page: ``large_text`` adds the class on <html> (see zhujing_center/display.py)."""
    return {"large_text": display_mode.is_large(request)}


def page_meta(request) -> dict:
    """Absolute addresses for the canonical link and Open Graph tags (no query string, no database)."""
    return {
        "canonical_url": request.build_absolute_uri(request.path),
        "share_image_url": request.build_absolute_uri(static(SHARE_IMAGE)),
    }
