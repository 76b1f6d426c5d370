"""Template tags of the printed documents."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join

from copilote.documents.layout import LINE_CHARACTERS, table_shares

CROWDED_SIZE = 8.5  # points: a table marked crowded (print.css), against the body's 10

register = template.Library()


@register.simple_tag
def colgroup(table: dict) -> str:
    """``<colgroup>`` giving each column of ``table`` (a block's table or months item, or a
    chart's table: ``headers`` and ``rows``) its width, see ``documents.layout``. The table is
    laid out with ``table-layout: fixed`` (class ``fixed`` of the print style); a ``crowded`` one
    (``typography.typeset``) is printed smaller, a line holding more characters."""
    characters = LINE_CHARACTERS * (10 / CROWDED_SIZE if table.get("crowded") else 1)
    shares = table_shares(table, line_characters=characters)
    if not shares:
        return ""
    widths = (round(100 * share, 1) for share in shares)
    cols = format_html_join("", '<col style="width: {}%">', ((w,) for w in widths))
    return format_html("<colgroup>{}</colgroup>", cols)
