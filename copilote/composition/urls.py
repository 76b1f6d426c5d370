from django.urls import path

from copilote.composition import views

app_name = "composition"

urlpatterns = [
    path("", views.index, name="index"),
    path("propositions/<int:pk>/", views.proposal, name="proposal"),
    path("propositions/<int:pk>/deplacer/", views.move, name="move"),
    path("propositions/<int:pk>/accepter/", views.accept, name="accept"),
]
