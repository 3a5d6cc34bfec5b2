"""'Stel een leerpad voor': a suggested learning path, made by a Celery worker; the person
accepts (possibly edited) or rejects each suggestion. Nothing is added without their click."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from didactiek import llm
from trajecten import access
from werkplekleren.errors import refusal

from .. import services
from ..models import Leeractiviteit


def _context(traject) -> dict:
    latest = traject.leerpaden.prefetch_related("suggesties").first()
    return {
        "traject": traject,
        "leerpad": latest,
        "kinds": Leeractiviteit.Kind.choices,
        "drafter": llm.drafter_label(traject.organisation),
    }


@login_required
def leerpad(request: HttpRequest, traject_id: int) -> HttpResponse:
    traject = access.access_own_traject(request.user, traject_id)
    template = "trajecten/_leerpad.html" if request.htmx else "trajecten/leerpad.html"
    return render(request, template, _context(traject))


@login_required
@require_POST
def leerpad_request(request: HttpRequest, traject_id: int) -> HttpResponse:
    traject = access.access_own_traject(request.user, traject_id)
    services.leerpad_request(traject=traject)
    return redirect("trajecten:leerpad", traject.pk)


def _minutes(value: str) -> int | None:
    return int(value) if value.strip().isdigit() else None


@login_required
@require_POST
def suggestie_decide(request: HttpRequest, suggestie_id: int, decision: str) -> HttpResponse:
    suggestie = access.access_leerpad_suggestie(request.user, suggestie_id)
    with refusal(request):
        if decision == "aannemen":
            activiteit = services.suggestie_accept(
                suggestie=suggestie,
                title=request.POST.get("title", "").strip() or None,
                kind=request.POST.get("kind") or None,
                minutes=_minutes(request.POST.get("minutes", "")),
            )
            messages.success(
                request, _("“%(title)s” staat nu in je leeractiviteiten.") % {"title": activiteit}
            )
        else:
            services.suggestie_reject(suggestie=suggestie)
    return redirect("trajecten:leerpad", suggestie.leerpad.traject_id)


urlpatterns = [
    path("<int:traject_id>/leerpad/", leerpad, name="leerpad"),
    path("<int:traject_id>/leerpad/aanvragen/", leerpad_request, name="leerpad_request"),
    path(
        "leerpad/suggesties/<int:suggestie_id>/<str:decision>/",
        suggestie_decide,
        name="suggestie_decide",
    ),
]
