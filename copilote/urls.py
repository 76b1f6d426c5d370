from django.contrib import admin
from django.urls import include, path

from copilote.accounts import views as account_views
from copilote.accounts.views import accept as accept_invitation
from copilote.core import security
from copilote.core import views as core_views
from copilote.planning import views as planning_views
from copilote.programmes import start
from copilote.programmes import views as programme_views

admin.site.site_header = "Copilote"
admin.site.has_permission = lambda request: bool(
    request.user.is_active and getattr(request.user, "is_network_admin", False)
)

urlpatterns = [
    path("", programme_views.home, name="home"),
    path("nouvelle-experimentation/", start.start_territory, name="start_territory"),
    path(
        "nouvelle-experimentation/<slug:territory>/",
        start.start_programme,
        name="start_programme",
    ),
    path("createurs-d-experimentations/", account_views.starters, name="starters"),
    path(
        "createurs-d-experimentations/<int:pk>/retirer/",
        account_views.starter_revoke,
        name="starter_revoke",
    ),
    path(
        "nouvelle-experimentation/<slug:territory>/entreprises/",
        start.partner_search,
        name="start_partner_search",
    ),
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path(
        "accounts/password_reset/",
        security.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("invitation/<str:uidb64>/<str:token>/", accept_invitation, name="accept_invitation"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("calendrier/<str:token>.ics", planning_views.calendar_feed, name="calendar_feed"),
    path(
        "calendrier/mon-adresse/regenerer/",
        planning_views.my_feed_regenerate,
        name="my_feed_regenerate",
    ),
    path("sondage/<str:token>/", planning_views.poll_answer, name="poll_answer"),
    path("t/<slug:territory>/p/<slug:programme>/", include("copilote.programmes.urls")),
    path("t/<slug:territory>/p/<slug:programme>/copil/", include("copilote.governance.urls")),
    path("t/<slug:territory>/p/<slug:programme>/invitations/", include("copilote.accounts.urls")),
    path("t/<slug:territory>/p/<slug:programme>/calendrier/", include("copilote.planning.urls")),
    path("t/<slug:territory>/p/<slug:programme>/acteurs/", include("copilote.actors.urls")),
    path("t/<slug:territory>/p/<slug:programme>/evenements/", include("copilote.events.urls")),
    path("t/<slug:territory>/p/<slug:programme>/groupes/", include("copilote.workgroups.urls")),
    path(
        "t/<slug:territory>/p/<slug:programme>/composition/", include("copilote.composition.urls")
    ),
    path("t/<slug:territory>/p/<slug:programme>/actions/", include("copilote.results.urls")),
    path("t/<slug:territory>/p/<slug:programme>/bilan/", include("copilote.assessment.urls")),
]
