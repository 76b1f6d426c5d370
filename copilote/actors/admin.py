from django.contrib import admin

from copilote.actors.models import Organisation, Person


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "territory", "commune")
    list_filter = ("kind", "territory")
    list_select_related = ("territory", "commune")
    search_fields = ("name",)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("__str__", "organisation", "territory")
    list_select_related = ("organisation", "territory")
    search_fields = ("last_name", "first_name")
