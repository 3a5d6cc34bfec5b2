"""The proposal bank: every proposal submitted to a Prof-cirkel, for the whole organisation.

Search and filters, a proposal's public page, following it, recognising it ("wij hebben dit
ook") and taking it into a week of one's own group. Every object comes through
``profcirkel.access`` (a foreign or unsubmitted proposal is a 404).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from weekcyclus import access as weekcyclus_access
from werkplekleren import access
from werkplekleren.errors import refusal
from werkplekleren.selectors import search_text

from .. import access as profcirkel_access
from .. import bank, services


def _bank_reader(request: HttpRequest) -> None:
    if access.Scope.ORGANISATION not in access.scopes(request.user, access.Asset.PROPOSAL_BANK):
        raise Http404


@login_required
def bank_list(request: HttpRequest) -> HttpResponse:
    _bank_reader(request)
    params = {
        "q": search_text(request.GET.get("q")),
        "vraag": request.GET.get("vraag", ""),
        "team": request.GET.get("team", ""),
        "status": request.GET.get("status", ""),
    }
    gevolgd = request.GET.get("gevolgd") == "1"
    result = bank.bank_page(
        user=request.user, gevolgd=gevolgd, page=request.GET.get("pagina"), **params
    )
    query = {k: v for k, v in params.items() if v}
    if gevolgd:
        query["gevolgd"] = "1"
    template = "profcirkel/_bank_results.html" if request.htmx else "profcirkel/bank_list.html"
    return render(
        request, template, {"bank": result, "page": result.page, "query": urlencode(query)}
    )


def _render_detail(request: HttpRequest, voorstel, status: int = 200) -> HttpResponse:
    detail = bank.bank_detail(voorstel=voorstel, user=request.user)
    template = "profcirkel/_bank_actions.html" if request.htmx else "profcirkel/bank_detail.html"
    return render(request, template, {"detail": detail, "item": detail.item}, status=status)


@login_required
def bank_detail(request: HttpRequest, voorstel_id: int) -> HttpResponse:
    voorstel = profcirkel_access.access_bank_voorstel(request.user, voorstel_id)
    return _render_detail(request, voorstel)


@login_required
def bank_follow(request: HttpRequest, voorstel_id: int) -> HttpResponse:
    voorstel = profcirkel_access.access_bank_voorstel(request.user, voorstel_id)
    if request.method != "POST":
        return redirect("profcirkel:bank_detail", voorstel_id=voorstel.pk)
    follow = request.POST.get("volgen") != "0"
    with refusal(request, forbidden_is_404=True) as refused:
        services.voorstel_follow(voorstel=voorstel, by=request.user, follow=follow)
    if refused:
        return redirect("profcirkel:bank_detail", voorstel_id=voorstel.pk)
    if not request.htmx:
        messages.success(
            request,
            _("Je volgt dit voorstel: je krijgt zijn nieuws per e-mail.")
            if follow
            else _("Je volgt dit voorstel niet meer."),
        )
        return redirect("profcirkel:bank_detail", voorstel_id=voorstel.pk)
    return _render_detail(request, voorstel)


@login_required
def bank_recognise(request: HttpRequest, voorstel_id: int) -> HttpResponse:
    voorstel = profcirkel_access.access_bank_voorstel(request.user, voorstel_id)
    if request.method != "POST":
        return redirect("profcirkel:bank_detail", voorstel_id=voorstel.pk)
    recognise = request.POST.get("herkennen") != "0"
    with refusal(request, forbidden_is_404=True) as refused:
        services.voorstel_recognise(voorstel=voorstel, by=request.user, recognise=recognise)
    if refused:
        return redirect("profcirkel:bank_detail", voorstel_id=voorstel.pk)
    if not request.htmx:
        return redirect("profcirkel:bank_detail", voorstel_id=voorstel.pk)
    return _render_detail(request, voorstel)


@login_required
def bank_take(request: HttpRequest, voorstel_id: int) -> HttpResponse:
    """A group of the user's own takes the proposal into its current or next week."""
    voorstel = profcirkel_access.access_bank_voorstel(request.user, voorstel_id)
    if request.method != "POST":
        return redirect("profcirkel:bank_detail", voorstel_id=voorstel.pk)
    groep = weekcyclus_access.access_groep(request.user, request.POST.get("groep"))
    with refusal(request, forbidden_is_404=True) as refused:
        werksituatie = services.werksituatie_from_voorstel(
            voorstel=voorstel, by=request.user, groep=groep
        )
    if refused:
        return redirect(reverse("profcirkel:bank_detail", args=[voorstel.pk]) + "#meenemen")
    messages.success(
        request,
        _("‘%(titel)s’ staat als werksituatie in de week van %(groep)s.")
        % {"titel": werksituatie.title, "groep": groep.name},
    )
    return redirect("weekcyclus:weekcyclus_detail", weekcyclus_id=werksituatie.weekcyclus_id)


urlpatterns = [
    path("voorstellenbank/", bank_list, name="bank_list"),
    path("voorstellenbank/<int:voorstel_id>/", bank_detail, name="bank_detail"),
    path("voorstellenbank/<int:voorstel_id>/volgen/", bank_follow, name="bank_follow"),
    path("voorstellenbank/<int:voorstel_id>/herkennen/", bank_recognise, name="bank_recognise"),
    path("voorstellenbank/<int:voorstel_id>/meenemen/", bank_take, name="bank_take"),
]
