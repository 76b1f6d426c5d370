"""Charts drawn by pygal on the server, as SVG: for the indicators page and the synthesis.

A chart spec is plain data::

    {"type": "bar" | "hbar" | "stacked_hbar" | "pie",
     "labels": ["Charenton-le-Pont", …],
     "series": [{"title": "Associations", "values": [3, …]}, …],
     "target": 150 (optional, a horizontal line for "bar" charts)}

No script, no external resource: the SVG stands alone (an ``<img>`` on a page, inline in a PDF).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re

import pygal
from django.core.cache import cache
from pygal.style import Style

PALETTE = ("#1d4e89", "#e07a1f", "#2e8540", "#8e3b9a", "#b3261e", "#5b6770", "#0f7c8c")
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1b1f24",
    foreground_strong="#1b1f24",
    foreground_subtle="#8a939c",
    opacity="1",
    opacity_hover="1",
    colors=PALETTE,
    font_family="DejaVu Sans, Arial, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=13,
    value_label_font_size=13,
    legend_font_size=13,
    title_font_size=15,
    tooltip_font_size=12,
    value_colors=("#ffffff",),
)
KINDS = {
    "bar": pygal.Bar,
    "hbar": pygal.HorizontalBar,
    "stacked_hbar": pygal.HorizontalStackedBar,
    "stacked_bar": pygal.StackedBar,
    "pie": pygal.Pie,
}


CACHE_SECONDS = 24 * 3600


def render_svg(spec: dict, *, width: int = 720, height: int | None = None) -> str:
    """The chart as a standalone SVG document (text). A chart depends only on its spec: the
    drawing is cached under the spec's digest and drawn again only when the data change."""
    digest = hashlib.sha256(
        json.dumps([spec, width, height], sort_keys=True, default=str).encode()
    ).hexdigest()
    return cache.get_or_set(
        f"chart-svg:3:{digest}", lambda: _draw(spec, width, height), CACHE_SECONDS
    )


# About the advance of an average character of DejaVu Sans at the charts' 13 px.
CHAR_PX = 7.8


def round_step(top: int, ticks: int = 4) -> int:
    """The step between the value axis' graduations: about ``ticks`` of them, each a round
    number (1, 2, 2.5 or 5 times a power of ten: 0, 50, 100… rather than 0, 56, 112…)."""
    raw = top / ticks
    if raw <= 1:
        return 1
    power = 10 ** (len(str(int(raw))) - 1)
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * power
        if step >= raw and float(step).is_integer():
            return int(step)
    return 10 * power


def legend_columns(spec: dict, labels: list[str], width: int) -> int:
    """As many legend columns as fit their longest entry under the plot (a horizontal chart's
    category names take the left of its width), at most four."""
    if spec["type"] == "pie":
        entries = labels
    else:
        entries = [str(s["title"]) for s in spec.get("series", [])]
    if not entries:
        return 1
    plot = width - 24
    if spec["type"] in ("hbar", "stacked_hbar") and labels:
        plot -= max(len(label) for label in labels) * CHAR_PX + 10
    entry = max(len(e) for e in entries) * CHAR_PX + 30  # the colour box and a gap
    return max(1, min(4, len(entries), int(plot // entry)))


def _draw(spec: dict, width: int, height: int | None) -> str:
    kind = KINDS[spec["type"]]
    labels = [str(label) for label in spec.get("labels", [])]
    series = spec.get("series", [])
    columns = legend_columns(spec, labels, width)
    # pygal leaves room for one row of legend: each further row gets its own, under it.
    legend_rows = -(-(len(labels) if spec["type"] == "pie" else len(series)) // columns)
    below = 22 * max(0, legend_rows - 1)
    if height is None:
        rows = len(labels) if spec["type"] in ("hbar", "stacked_hbar") else 0
        height = (max(300, 90 + 42 * rows) if rows else 360) + below  # the plot keeps its height
    extra = {}
    if spec["type"] != "pie":
        if spec["type"].startswith("stacked"):
            top = max(
                (sum(v) for v in zip(*(s["values"] for s in series), strict=False)), default=0
            )
        else:
            top = max((max(s["values"], default=0) for s in series), default=0)
        top = max(top, spec.get("target") or 0, 1)
        step = round_step(top)
        extra["y_labels"] = list(range(0, -(-top // step) * step + 1, step))
    chart = kind(
        style=STYLE,
        width=width,
        height=height,
        js=[],
        disable_xml_declaration=True,
        explicit_size=True,
        show_legend=len(series) > 1 or spec["type"] == "pie",
        legend_at_bottom=True,
        legend_at_bottom_columns=columns,
        print_values=True,
        print_values_position="center" if spec["type"] != "pie" else "center",
        print_zeroes=False,
        include_x_axis=True,
        truncate_label=-1,
        truncate_legend=-1,
        value_formatter=lambda v: f"{v:g}" if v is not None else "",
        margin=12,
        margin_bottom=12 + below,
        spacing=8,
        **extra,
    )
    if spec["type"] == "pie":
        for label, value in zip(labels, series[0]["values"] if series else [], strict=False):
            chart.add(label, [value])
    else:
        chart.x_labels = labels
        for serie in series:
            chart.add(str(serie["title"]), serie["values"])
    return inline_styles(chart.render(is_unicode=True))


SVG_NS = "http://www.w3.org/2000/svg"


# Attributes holding coordinates, which pygal writes with up to 16 digits: a tenth of a pixel is
# enough and the chart is a third lighter.
GEOMETRY = ("x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height", "d", "transform")
LONG_DECIMAL = re.compile(r"(\d\.\d)\d+")


# What a static picture draws with; pygal's transitions, cursor and selection rules are dropped.
PRESENTATION = frozenset(
    (
        "fill",
        "fill-opacity",
        "stroke",
        "stroke-width",
        "stroke-opacity",
        "stroke-dasharray",
        "stroke-linecap",
        "stroke-linejoin",
        "opacity",
        "font-family",
        "font-size",
        "font-weight",
        "font-style",
        "text-anchor",
        "dominant-baseline",
        "display",
        "visibility",
    )
)
# Tooltips and their data (never drawn), the stylesheet and the script once applied.
NOT_DRAWN = frozenset(f"{{{SVG_NS}}}{tag}" for tag in ("desc", "title", "style", "script"))


def inline_styles(svg: str) -> str:
    """The SVG with its stylesheet applied as presentation attributes (``fill="…"``), without
    ``<style>``, ``<script>``, tooltips, classes nor identifiers: word processors (LibreOffice),
    strict pages and the PDF renderer draw it the same, and the PDF renderer has no style sheet
    to apply to each node (a tenth of a synthesis' rendering time before). Coordinates keep a
    tenth of a pixel."""
    import xml.etree.ElementTree as ET

    import cssselect2
    import tinycss2

    def declarations(text: str) -> list[tuple[str, str]]:
        return [
            (d.lower_name, tinycss2.serialize(d.value).strip())
            for d in tinycss2.parse_blocks_contents(text, True, True)
            if d.type == "declaration" and d.lower_name in PRESENTATION
        ]

    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    root = ET.fromstring(svg)
    css = "".join(node.text or "" for node in root.iter(f"{{{SVG_NS}}}style"))
    matcher = cssselect2.Matcher()
    for order, rule in enumerate(tinycss2.parse_stylesheet(css, True, True)):
        if rule.type != "qualified-rule":
            continue
        found = declarations(rule.content)
        try:
            selectors = cssselect2.compile_selector_list(rule.prelude)
        except cssselect2.SelectorError:
            continue
        for selector in selectors:
            matcher.add_selector(selector, (order, found))
    for element in cssselect2.ElementWrapper.from_xml_root(root).iter_subtree():
        node = element.etree_element
        matches = sorted(matcher.match(element) or (), key=lambda m: (m[0], m[1]))
        values = {}  # later declarations win: rules by specificity and order, then the node's own
        for match in matches:
            values.update(match[3][1])
        values.update(declarations(node.attrib.pop("style", "")))
        for name, value in values.items():
            node.set(name, value)
    for node in root.iter():
        if node is not root:
            node.attrib.pop("id", None)  # unique per chart only: several charts share a page
        node.attrib.pop("class", None)
        for name in GEOMETRY:
            if name in node.attrib:
                node.set(name, LONG_DECIMAL.sub(r"\1", node.get(name)))
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag in NOT_DRAWN:
                parent.remove(child)
    for child in list(root):
        if child.tag == f"{{{SVG_NS}}}defs" and not len(child):
            root.remove(child)
    return ET.tostring(root, encoding="unicode")


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
