"""« Fiches » (the ``records`` block item): each record's title, then its fields across the
page, in the HTML (meeting page, PDF), the DOCX and the deck alike."""

import io

from django.template.loader import render_to_string
from django.utils import translation
from docx import Document as Docx

from copilote.documents import docx_minutes, pptx_deck

ITEM = {
    "type": "records",
    "title": "Handicap",
    "records": [
        {
            "title": "Réaliser un raid <sportif> & solidaire",
            "fields": [
                {"label": "Status", "lines": ["En cours – 30 %"]},
                {"label": "First steps", "lines": ["Réunir les partenaires", "Présenter le raid"]},
            ],
        }
    ],
}


def test_html_each_record_its_title_then_its_fields_a_field_of_several_lines_a_list():
    with translation.override("fr"):
        html = render_to_string("governance/blocks.html", {"items": [ITEM], "print": True})
    assert '<p class="record-title">Réaliser un raid &lt;sportif&gt; &amp; solidaire</p>' in html
    assert "<p>Status\xa0: En cours – 30 %</p>" in html  # French colon, non-breaking space
    assert (
        "<p>First steps\xa0:</p><ul><li>Réunir les partenaires</li><li>Présenter le raid</li>"
        in (html.replace("\n", ""))
    )
    assert "<table" not in html


def test_docx_a_bold_title_labelled_fields_bullets_kept_together():
    doc = Docx()
    with translation.override("fr"):
        docx_minutes._items(doc, [ITEM])
    doc = Docx(io.BytesIO(_saved(doc)))
    paragraphs = [p for p in doc.paragraphs if p.text]
    # French typography: a non-breaking space before the colon (the value's spaces are typed).
    texts = [p.text.replace("\u202f", " ") for p in paragraphs]
    assert texts == [
        "Handicap",
        "Réaliser un raid <sportif> & solidaire",
        "Status\xa0: En cours – 30 %",
        "First steps\xa0:",
        "Réunir les partenaires",
        "Présenter le raid",
    ]
    assert paragraphs[1].runs[0].bold
    assert [p.style.name for p in paragraphs[4:]] == ["List Bullet", "List Bullet"]
    # The record stays on one page: every paragraph but its last keeps with the next one.
    assert [p.paragraph_format.keep_with_next for p in paragraphs[1:]] == [True] * 4 + [None]


def test_deck_lines_the_title_in_bold_then_the_fields():
    with translation.override("fr"):
        lines = pptx_deck.item_lines(ITEM)
    assert [text for text, _style in lines] == [
        "Handicap",
        "Réaliser un raid <sportif> & solidaire",
        "Status\xa0: En cours – 30 %",
        "First steps\xa0:",
        "• Réunir les partenaires",
        "• Présenter le raid",
    ]
    assert lines[1][1]["bold"]


def _saved(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
