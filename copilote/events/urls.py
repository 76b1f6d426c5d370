from django.urls import path

from copilote.events import views

app_name = "events"

# The public pages own the short addresses; the team's pages live under « gestion/ »
# (a reserved identifier: no event is called so).
event = "gestion/<slug:slug>/"
urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("gestion/", views.index, name="index"),
    path("gestion/ajouter/", views.event_form, name="add"),
    path("gestion/depuis-le-kit/<str:key>/", views.from_frame, name="from_frame"),
    path(event, views.detail, name="event"),
    path(event + "modifier/", views.event_form, name="event_edit"),
    path(event + "supprimer/", views.event_delete, name="delete"),
    path(event + "statut/<str:action>/", views.status, name="status"),
    path(event + "deroule/ajouter/", views.item_form, name="item_add"),
    path(event + "deroule/<int:pk>/", views.item_form, name="item_edit"),
    path(event + "deroule/<int:pk>/deplacer/", views.item_move, name="item_move"),
    path(event + "deroule/<int:pk>/supprimer/", views.item_delete, name="item_delete"),
    path(event + "accueil/", views.checkin, name="checkin"),
    path(event + "accueil/sur-place/", views.walk_in, name="walk_in"),
    path(event + "accueil/<int:pk>/", views.checkin_toggle, name="checkin_toggle"),
    path(event + "inscriptions/", views.registrations, name="registrations"),
    path(
        event + "inscriptions/<int:pk>/annuler/",
        views.registration_cancel,
        name="registration_cancel",
    ),
    path(event + "chiffres/", views.figures, name="figures"),
    path(event + "inscriptions.<str:fmt>", views.export, name="export"),
    path("<slug:slug>/", views.public_event, name="public_event"),
    path("<slug:slug>/annuler/<str:signature>/", views.cancel, name="cancel"),
]
