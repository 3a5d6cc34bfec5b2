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


def _minutes(value: str | None) -> int | None:
    """None when left empty (the suggestion's own time); a number the service checks (-1 for
    anything that is not a whole number, so it is refused, not ignored)."""
    value = (value or "").strip()
    if not value:
        return None
    return int(value) if value.isdigit() and len(value) < 7 else -1


@login_required
@require_POST
def suggestie_decide(request: HttpRequest, suggestie_id: int, decision: str) -> HttpResponse:
    suggestie = access.access_leerpad_suggestie(request.user, suggestie_id)
    title = request.POST.get("title")
    with refusal() as refused:
        if decision == "aannemen":
            activiteit = services.suggestie_accept(
                suggestie=suggestie,
                title=title.strip() if title is not None else None,
                kind=request.POST.get("kind") or None,
                minutes=_minutes(request.POST.get("minutes")),
            )
            messages.success(
                request, _("“%(title)s” staat nu in je leeractiviteiten.") % {"title": activiteit}
            )
        else:
            services.suggestie_reject(suggestie=suggestie)
    if refused:
        if decision != "aannemen" or suggestie.decision != suggestie.Decision.OPEN:
            for message in refused.messages:
                messages.error(request, message)
            return redirect("trajecten:leerpad", suggestie.leerpad.traject_id)
        # The page again with what the person typed in this suggestion, and why it was
        # refused next to it: nothing typed is lost.
        context = _context(suggestie.leerpad.traject)
        for shown in context["leerpad"].suggesties.all():
            if shown.pk == suggestie.pk:
                shown.title = title if title is not None else shown.title
                shown.kind = request.POST.get("kind") or shown.kind
                shown.minutes = request.POST.get("minutes", shown.minutes)
                shown.errors = refused.messages
        template = "trajecten/_leerpad.html" if request.htmx else "trajecten/leerpad.html"
        return render(request, template, context, status=400)
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
