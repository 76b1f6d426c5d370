from django.contrib import admin

from copilote.planning.models import Milestone, PlanPhase


@admin.register(PlanPhase)
class PlanPhaseAdmin(admin.ModelAdmin):
    list_display = ("title", "programme", "start", "end")
    list_select_related = ("programme",)


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ("title", "programme", "kind", "start", "precision", "done")
    list_filter = ("kind", "done")
    list_select_related = ("programme",)
