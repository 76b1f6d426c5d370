"""Template tags of the printed documents."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join

from copilote.documents.layout import table_shares

register = template.Library()


@register.simple_tag
def colgroup(table: dict) -> str:
    """``<colgroup>`` giving each column of ``table`` (a block's table or months item, or a
    chart's table: ``headers`` and ``rows``) its width, see ``documents.layout``. The table is
    laid out with ``table-layout: fixed`` (class ``fixed`` of the print style)."""
    shares = table_shares(table)
    if not shares:
        return ""
    widths = (round(100 * share, 1) for share in shares)
    cols = format_html_join("", '<col style="width: {}%">', ((w,) for w in widths))
    return format_html("<colgroup>{}</colgroup>", cols)
