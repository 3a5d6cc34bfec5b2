from .views import cirkel, gesprekken

app_name = "profcirkel"
# Each view module owns its own paths.
urlpatterns = gesprekken.urlpatterns + cirkel.urlpatterns
