from django.shortcuts import render
from django.utils import timezone

from services.models import Category
from zhujing_center.search import normalize

from . import lookup


def search(request):
    """/search/?q=…: services, rooms and facilities, activities and heritage items, grouped by kind; the
    service categories to browse when there is nothing (yet) to show."""
    q = normalize(request.GET.get("q", ""))
    results = lookup.find(q, timezone.now()) if q else None
    categories = Category.objects.with_service_counts() if results is None or not results.count else ()
    return render(request, "finder/search.html", {"q": q, "results": results, "categories": categories})
