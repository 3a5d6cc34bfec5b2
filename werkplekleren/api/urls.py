"""The REST API (Django REST framework), scoped by werkplekleren.access like the pages."""

app_name = "api"
urlpatterns = []
