from django.urls import path

from copilote.assessment import views

app_name = "assessment"

urlpatterns = [
    path("", views.index, name="index"),
    path("modifier/", views.edit, name="edit"),
    path("enseignements/ajouter/", views.lesson_form, name="lesson_add"),
    path("enseignements/<int:pk>/", views.lesson_form, name="lesson_edit"),
    path("enseignements/<int:pk>/supprimer/", views.lesson_delete, name="lesson_delete"),
    path("indicateurs/", views.indicators_page, name="indicators"),
    path("enquete/", views.survey, name="survey"),
    path("enquete/envoyer/", views.survey_send, name="survey_send"),
    path("enquete/reponse/<str:token>/", views.survey_answer, name="survey_answer"),
    path("synthese.<str:fmt>", views.synthesis, name="synthesis"),
]
