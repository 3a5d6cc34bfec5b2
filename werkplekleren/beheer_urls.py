"""Organisation admins: teams, leidinggevenden, settings, people (CSV import, deactivation).

Included at ``/organisatie/beheer/``; the settings page stays at ``/organisatie/instellingen/``
(``organisation_settings``).
"""

from django.urls import path

from . import beheer_access_views as access_views
from . import beheer_views as views

app_name = "beheer"
urlpatterns = [
    path("teams/", views.teams, name="teams"),
    path("teams/<int:team_id>/", views.team_edit, name="team_edit"),
    path("mensen/", views.people, name="people"),
    path("mensen/opties/", views.person_options, name="person_options"),
    path("mensen/<int:person_id>/deactiveren/", views.person_deactivate, name="person_deactivate"),
    path("mensen/<int:person_id>/heractiveren/", views.person_reactivate, name="person_reactivate"),
    path("mensen/<int:person_id>/wissen/", views.person_erase, name="person_erase"),
    path("mensen/import/", views.people_import, name="import"),
    path("mensen/import/controle/", views.import_preview, name="import_preview"),
    path("mensen/import/toepassen/", views.import_apply, name="import_apply"),
    path("uitnodigingen/", access_views.invitations, name="invitations"),
    path(
        "uitnodigingen/<int:invitation_id>/opnieuw/",
        access_views.invitation_resend,
        name="invitation_resend",
    ),
    path("mensen/<int:person_id>/ontgrendelen/", access_views.person_unlock, name="person_unlock"),
    path("sso/", access_views.sso_settings, name="sso"),
]
