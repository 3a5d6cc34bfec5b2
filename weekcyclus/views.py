from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from werkplekleren import access

from . import selectors


@login_required
def groep_detail(request: HttpRequest, groep_id: int) -> HttpResponse:
    groep = access.access_groep(request.user, groep_id)
    return render(
        request,
        "weekcyclus/groep_detail.html",
        {"groep": groep, "members": selectors.groep_members(groep=groep)},
    )
