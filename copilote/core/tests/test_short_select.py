"""core.widgets.ShortSelect writes the same drop-down as Django's Select, escaped alike."""

from html.parser import HTMLParser

from django import forms

from copilote.core.widgets import ShortSelect

CHOICES = [
    ("", "all"),
    ("a", "Crédit <Foncier> & co"),
    ("Groupe", [("b\"", "B"), ("c", "C")]),
    (3, "trois"),
]


def parsed(html: str) -> list[tuple]:
    """Tags (attributes in any order) and text, whitespace aside."""
    out = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            out.append((tag, sorted(attrs, key=str)))

        def handle_endtag(self, tag):
            out.append(("/" + tag,))

        def handle_data(self, data):
            if data.strip():
                out.append((data.strip(),))

    Parser().feed(html)
    return out


def test_the_same_html_as_djangos_select():
    for value in ("", "a", 'b"', "3", None):
        attrs = {"id": "id_x", "required": True, "disabled": False, "data-x": "<y>"}
        django = forms.Select(choices=CHOICES).render("x", value, attrs=attrs)
        short = ShortSelect(choices=CHOICES).render("x", value, attrs=attrs)
        assert parsed(short) == parsed(django)
    assert "&lt;Foncier&gt; &amp; co" in short and 'data-x="&lt;y&gt;"' in short
