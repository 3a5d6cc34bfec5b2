"""L&O: remote supervision of Prof-trajecten (signals, coverage, funnel, vitality)."""

app_name = "lo"
urlpatterns = []
