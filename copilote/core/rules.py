from copilote.core.permissions import add_admin_perms

add_admin_perms("core", "user", "activitylog")
add_admin_perms("axes", "accessattempt")  # network admins unlock a locked account
