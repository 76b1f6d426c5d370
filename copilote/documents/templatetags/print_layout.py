"""Template tags of the printed documents."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join

from copilote.documents.layout import column_widths

register = template.Library()


@register.simple_tag
def colgroup(table: dict) -> str:
    """``<colgroup>`` giving each column of ``table`` (a block's table or months item, or a
    chart's table: ``headers`` and ``rows``) its width, see ``documents.layout``. The table is
    laid out with ``table-layout: fixed`` (class ``fixed`` of the print style)."""
    if table.get("type") == "months":
        headers = ["", *table.get("months", [])]
        rows = [[row["label"], *row["cells"]] for row in table.get("rows", [])]
    else:
        headers, rows = table.get("headers"), table.get("rows", [])
    widths = column_widths(headers, rows)
    if not widths:
        return ""
    cols = format_html_join("", '<col style="width: {}%">', ((w,) for w in widths))
    return format_html("<colgroup>{}</colgroup>", cols)
