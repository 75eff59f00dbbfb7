"""Read an admin page's form the way a browser would submit it, so tests post like an editor."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.data = {}
        self._textarea = None
        self._select = None
        self._option = None

    def _add(self, name, value):
        if "__prefix__" in name:  # the template row the admin's script copies
            return
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self._add(name, attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self._add(self._select, attrs.get("value", ""))

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            name, text = self._textarea
            # Browsers drop the one newline that follows <textarea>.
            self._add(name, text[1:] if text.startswith("\n") else text)
            self._textarea = None
        elif tag == "select":
            self._select = None


def fields_of(html):
    """The fields of the forms in a page, as {name: value or [values]}."""
    reader = _FormReader()
    reader.feed(html)
    return {k: v[0] if len(v) == 1 else v for k, v in reader.data.items()}


def form_data(client, url):
    """The fields of the form on the page at url, as a browser would post them."""
    response = client.get(url)
    assert response.status_code == 200, url
    return fields_of(response.content.decode())


def errors_of(response):
    """The page's error texts, flattened (form errors and inline formset errors)."""
    context = response.context
    texts = []
    form = context["adminform"].form
    texts += [str(e) for errors in form.errors.values() for e in errors]
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        texts += [str(e) for e in formset.non_form_errors()]
        for errors in formset.errors:
            texts += [str(e) for field_errors in errors.values() for e in field_errors]
    return texts
