from django.urls import path

from copilote.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.invitations, name="invitations"),
    path("<int:pk>/<str:action>/", views.invitation_action, name="invitation_action"),
]
