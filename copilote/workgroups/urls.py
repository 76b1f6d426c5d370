from django.urls import path

from copilote.workgroups import views

app_name = "workgroups"

group = "<slug:slug>/"
meeting = group + "reunions/<int:number>/"
urlpatterns = [
    path("", views.index, name="index"),
    path("ajouter/", views.group_form, name="group_add"),
    path("candidats/", views.candidates, name="candidates"),
    path("candidats/groupes/", views.search_groups, name="search_groups"),
    path("candidats/ajouter/", views.candidate_form, name="candidate_add"),
    path("candidats/<int:pk>/", views.candidate_form, name="candidate_edit"),
    path("candidats/<int:pk>/placer/", views.candidate_place, name="candidate_place"),
    path("candidats/<int:pk>/supprimer/", views.candidate_delete, name="candidate_delete"),
    path("candidats/proposes/<slug:theme>/", views.candidate_propose, name="candidate_propose"),
    path("lien/<str:token>/", views.personal, name="personal"),
    path(group, views.group, name="group"),
    path(group + "modifier/", views.group_form, name="group_edit"),
    path(group + "binome/", views.colead, name="colead"),
    path(group + "invitations/", views.invite, name="invite"),
    path(group + "membres/<int:pk>/confirmer/", views.member_confirm, name="member_confirm"),
    path(group + "membres/<int:pk>/retirer/", views.member_remove, name="member_remove"),
    path(group + "membres/<int:pk>/lien/", views.member_link, name="member_link"),
    path(group + "propositions/", views.proposals, name="proposals"),
    path(group + "propositions/ajouter/", views.proposal_form, name="proposal_add"),
    path(group + "propositions/<int:pk>/", views.proposal_form, name="proposal_edit"),
    path(group + "propositions/<int:pk>/supprimer/", views.proposal_delete, name="proposal_delete"),
    path(group + "compte-rendu.<str:fmt>", views.download, name="download"),
    path(group + "reunions/ajouter/", views.meeting_add, name="meeting_add"),
    path(meeting, views.meeting, name="meeting"),
    path(meeting + "modifier/", views.meeting_edit, name="meeting_edit"),
    path(meeting + "tenue/", views.meeting_held, name="meeting_held"),
    path(meeting + "presences/", views.attendance, name="attendance"),
    path(meeting + "compte-rendu/", views.minutes, name="minutes"),
]
