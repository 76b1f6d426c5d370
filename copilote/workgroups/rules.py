"""Who may do what with the working groups.

The lead forms the groups (candidates, placement, co-lead pairs). A facilitator runs the groups
they facilitate: meetings, attendance, minutes, proposals, invitations. The committee and the
observers read every group; a participant reads their own group only, and never sees contact
details.
"""

import rules

from copilote.core.permissions import add_admin_perms, is_network_admin
from copilote.programmes.permissions import has_role, is_lead, is_member


def _group(obj):
    from copilote.workgroups.models import WorkingGroup

    if isinstance(obj, WorkingGroup):
        return obj
    return getattr(obj, "group", None)


@rules.predicate
def facilitates(user, obj) -> bool:
    group = _group(obj)
    if group is None or not getattr(user, "is_authenticated", False):
        return False
    return group.facilitators.filter(pk=user.pk).exists()


@rules.predicate
def belongs(user, obj) -> bool:
    group = _group(obj)
    if group is None or not getattr(user, "is_authenticated", False):
        return False
    return group.members.filter(user=user).exists()


readers = has_role("lead", "committee", "observer")
is_facilitator = has_role("facilitator")
is_participant = has_role("participant")

rules.add_perm("workgroups.view_groups", is_member | is_network_admin)
rules.add_perm("workgroups.change_groups", is_lead | is_network_admin)
rules.add_perm(
    "workgroups.view_group",
    readers | is_network_admin | (is_facilitator & facilitates) | (is_participant & belongs),
)
rules.add_perm("workgroups.run_group", is_lead | is_network_admin | (is_facilitator & facilitates))
rules.add_perm(
    "workgroups.view_member_details",
    has_role("lead", "committee") | is_network_admin | (is_facilitator & facilitates),
)

add_admin_perms(
    "workgroups",
    "workinggroup",
    "candidate",
    "themewish",
    "member",
    "groupmeeting",
    "attendance",
    "proposal",
)
