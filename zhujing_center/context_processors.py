from django.conf import settings


def centre(request) -> dict:
    """The centre's name, address and help phone, for the header and footer of every page."""
    return {"centre": settings.CENTRE}
