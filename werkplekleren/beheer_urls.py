"""Organisation admins: teams, leidinggevenden, settings, people (CSV import, deactivation)."""

app_name = "beheer"
urlpatterns = []
