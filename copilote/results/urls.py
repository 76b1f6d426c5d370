from django.urls import path

from copilote.results import views

app_name = "results"

action = "<int:pk>/"
urlpatterns = [
    path("", views.index, name="index"),
    path("toutes/", views.all_actions, name="all"),
    path("ajouter/", views.action_form, name="add"),
    path("propositions/", views.from_proposals, name="from_proposals"),
    path("public/", views.public, name="public"),
    path(action, views.action, name="action"),
    path(action + "modifier/", views.action_form, name="edit"),
    path(action + "supprimer/", views.action_delete, name="delete"),
    path(action + "referents/ajouter/", views.referent_add, name="referent_add"),
    path(
        action + "referents/<int:referent>/retirer/", views.referent_remove, name="referent_remove"
    ),
    path(action + "etapes/ajouter/", views.step_form, name="step_add"),
    path(action + "etapes/<int:step>/", views.step_form, name="step_edit"),
    path(action + "avancement/ajouter/", views.progress_add, name="progress_add"),
]
