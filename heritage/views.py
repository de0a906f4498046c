from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from zhujing_center.drafts import visible

from .models import HeritageItem


def collection(request):
    items = HeritageItem.objects.published().select_related("studio").prefetch_related("photos")
    return render(request, "heritage/collection.html", {"items": items})


def item_detail(request, slug: str):
    items = HeritageItem.objects.select_related("studio").prefetch_related("photos")
    item = get_object_or_404(visible(request, items), slug=slug)
    now = timezone.now()
    return render(
        request,
        "heritage/item_detail.html",
        # Through the reverse relation (activities name their heritage item): no import of the activities app.
        # Each activity once (a weekly class is one entry, with its next date).
        {"item": item, "entries": item.activities.published().listed(now)[:10]},
    )
