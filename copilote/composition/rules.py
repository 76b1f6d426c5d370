"""Who may ask for, adjust and accept a composition: the lead, who forms the groups."""

import rules

from copilote.core.permissions import add_admin_perms, is_network_admin
from copilote.programmes.permissions import is_lead

rules.add_perm("composition.compose", is_lead | is_network_admin)

add_admin_perms("composition", "compositionproposal")
