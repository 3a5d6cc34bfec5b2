from .views import groepen, planning, sessie

app_name = "weekcyclus"
# Each view module owns its own paths (groups, planning, sessions).
urlpatterns = groepen.urlpatterns + planning.urlpatterns + sessie.urlpatterns
