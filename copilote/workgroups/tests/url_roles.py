"""Every working-group URL × every role (collected by core's URL test)."""

from copilote.core.tests.factories import ThemeFactory
from copilote.workgroups.tests.factories import (
    CandidateFactory,
    GroupMeetingFactory,
    MemberFactory,
    ProposalFactory,
    WorkingGroupFactory,
)

ALL = ("lead", "committee", "facilitator", "participant", "observer", "network_admin")
READ_ALL = dict.fromkeys(ALL, 200)
LEAD = {**dict.fromkeys(ALL, 403), "lead": 200, "network_admin": 200}
POST_LEAD = {**LEAD, "lead": 405, "network_admin": 405}
RUN = {**LEAD, "facilitator": 200}
# POST-only pages checked on the group: a GET is refused (405) before the group is read.
POST_RUN = dict.fromkeys(ALL, 405)

PROGRAMME_URLS = {
    "workgroups:index": (None, READ_ALL),
    "workgroups:group_add": (None, LEAD),
    "workgroups:candidates": (None, LEAD),
    "workgroups:candidate_add": (None, LEAD),
    "workgroups:search_groups": (None, LEAD),
    "workgroups:candidate_edit": ("wg_candidate", LEAD),
    "workgroups:candidate_place": ("wg_candidate", POST_LEAD),
    "workgroups:candidate_delete": ("wg_candidate", LEAD),
    "workgroups:candidate_propose": ("wg_theme", POST_LEAD),
    "workgroups:group": ("wg_group", READ_ALL),
    "workgroups:group_edit": ("wg_group", LEAD),
    "workgroups:colead": ("wg_group", LEAD),
    "workgroups:invite": ("wg_group", POST_RUN),
    "workgroups:member_confirm": ("wg_member", POST_LEAD),
    "workgroups:member_remove": ("wg_member", LEAD),
    "workgroups:member_link": ("wg_member", POST_RUN),
    "workgroups:proposals": ("wg_group", READ_ALL),
    "workgroups:proposal_add": ("wg_group", RUN),
    "workgroups:proposal_edit": ("wg_proposal", RUN),
    "workgroups:proposal_delete": ("wg_proposal", RUN),
    "workgroups:download": ("wg_download", READ_ALL),
    "workgroups:meeting": ("wg_meeting", READ_ALL),
    "workgroups:meeting_edit": ("wg_meeting", RUN),
    "workgroups:meeting_held": ("wg_meeting", POST_RUN),
    "workgroups:meeting_add": ("wg_group", POST_RUN),
    "workgroups:attendance": ("wg_meeting", RUN),
    "workgroups:minutes": ("wg_meeting", RUN),
}
# The personal link page is public: a forged link is 404 for everyone.
OTHER_URLS = {
    "workgroups:personal": (
        {"territory": "nulle-part", "programme": "rien", "token": "faux"},
        404,
        404,
    ),
}


def objects(programme, users) -> dict:
    """A group facilitated by the facilitator, with the participant as a member."""
    group = WorkingGroupFactory(programme=programme, theme=ThemeFactory(programme=programme))
    group.facilitators.add(users["facilitator"])
    member = MemberFactory(group=group, user=users["participant"])
    meeting = GroupMeetingFactory(group=group, number=1)
    slug = {"slug": group.slug}
    return {
        "wg_candidate": {"pk": CandidateFactory(programme=programme).pk},
        "wg_theme": {"theme": group.theme.slug},
        "wg_group": slug,
        "wg_member": {**slug, "pk": member.pk},
        "wg_proposal": {**slug, "pk": ProposalFactory(group=group).pk},
        "wg_download": {**slug, "fmt": "docx"},
        "wg_meeting": {**slug, "number": meeting.number},
    }
