"""Who may do what with the assessment: the lead and the committee write the bilan and run the
survey; every member reads the bilan and the indicators."""

import rules

from copilote.core.permissions import add_admin_perms, is_network_admin
from copilote.programmes.permissions import is_committee, is_member

rules.add_perm("assessment.view_assessment", is_member | is_network_admin)
rules.add_perm("assessment.change_assessment", is_committee | is_network_admin)

add_admin_perms("assessment", "assessment", "lesson", "surveyinvitation", "surveyanswer")
