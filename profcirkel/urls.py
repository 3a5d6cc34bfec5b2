from .views import bank, cirkel, gesprekken, opbrengsten

app_name = "profcirkel"
# Each view module owns its own paths.
urlpatterns = (
    gesprekken.urlpatterns + cirkel.urlpatterns + bank.urlpatterns + opbrengsten.urlpatterns
)
