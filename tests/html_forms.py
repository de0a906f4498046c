"""What a browser would submit from a form in a rendered page, read from the HTML itself.

Tests that post to a form must post what the page renders, not what a Python form object holds:
a field the page never renders (the admin's hidden version, once) is then missing here too.
"""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id: str | None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.found = False
        self.pairs: list[tuple[str, str]] = []
        self._select: tuple[str, bool] | None = None  # name, multiple
        self._options: list[tuple[str, bool]] = []
        self._option: dict | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {key: ("" if value is None else value) for key, value in attrs}
        if tag == "form":
            if not self.found and (self.form_id is None or a.get("id") == self.form_id):
                self.in_form = self.found = True
            return
        if not self.in_form:
            return
        disabled = "disabled" in a
        name = a.get("name")
        if tag == "input" and name and not disabled:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.pairs.append((name, a.get("value", "on")))
                return
            self.pairs.append((name, a.get("value", "")))
        elif tag == "textarea" and name and not disabled:
            self._textarea, self._text = name, []
        elif tag == "select" and name and not disabled:
            self._select, self._options = (name, "multiple" in a), []
        elif tag == "option" and self._select:
            self._option = {"value": a.get("value"), "selected": "selected" in a, "text": []}

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)
        if self._option is not None:
            self._option["text"].append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form = False
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            # As browsers do, one newline right after <textarea> is not part of the value.
            self.pairs.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "option" and self._option is not None:
            option = self._option
            value = option["value"] if option["value"] is not None else "".join(option["text"]).strip()
            self._options.append((value, option["selected"]))
            self._option = None
        elif tag == "select" and self._select:
            name, multiple = self._select
            chosen = [value for value, selected in self._options if selected]
            if not chosen and not multiple and self._options:
                chosen = [self._options[0][0]]  # a single select submits its first option by default
            self.pairs.extend((name, value) for value in chosen)
            self._select = None


def form_data(html: str | bytes, form_id: str | None = None) -> dict[str, list[str]]:
    """The name → values a browser submits from the form ``form_id`` (or the first form) unchanged."""
    if isinstance(html, bytes):
        html = html.decode()
    reader = _FormReader(form_id)
    reader.feed(html)
    if not reader.found:
        raise AssertionError(f"no form {form_id or ''} in the page")
    data: dict[str, list[str]] = {}
    for name, value in reader.pairs:
        data.setdefault(name, []).append(value)
    return data


def admin_form_data(response) -> dict[str, list[str] | str]:
    """The admin change form of ``response`` as the browser would post it back (one value per name as str)."""
    data = form_data(response.content, f"{response.context['opts'].model_name}_form")
    return {name: values[0] if len(values) == 1 else values for name, values in data.items()}
