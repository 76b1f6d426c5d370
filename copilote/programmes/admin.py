from django.contrib import admin

from copilote.programmes.models import (
    Commune,
    Membership,
    Programme,
    ProgrammeFrame,
    ProgrammePartner,
    Territory,
    Theme,
)


class CommuneInline(admin.TabularInline):
    model = Commune
    extra = 0


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "authority")
    search_fields = ("name", "slug")
    inlines = [CommuneInline]


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0


class PartnerInline(admin.TabularInline):
    model = ProgrammePartner
    extra = 0
    raw_id_fields = ("organisation",)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "territory", "phase", "start_date")
    list_filter = ("phase", "territory")
    list_select_related = ("territory",)
    search_fields = ("name", "slug")
    raw_id_fields = ("sponsor",)
    inlines = [ThemeInline, PartnerInline, MembershipInline]


@admin.register(ProgrammeFrame)
class ProgrammeFrameAdmin(admin.ModelAdmin):
    list_display = ("programme", "kind", "key", "version")
    list_filter = ("kind",)
    list_select_related = ("programme",)
