"""L&O: remote supervision of Prof-trajecten (signals, coverage, funnel, vitality)."""

from .views import catalogus, lo

app_name = "lo"
urlpatterns = lo.urlpatterns + catalogus.lo_urlpatterns
