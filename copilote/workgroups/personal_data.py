"""What the working groups hold on a person (RGPD), and how it is erased.

A candidate from the directory points to the contact, which the directory anonymises; a
candidate typed by hand (or proposed by an event) holds a name and an address itself: erasure
replaces them by a pseudonym and revokes the personal link. Membership and attendance stay (the
group's figures), without the name.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from copilote.actors.personal_data import (
    ANONYMOUS_NAME,
    Holder,
    people_with_email,
    register,
    register_free_text,
    register_names,
)
from copilote.workgroups.models import Attendance, Candidate, Member, MemberRole


def _candidates(email: str):
    return Candidate.objects.filter(
        Q(email__iexact=email) | Q(person__in=people_with_email(email))
    ).exclude(Q(email="") & Q(person__isnull=True))


def _export(email: str) -> list[dict]:
    out = []
    rows = (
        _candidates(email)
        .select_related("programme", "person")
        .prefetch_related("wishes__theme", "refused_themes")
    )
    for candidate in rows:
        memberships = []
        for member in Member.objects.filter(candidate=candidate).select_related("group"):
            attended = Attendance.objects.filter(member=member, present=True).select_related(
                "meeting"
            )
            memberships.append(
                {
                    "group": member.group.name,
                    "role": member.role,
                    "confirmed": member.confirmed,
                    "meetings_attended": [a.meeting.number for a in attended],
                }
            )
        out.append(
            {
                "programme": candidate.programme.name,
                "name": candidate.full_name,
                "email": candidate.contact_email,
                "organisation": candidate.organisation_label,
                "source": candidate.source,
                "wishes": [w.theme.name for w in candidate.wishes.all()],
                "refused_themes": [t.name for t in candidate.refused_themes.all()],
                "groups": memberships,
            }
        )
    return out


def _erase(email: str) -> int:
    changed = (
        Member.objects.filter(candidate__in=_candidates(email))
        .exclude(link_token="")
        .update(link_token="")
    )
    for candidate in Candidate.objects.filter(email__iexact=email).exclude(email=""):
        candidate.first_name = ""
        candidate.last_name = f"{ANONYMOUS_NAME} (GT n°{candidate.pk})"
        candidate.email = ""
        candidate.save(update_fields=["first_name", "last_name", "email"])
        changed += 1
    return changed


def _warnings(email: str) -> list[str]:
    coleads = Member.objects.filter(
        candidate__in=_candidates(email), role=MemberRole.COLEAD
    ).select_related("group")
    return [
        _("This person co-leads the working group “%(group)s”: the role stays, the name goes.")
        % {"group": m.group.name}
        for m in coleads
    ]


def _territories(email: str) -> set:
    return set(_candidates(email).values_list("programme__territory_id", flat=True))


def _names(email: str) -> list[str]:
    names = []
    for first, last in _candidates(email).values_list("first_name", "last_name"):
        if first and last:
            names += [f"{first} {last}", f"{last} {first}"]
    return names


def register_holder() -> None:
    register(
        Holder("working_groups", _export, _erase, warnings=_warnings, territories=_territories)
    )
    # Free text where a name may be typed: erased by the directory's traces holder.
    register_names(_names)
    register_free_text(
        "group_meetings",
        "workgroups.GroupMeeting",
        ["minutes", "prepared_by", "facilitated_by", "minutes_by", "synthesis_by"],
    )
    register_free_text("group_proposals", "workgroups.Proposal", ["text"])
