from django.urls import path

from copilote.programmes import views

app_name = "programmes"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("fiche/", views.detail, name="detail"),
    path("modifier/", views.edit, name="edit"),
    path("thematiques/", views.themes, name="themes"),
    path("thematiques/ajouter/", views.theme_form, name="theme_add"),
    path("thematiques/<slug:slug>/modifier/", views.theme_form, name="theme_edit"),
    path("thematiques/<slug:slug>/supprimer/", views.theme_delete, name="theme_delete"),
    path("communes/", views.communes, name="communes"),
    path("communes/ajouter/", views.commune_form, name="commune_add"),
    path("communes/<int:pk>/modifier/", views.commune_form, name="commune_edit"),
    path("communes/<int:pk>/supprimer/", views.commune_delete, name="commune_delete"),
    path("membres/", views.members, name="members"),
    path("membres/<int:pk>/role/", views.member_role, name="member_role"),
    path("membres/<int:pk>/retirer/", views.member_delete, name="member_delete"),
]
