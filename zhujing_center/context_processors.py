from django.utils.functional import SimpleLazyObject

from .models import Centre


def centre(request) -> dict:
    """The centre's record for the header and footer of every page (one query, only when used)."""
    return {"centre": SimpleLazyObject(Centre.load)}
