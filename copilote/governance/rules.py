"""Who may do what with the steering committee.

The lead and the committee members edit meetings, decisions and tasks; observers read
everything; facilitators and participants read the published minutes only.
"""

import rules

from copilote.core.permissions import add_admin_perms, is_network_admin
from copilote.programmes.permissions import has_role, is_committee, is_lead, is_member

is_observer = has_role("observer")


@rules.predicate
def is_published(user, meeting) -> bool:
    return getattr(meeting, "status", None) == "published"


rules.add_perm("governance.view_committee", is_member | is_network_admin)
rules.add_perm(
    "governance.view_meeting",
    is_committee | is_observer | is_network_admin | (is_member & is_published),
)
rules.add_perm("governance.change_meeting", is_committee | is_network_admin)
# Taking published minutes back is the lead's call (the reason is kept in the activity log).
rules.add_perm("governance.withdraw_publication", is_lead | is_network_admin)

add_admin_perms(
    "governance",
    "committeemember",
    "committeemeeting",
    "agendasection",
    "decision",
    "task",
    "invitation",
)
