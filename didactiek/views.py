from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import selectors


@login_required
def kader(request: HttpRequest) -> HttpResponse:
    vragen = list(selectors.didactisch_kader())
    return render(
        request,
        "didactiek/kader.html",
        {
            "groepsvragen": [v for v in vragen if v.is_group_question],
            "individuele_vragen": [v for v in vragen if not v.is_group_question],
        },
    )
