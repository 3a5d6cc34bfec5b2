"""WebSocket routes of the live session screens (wired in werkplekleren/asgi.py)."""

from django.urls import path

from .consumers import LiveConsumer

websocket_urlpatterns = [
    path("ws/live/<str:ticket>/", LiveConsumer.as_asgi()),
]
