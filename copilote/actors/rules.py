from copilote.core.permissions import add_admin_perms

add_admin_perms("actors", "organisation", "person")
