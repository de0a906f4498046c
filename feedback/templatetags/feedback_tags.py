from django import template
from django.urls import reverse

from feedback import review
from feedback.models import Feedback

register = template.Library()


@register.simple_tag
def feedback_url(entry) -> str:
    """The feedback form of a service or a room: /feedback/service/<slug>/ or /feedback/venue/<slug>/."""
    return reverse(f"feedback:{entry._meta.model_name}", kwargs={"slug": entry.slug})


@register.simple_tag
def feedback_admin_summary() -> dict:
    """For the admin index: open feedback and entries due for review (one query each)."""
    return {
        "open_count": Feedback.objects.open().count(),
        "inbox_url": reverse("admin:feedback_feedback_changelist") + "?status__exact=open",
        "due_count": review.due_count(),
        "review_url": reverse("admin:feedback_feedback_review"),
    }
