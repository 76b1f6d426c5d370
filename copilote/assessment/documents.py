"""The synthesis, kind ``synthesis`` (DOCX or PDF): a report a collectivité would publish —
cover, table of contents, A4, French typography, no hyphenated names, charts drawn by pygal."""

from __future__ import annotations

import base64
import io
import re

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from copilote.assessment.synthesis import register_defaults, synthesis_data
from copilote.documents import registry
from copilote.documents.registry import Document, DocumentRequest
from copilote.documents.typography import fr, typeset

SVG_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
SVG_EXT = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"


# DOCX ------------------------------------------------------------------------------------------


def _svg_picture(doc, svg: str, number: int, width_cm: float = 16.0) -> None:
    """An SVG picture: LibreOffice and Word 2016+ draw it (main blip and svgBlip extension)."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml
    from docx.shared import Cm
    from PIL import Image

    match = re.search(r'viewBox="0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)"', svg)
    ratio = float(match.group(2)) / float(match.group(1)) if match else 0.5
    placeholder = io.BytesIO()
    Image.new("RGB", (8, max(1, round(8 * ratio))), "white").save(placeholder, "PNG")
    run = doc.add_paragraph().add_run()
    picture = run.add_picture(placeholder, width=Cm(width_cm), height=Cm(width_cm * ratio))
    part = doc.part
    svg_part = Part(
        PackURI(f"/word/media/chart{number}.svg"), "image/svg+xml", svg.encode(), part.package
    )
    rid = part.relate_to(svg_part, SVG_REL)
    blip = picture._inline.graphic.graphicData.pic.blipFill.blip
    old = blip.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed")
    blip.set("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed", rid)
    part.drop_rel(old)
    blip.append(
        parse_xml(
            '<a:extLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
            f'<a:ext uri="{SVG_EXT}"><asvg:svgBlip '
            'xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
            f'r:embed="{rid}"/></a:ext></a:extLst>'
        )
    )
    doc_pr = picture._inline.docPr
    doc_pr.set("descr", _("Chart; its data follow in the table below."))


def _toc(doc, chapters: list[dict]) -> None:
    """A table-of-contents field whose current result lists the chapters (Word refreshes it
    with page numbers; LibreOffice shows the list as is)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def field_char(run, kind):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)

    first = doc.add_paragraph()
    field_char(first.add_run(), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = 'TOC \\o "1-1" \\h \\z \\u'
    first.add_run()._r.append(instr)
    field_char(first.add_run(), "separate")
    for number, chapter in enumerate(chapters, start=1):
        paragraph = first if number == 1 else doc.add_paragraph()
        paragraph.add_run(fr(f"{number}. {chapter['title']}"))
    field_char(doc.paragraphs[-1].add_run(), "end")


def render_docx(data: dict) -> bytes:
    from docx import Document as DocxDocument
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Mm, Pt

    from copilote.documents.docx_minutes import BRAND, MUTED, _items, _page_field, _table

    doc = DocxDocument()
    doc.core_properties.title = f"{data['programme']} – {_('Synthesis')}"
    doc.core_properties.language = "fr-FR"
    doc.core_properties.author = data["authority"] or data["territory"]
    normal = doc.styles["Normal"]
    normal.font.name = "DejaVu Sans"
    normal.font.size = Pt(10)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "fr-FR")
    normal.element.get_or_add_rPr().append(lang)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        doc.styles[name].font.color.rgb = BRAND
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2))
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2)
    section.different_first_page_header_footer = True

    # Cover
    for _i in range(6):
        doc.add_paragraph()
    title = doc.add_paragraph()
    run = title.add_run(fr(data["programme"]))
    run.bold, run.font.size, run.font.color.rgb = True, Pt(30), BRAND
    subtitle = doc.add_paragraph()
    run = subtitle.add_run(fr(_("Synthesis of the experimentation")))
    run.font.size, run.font.color.rgb = Pt(18), BRAND
    doc.add_paragraph()
    for line in (data["authority"] or data["territory"], data["period"], data["date_text"]):
        if line:
            p = doc.add_paragraph()
            r = p.add_run(fr(line))
            r.font.size, r.font.color.rgb = Pt(12), MUTED
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    header = section.header.paragraphs[0]
    header.text = fr(f"{data['programme']} – {_('Synthesis')}")
    header.runs[0].font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run(_("Page") + " ")
    _page_field(footer)

    contents = doc.add_paragraph()
    run = contents.add_run(_("Contents"))
    run.bold, run.font.size, run.font.color.rgb = True, Pt(16), BRAND
    _toc(doc, data["chapters"])
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    charts = 0
    for number, chapter in enumerate(data["chapters"], start=1):
        if number > 1:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        doc.add_heading(fr(f"{number}. {chapter['title']}"), level=1)
        plain = []
        for item in chapter["items"]:
            if item["type"] != "chart":
                plain.append(item)
                continue
            _items(doc, plain)
            plain = []
            doc.add_heading(fr(item["title"]), level=2)
            if item.get("summary"):
                doc.add_paragraph(fr(item["summary"]))
            if item.get("svg"):
                charts += 1
                _svg_picture(doc, item["svg"], charts)
            _table(
                doc, item["table"]["headers"], [[str(c) for c in r] for r in item["table"]["rows"]]
            )
        _items(doc, plain)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# PDF -------------------------------------------------------------------------------------------


def render_pdf(data: dict) -> bytes:
    from copilote.documents.pdf import render_pdf as pdf

    data = typeset(data)
    for chapter in data["chapters"]:
        runs: list[dict] = []
        for item in chapter["items"]:
            if item["type"] == "chart":
                if item.get("svg"):
                    item["svg_base64"] = base64.b64encode(item["svg"].encode()).decode()
                runs.append({"chart": item})
            elif runs and "items" in runs[-1]:
                runs[-1]["items"].append(item)
            else:
                runs.append({"items": [item]})
        chapter["runs"] = runs
    return pdf("assessment/synthesis.html", {"data": data})


def render(request: DocumentRequest) -> Document:
    data = synthesis_data(request.programme)
    content = render_pdf(data) if request.format == "pdf" else render_docx(data)
    filename = f"{slugify(data['programme'])}-synthese.{request.format}"
    return Document(content, filename, request.format)


register_defaults()
registry.register(
    registry.Kind(
        "synthesis",
        ("pdf", "docx"),
        render,
        gettext_lazy("The synthesis of all deliverables"),
    )
)
