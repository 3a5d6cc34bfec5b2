from django.urls import path

from . import views

app_name = "didactiek"
urlpatterns = [
    path("", views.kader, name="kader"),
    path("frames/", views.frame_library, name="frame_library"),
    path("frames/nieuw/", views.frame_new, name="frame_new"),
    path("frames/ai/", views.frame_ai, name="frame_ai"),
    path("frames/ai/<int:draft_id>/", views.frame_ai_draft, name="frame_ai_draft"),
    path("frames/ai/<int:draft_id>/concept/", views.frame_ai_concept, name="frame_ai_concept"),
    path("frames/<int:frame_id>/", views.frame_detail, name="frame_detail"),
    path("frames/<int:frame_id>/bewerken/", views.frame_edit, name="frame_edit"),
    path("frames/<int:frame_id>/kopie/", views.frame_copy, name="frame_copy"),
    path("media/<int:media_id>/", views.media, name="media"),
]
