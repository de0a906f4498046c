"""Helpers for the feedback tests: one feedback row, and the data a browser posts."""

import re

from feedback.models import Feedback, FeedbackKind

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def make_feedback(entry, **fields) -> Feedback:
    """A feedback row about ``entry`` (a service or a room)."""
    fields.setdefault("kind", FeedbackKind.WRONG)
    fields.setdefault("message", "电话打不通")
    return Feedback.objects.create(**{entry._meta.model_name: entry}, **fields)


def form_data(**fields) -> dict:
    data = {"kind": "wrong", "message": "咨询电话已经换号了，现在打不通。", "phone": "", "website": ""}
    data.update(fields)
    return data


def csrf_token(html: str) -> str:
    match = CSRF_INPUT.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)
