"""The group's minutes (kind ``group-minutes``): one meeting's, or without ``--meeting`` the
synthesis of the group across its meetings. DOCX (A4, fr-FR) or PDF."""

from __future__ import annotations

import io

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from copilote.documents import registry
from copilote.documents.registry import Document, DocumentError, DocumentRequest
from copilote.documents.typography import fr, typeset


def _group(request: DocumentRequest):
    from copilote.workgroups.models import WorkingGroup

    if not request.group:
        raise DocumentError(_("Name the group: --group THEME_SLUG."))
    group = (
        WorkingGroup.objects.filter(programme=request.programme)
        .filter(slug=request.group)
        .select_related("theme", "programme__territory")
        .first()
    )
    if group is None:
        group = (
            WorkingGroup.objects.filter(programme=request.programme, theme__slug=request.group)
            .select_related("theme", "programme__territory")
            .first()
        )
    if group is None:
        raise DocumentError(
            _("This experimentation has no working group “%(group)s”.") % {"group": request.group}
        )
    return group


def _number(request: DocumentRequest, group) -> int | None:
    number = request.options.get("group_meeting", request.meeting)
    if number is None:
        return None
    if not group.meetings.filter(number=number).exists():
        raise DocumentError(
            _("The group “%(group)s” has no meeting %(n)s.") % {"group": group.name, "n": number}
        )
    return int(number)


def render_docx(data: dict) -> bytes:
    from docx import Document as DocxDocument
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    from copilote.documents.docx_minutes import BRAND, MUTED, _page_field, _table

    doc = DocxDocument()
    doc.core_properties.title = f"{data['programme']} – {data['title']}"
    doc.core_properties.language = "fr-FR"
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    style = doc.styles["Normal"]
    style.font.name = "DejaVu Sans"
    style.font.size = Pt(10)
    _language(style)
    for name in ("Title", "Heading 1", "Heading 2"):
        doc.styles[name].font.color.rgb = BRAND
    header = section.header.paragraphs[0]
    header.text = fr(f"{data['programme']} – {data['title']}")
    header.runs[0].font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run(_("Page") + " ")
    _page_field(footer)

    def muted(text: str) -> None:
        run = doc.add_paragraph().add_run(fr(text))
        run.italic = True
        run.font.color.rgb = MUTED

    group = data["group"]
    doc.add_heading(fr(data["title"]), level=0)
    doc.add_paragraph(fr(f"{data['programme']} · {_('Theme')} : {group['theme']}"))
    _table(
        doc,
        [],
        [
            [_("Association co-lead"), group["association"]],
            [_("Company co-lead"), group["company"]],
        ],
    )
    if data["synthesis"]:
        doc.add_heading(_("Members"), level=1)
        if group["members"]:
            _table(
                doc,
                [_("Name"), _("Organisation"), _("Role")],
                [[m["name"], m["organisation"], m["role"]] for m in group["members"]],
            )
        else:
            muted(_("The group has no member yet."))
    for meeting in data["meetings"]:
        title = f"{meeting['short_title']} – {meeting['title']}"
        doc.add_heading(fr(title), level=1)
        facts = [v for v in (meeting["date_text"], meeting["hours"], meeting["place"]) if v]
        if facts:
            doc.add_paragraph(fr(" · ".join(facts)))
        if meeting["roles"]:
            _table(doc, [], meeting["roles"])
        if not data["synthesis"]:
            doc.add_heading(_("Agenda"), level=2)
            for item in meeting["agenda"]:
                doc.add_paragraph(fr(item), style="List Bullet")
        doc.add_heading(_("Attendance"), level=2)
        if meeting["present"] or meeting["absent"]:
            doc.add_paragraph(
                fr(_("Present (%(n)s): ") % {"n": len(meeting["present"])})
                + fr(", ".join(meeting["present"]) or "—")
            )
            if meeting["absent"]:
                doc.add_paragraph(
                    fr(_("Excused (%(n)s): ") % {"n": len(meeting["absent"])})
                    + fr(", ".join(meeting["absent"]))
                )
        else:
            muted(_("Attendance was not recorded."))
        if meeting["existing_solutions"]:
            doc.add_heading(_("Existing solutions"), level=2)
            for item in meeting["existing_solutions"]:
                doc.add_paragraph(fr(item), style="List Bullet")
        doc.add_heading(_("Minutes"), level=2)
        if meeting["minutes"].strip():
            for line in meeting["minutes"].strip().split("\n"):
                doc.add_paragraph(fr(line))
        else:
            muted(_("No minutes written yet."))
        if meeting["proposals"] and not data["synthesis"]:
            doc.add_heading(_("Proposals"), level=2)
            _table(
                doc,
                [_("Proposal"), _("Priority"), _("Term")],
                [[p["text"], p["priority"], p["term"]] for p in meeting["proposals"]],
            )
    if data["synthesis"]:
        doc.add_heading(_("Assiduity of the participants"), level=1)
        if data["assiduity"]:
            _table(doc, [_("Name"), _("Meetings attended"), _("Assiduity")], data["assiduity"])
            if data["average"]:
                doc.add_paragraph(fr(_("Average assiduity: %(rate)s") % {"rate": data["average"]}))
        else:
            muted(_("No meeting held yet."))
        doc.add_heading(_("Proposals"), level=1)
        if data["proposals"]:
            _table(
                doc,
                [_("Proposal"), _("Priority"), _("Term"), _("Meeting")],
                [[p["text"], p["priority"], p["term"], p["meeting"]] for p in data["proposals"]],
            )
        else:
            muted(_("No proposal yet."))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _language(style) -> None:
    """fr-FR as the language of the text (spelling and hyphenation in word processors)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = style.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "fr-FR")


def render(request: DocumentRequest) -> Document:
    from copilote.workgroups import selectors

    group = _group(request)
    number = _number(request, group)
    data = selectors.minutes_data(group, number=number)
    suffix = f"reunion-{number}" if number else "synthese"
    filename = f"{slugify(data['programme'])}-gt-{group.slug}-{suffix}.{request.format}"
    if request.format == "pdf":
        from copilote.documents.pdf import render_pdf

        content = render_pdf("workgroups/minutes_print.html", {"data": typeset(data)})
    else:
        content = render_docx(data)
    return Document(content, filename, request.format)


def register() -> None:
    registry.register(
        registry.Kind(
            "group-minutes",
            ("docx", "pdf"),
            render,
            gettext_lazy("A working group’s minutes (one meeting, or the synthesis)"),
            options=("meeting", "group"),
        )
    )
