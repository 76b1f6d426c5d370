from django.contrib import admin

from copilote.governance.models import (
    AgendaSection,
    CommitteeMeeting,
    CommitteeMember,
    Decision,
    Invitation,
    Task,
)


@admin.register(CommitteeMeeting)
class CommitteeMeetingAdmin(admin.ModelAdmin):
    list_display = ("title", "programme", "rank", "date", "status")
    list_filter = ("status", "kind")


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(admin.ModelAdmin):
    list_display = ("__str__", "programme", "college", "position")


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("what", "programme", "due", "status")
    list_filter = ("status",)


admin.site.register(AgendaSection)
admin.site.register(Decision)
admin.site.register(Invitation)
