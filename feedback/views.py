"""The residents' feedback form under each service and room page: GET the form, POST, redirect, thank you.

Every answer is defined: an unknown or unpublished entry is a 404, form errors re-show the form
next to the fields, a filled honeypot looks like a success but stores nothing, and a client over
the rate limit gets the form back with a 429. Nothing is e-mailed.
"""

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from services.models import Service
from venues.models import Venue

from . import ratelimit
from .forms import FeedbackForm

# What feedback can be about: the URL's first part → the model (and the Feedback field of the same name).
ENTRY_MODELS: dict[str, type[models.Model]] = {"service": Service, "venue": Venue}
ENTRY_LABELS = {"service": _("服务事项"), "venue": _("场所")}


def published_entry(about: str, slug: str) -> Service | Venue:
    """The published service or room, or a 404 (drafts included)."""
    model = ENTRY_MODELS[about]
    return get_object_or_404(model.objects.published().only("pk", "name", "slug", "is_published"), slug=slug)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def feedback_form(request: HttpRequest, about: str, slug: str) -> HttpResponse:
    entry = published_entry(about, slug)
    limited = False
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        spam = form.is_spam()
        # A submission that would be stored (or would look stored, for spam) takes a slot first;
        # form errors cost nothing.
        if spam or form.is_valid():
            limited = not ratelimit.take_slot(request)
            if not limited:
                if not spam:
                    feedback = form.save(commit=False)
                    setattr(feedback, about, entry)
                    feedback.save()
                return redirect(f"feedback:{about}_thanks", slug=entry.slug)
    else:
        form = FeedbackForm()
    context = {
        "entry": entry,
        "entry_label": ENTRY_LABELS[about],
        "form": form,
        "limited": limited,
        "window_minutes": ratelimit.WINDOW_SECONDS // 60,
    }
    return render(request, "feedback/feedback_form.html", context, status=429 if limited else 200)


@require_safe
def thanks(request: HttpRequest, about: str, slug: str) -> HttpResponse:
    entry = published_entry(about, slug)
    return render(request, "feedback/thanks.html", {"entry": entry, "entry_label": ENTRY_LABELS[about]})
