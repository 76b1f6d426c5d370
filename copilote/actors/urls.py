from django.urls import path

from copilote.actors import views

app_name = "actors"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("structures/ajouter/", views.organisation_form, name="organisation_add"),
    path("structures/<int:pk>/", views.organisation_detail, name="organisation"),
    path("structures/<int:pk>/modifier/", views.organisation_form, name="organisation_edit"),
    path("structures/<int:pk>/supprimer/", views.organisation_delete, name="organisation_delete"),
    path("structures/<int:pk>/suivre/", views.follow, name="follow"),
    path("contacts/", views.people, name="people"),
    path("contacts/recherche/", views.search_people, name="search_people"),
    path("structures/recherche/", views.search_organisations, name="search_organisations"),
    path("contacts/ajouter/", views.person_form, name="person_add"),
    path("contacts/<int:pk>/modifier/", views.person_form, name="person_edit"),
    path("contacts/<int:pk>/supprimer/", views.person_delete, name="person_delete"),
    path("mobilisation/", views.board, name="board"),
    path("mobilisation/<int:pk>/", views.mobilisation_form, name="mobilisation"),
    path("mobilisation/<int:pk>/statut/", views.move, name="move"),
    path("mobilisation/<int:pk>/echange/", views.interaction_add, name="interaction_add"),
    path(
        "mobilisation/<int:pk>/echange/<int:interaction>/supprimer/",
        views.interaction_delete,
        name="interaction_delete",
    ),
    path("reseaux/", views.channels, name="channels"),
    path("fiches/<slug:kind>/ajouter/", views.simple_form, name="simple_add"),
    path("fiches/<slug:kind>/<int:pk>/modifier/", views.simple_form, name="simple_edit"),
    path("fiches/<slug:kind>/<int:pk>/supprimer/", views.simple_delete, name="simple_delete"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:pk>/", views.import_preview, name="import_preview"),
    path("export/<slug:target>.<slug:fmt>", views.export, name="export"),
    path("guide/", views.guide, name="guide"),
    path("guide/pdf/", views.guide_pdf, name="guide_pdf"),
    path("guide/public/", views.guide_public, name="guide_public"),
]
