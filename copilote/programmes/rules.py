import rules

from copilote.core.permissions import add_admin_perms, is_network_admin
from copilote.programmes.permissions import is_lead, is_member

rules.add_perm("programmes.view_programme", is_member | is_network_admin)
rules.add_perm("programmes.change_programme", is_lead | is_network_admin)
rules.add_perm("programmes.manage_members", is_lead | is_network_admin)
rules.add_perm("programmes.change_theme", is_lead | is_network_admin)
rules.add_perm("programmes.change_communes", is_lead | is_network_admin)
rules.add_perm("programmes.view_activity", is_lead | is_network_admin)

add_admin_perms(
    "programmes",
    "territory",
    "commune",
    "programme",
    "theme",
    "membership",
    "programmepartner",
    "programmeframe",
)
