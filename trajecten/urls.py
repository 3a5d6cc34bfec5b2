from .views import activiteiten, catalogus, compose, leerpad, voortgang

app_name = "trajecten"
# Each view module owns its own paths.
urlpatterns = (
    compose.urlpatterns
    + activiteiten.urlpatterns
    + voortgang.urlpatterns
    + leerpad.urlpatterns
    + catalogus.urlpatterns
)
