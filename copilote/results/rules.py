"""Who may do what with the actions: the lead, the committee and the facilitators edit them;
every member reads them."""

import rules

from copilote.core.permissions import add_admin_perms, is_network_admin
from copilote.programmes.permissions import has_role, is_member

rules.add_perm("results.view_actions", is_member | is_network_admin)
rules.add_perm(
    "results.change_actions", has_role("lead", "committee", "facilitator") | is_network_admin
)

add_admin_perms("results", "action", "referent", "firststep", "progressupdate")
