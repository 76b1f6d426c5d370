from django.urls import path

from copilote.planning import views

app_name = "planning"

urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("etapes/", views.milestones, name="milestones"),
    path("etapes/ajouter/", views.milestone_form, name="milestone_add"),
    path("etapes/<int:pk>/modifier/", views.milestone_form, name="milestone_edit"),
    path("etapes/<int:pk>/supprimer/", views.milestone_delete, name="milestone_delete"),
    path("retroplanning/", views.plan, name="plan"),
    path("abonnement/", views.feeds, name="feeds"),
    path("abonnement/regenerer/", views.feed_regenerate, name="feed_regenerate"),
    path("sondages/", views.polls, name="polls"),
    path("sondages/ajouter/", views.poll_add, name="poll_add"),
    path("sondages/<int:pk>/", views.poll, name="poll"),
    path("sondages/<int:pk>/choisir/", views.poll_choose, name="poll_choose"),
]
