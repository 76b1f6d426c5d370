from django.urls import path

from copilote.governance import views

app_name = "governance"

meeting = "reunions/<int:rank>/"
urlpatterns = [
    path("", views.index, name="index"),
    path("membres/", views.members, name="members"),
    path("membres/ajouter/", views.member_form, name="member_add"),
    path("membres/<int:pk>/modifier/", views.member_form, name="member_edit"),
    path("membres/<int:pk>/supprimer/", views.member_delete, name="member_delete"),
    path("reunions/ajouter/", views.meeting_add, name="meeting_add"),
    path(meeting, views.meeting, name="meeting"),
    path(meeting + "modifier/", views.meeting_edit, name="meeting_edit"),
    path(meeting + "supprimer/", views.meeting_delete, name="meeting_delete"),
    path(meeting + "retirer-la-publication/", views.withdraw, name="withdraw"),
    path(meeting + "presences/", views.attendance, name="attendance"),
    path(meeting + "sequences/ajouter/", views.section_add, name="section_add"),
    path(meeting + "sequences/<int:pk>/", views.section_edit, name="section_edit"),
    path(meeting + "sequences/<int:pk>/deplacer/", views.section_move, name="section_move"),
    path(meeting + "sequences/<int:pk>/supprimer/", views.section_delete, name="section_delete"),
    path(meeting + "decisions/ajouter/", views.decision_form, name="decision_add"),
    path(meeting + "decisions/<int:pk>/", views.decision_form, name="decision_edit"),
    path(meeting + "decisions/<int:pk>/supprimer/", views.decision_delete, name="decision_delete"),
    path(meeting + "actions/", views.tasks, name="tasks"),
    path(meeting + "actions/ajouter/", views.task_form, name="task_add"),
    path(meeting + "actions/<int:pk>/", views.task_form, name="task_edit"),
    path(meeting + "actions/<int:pk>/supprimer/", views.task_delete, name="task_delete"),
    path(meeting + "statut/<str:action>/", views.status, name="status"),
    path(meeting + "documents/<str:name>.<str:fmt>", views.download, name="download"),
]
