"""Who may do what with the calendar: everyone in the programme reads it; the lead and the
committee plan it and run date polls."""

import rules

from copilote.core.permissions import add_admin_perms, is_network_admin
from copilote.programmes.permissions import is_committee, is_lead, is_member

rules.add_perm("planning.view_calendar", is_member | is_network_admin)
rules.add_perm("planning.change_calendar", is_committee | is_network_admin)
rules.add_perm("planning.manage_feed", is_lead | is_network_admin)
rules.add_perm("planning.run_polls", is_committee | is_network_admin)

add_admin_perms("planning", "planphase", "milestone", "poll")
