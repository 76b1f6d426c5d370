from django.contrib import admin

from copilote.actors.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "territory", "commune")
    list_filter = ("kind", "territory")
    list_select_related = ("territory", "commune")
    search_fields = ("name",)
