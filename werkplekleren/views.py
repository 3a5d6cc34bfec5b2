from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import access, health, selectors


@login_required
def team_list(request: HttpRequest) -> HttpResponse:
    q = selectors.search_text(request.GET.get("q"))
    page = selectors.team_page(access.teams_for(request.user), q=q, page=request.GET.get("pagina"))
    query = urlencode({"q": q}) if q else ""
    return render(request, "werkplekleren/team_list.html", {"page": page, "q": q, "query": query})


@login_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access.access_person(request.user, person_id)
    return render(request, "werkplekleren/person_detail.html", {"person": person})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": health.check_database(), "broker": health.check_broker()}
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {
            "status": "ok" if healthy else "error",
            **checks,
            # Informational: a worker that stopped beating is worth a look, not a restart of web.
            "worker_last_seen_seconds": health.worker_last_seen_seconds(),
        },
        status=200 if healthy else 503,
    )


# --- Data rights: one's own data to download ------------------------------------------------


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """What the platform holds about the user, and the download of all of it."""
    return render(request, "werkplekleren/my_data.html", {})


@login_required
def my_data_download(request: HttpRequest) -> HttpResponse:
    """A ZIP with all the user's own data: JSON, and the same as readable Markdown."""
    from . import privacy

    response = HttpResponse(privacy.person_export_zip(user=request.user), "application/zip")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="mijn-gegevens-{stamp}.zip"'
    return response
