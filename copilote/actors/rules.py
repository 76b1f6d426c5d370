"""Who may do what with the directory, the mobilisation and the guide.

Contact details (email, phone) are personal data: only the lead and the steering committee see
them; every other member sees names and organisations.
"""

import rules

from copilote.core.permissions import add_admin_perms, is_network_admin
from copilote.programmes.permissions import has_role, is_committee, is_lead, is_member

follows_mobilisation = has_role("lead", "committee", "facilitator", "observer")

rules.add_perm("actors.view_directory", is_member | is_network_admin)
rules.add_perm("actors.view_contact_details", is_committee)
rules.add_perm("actors.change_directory", is_lead | is_network_admin)
rules.add_perm("actors.import_directory", is_lead | is_network_admin)
rules.add_perm("actors.view_mobilisation", follows_mobilisation | is_network_admin)
rules.add_perm("actors.change_mobilisation", is_committee | is_network_admin)
rules.add_perm("actors.view_guide", is_member | is_network_admin)
rules.add_perm("actors.manage_guide", is_lead | is_network_admin)

add_admin_perms(
    "actors",
    "organisation",
    "person",
    "network",
    "mobilisation",
    "interaction",
    "channelevent",
    "communicationitem",
    "resource",
    "guide",
)
