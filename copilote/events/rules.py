"""Who may do what with collective events.

Every member reads the events, their programme and their figures; the lead and the committee
prepare them and see the registrants (personal data: list and exports); facilitators also
help at the welcome desk (check-in). The public sees published events only (``public.py``).
"""

import rules

from copilote.core.permissions import add_admin_perms, is_network_admin
from copilote.programmes.permissions import has_role, is_committee, is_member

rules.add_perm("events.view_events", is_member | is_network_admin)
rules.add_perm("events.change_event", is_committee | is_network_admin)
rules.add_perm("events.view_registrations", is_committee | is_network_admin)
rules.add_perm("events.check_in", is_committee | has_role("facilitator") | is_network_admin)

add_admin_perms("events", "event", "eventitem", "registration")
