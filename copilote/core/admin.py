from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from copilote.core.models import ActivityLog, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Network"), {"fields": ("is_network_admin",)}),
    )
    list_display = ("username", "email", "first_name", "last_name", "is_network_admin")
    list_filter = ("is_network_admin", "is_active")


@admin.register(ActivityLog)
class ActivityLogAdmin(admin.ModelAdmin):
    list_display = ("created_at", "territory", "programme", "user", "action", "object_repr")
    list_filter = ("territory", "action")
    list_select_related = ("territory", "programme", "user")
    readonly_fields = [f.name for f in ActivityLog._meta.fields]
