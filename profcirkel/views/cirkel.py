"""The Prof-cirkel: circles and their board, a proposal's follow-up page and its actions.

Every object comes through ``werkplekleren.access``: a foreign, forbidden or unknown id is a
404, and so is an action the user may not take (``PermissionDenied`` from a service).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from didactiek import voorstellen
from didactiek.forms import VragenMixin
from didactiek.models import Verbetervoorstel
from profcirkel import access as profcirkel_access
from weekcyclus import access as weekcyclus_access
from werkplekleren import access
from werkplekleren.errors import refusal
from werkplekleren.selectors import search_text

from .. import selectors, services
from ..models import ProfCirkel

# --- Forms ---------------------------------------------------------------------------------


class BijeenkomstForm(forms.Form):
    held_on = forms.DateField(
        label=gettext_lazy("Datum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": gettext_lazy("Vul de datum van de bijeenkomst in.")},
    )
    notes = forms.CharField(
        label=gettext_lazy("Aantekeningen"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InviteForm(forms.Form):
    user = forms.ChoiceField(label=gettext_lazy("Iemand van L&O"))

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", "—")] + [(str(u.pk), u.name) for u in candidates]


class AnswerForm(forms.Form):
    antwoord = forms.ChoiceField(
        label=gettext_lazy("Antwoord"),
        choices=Verbetervoorstel.Antwoord.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Kies overgenomen, aangepast overgenomen of afgewezen.")
        },
    )
    reden = forms.CharField(
        label=gettext_lazy("Reden"),
        help_text=gettext_lazy("Nodig bij aangepast overnemen en bij afwijzen."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    bedankt = forms.CharField(
        label=gettext_lazy("Bedankt (mag leeg blijven)"),
        help_text=gettext_lazy(
            "Een bedankje aan de groep, met het antwoord meegestuurd. Het staat bij het "
            "voorstel in de voorstellenbank, op de pagina opbrengsten en op de groepspagina."
        ),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AssignForm(forms.Form):
    owner = forms.ChoiceField(label=gettext_lazy("Eigenaar"))
    due_date = forms.DateField(
        label=gettext_lazy("Klaar uiterlijk"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": gettext_lazy("Kies de datum waarop het klaar moet zijn.")},
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "—")] + [(str(u.pk), u.name) for u in candidates]


class EffectForm(VragenMixin, forms.Form):
    effect = forms.CharField(
        label=gettext_lazy("Wat veranderde er?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": gettext_lazy("Beschrijf wat er veranderde.")},
    )
    vragen = forms.MultipleChoiceField(
        label=gettext_lazy("Bij welke vragen van het kader hoort het effect?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Checked as numbers by the service (a Dutch decimal comma is fine).
    uren_bespaard = forms.CharField(
        label=voorstellen.EFFECT_CIJFERS["uren_bespaard"][0],
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    foutpercentage = forms.CharField(
        label=voorstellen.EFFECT_CIJFERS["foutpercentage"][0],
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    fouten_voorkomen = forms.CharField(
        label=voorstellen.EFFECT_CIJFERS["fouten_voorkomen"][0],
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    tevredenheid = forms.CharField(
        label=voorstellen.EFFECT_CIJFERS["tevredenheid"][0],
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    def __init__(self, *args, vragen=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._init_vragen(list(vragen))

    def cijfer_fields(self) -> list[forms.BoundField]:
        return [self[key] for key in voorstellen.EFFECT_CIJFERS]

    def cijfers(self) -> dict:
        return {key: self.cleaned_data.get(key, "") for key in voorstellen.EFFECT_CIJFERS}


# --- Circles -------------------------------------------------------------------------------


@login_required
def cirkel_list(request: HttpRequest) -> HttpResponse:
    q = search_text(request.GET.get("q"))
    overview = selectors.cirkel_list(user=request.user, q=q, page=request.GET.get("pagina"))
    return render(
        request,
        "profcirkel/cirkel_list.html",
        {"overview": overview, "page": overview.page, "query": urlencode({"q": q}) if q else ""},
    )


@login_required
def cirkel_open(request: HttpRequest, team_id: int) -> HttpResponse:
    if request.method != "POST":
        return redirect("profcirkel:cirkel_list")
    team = access.access_team(request.user, team_id)
    try:
        cirkel = services.cirkel_open(team=team, by=request.user)
    except PermissionDenied as exc:
        raise Http404 from exc
    return redirect("profcirkel:cirkel_board", cirkel_id=cirkel.pk)


def _render_board(
    request: HttpRequest,
    cirkel: ProfCirkel,
    *,
    bijeenkomst_form: BijeenkomstForm | None = None,
    invite_form: InviteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    board = selectors.cirkel_board(cirkel=cirkel, user=request.user)
    return render(
        request,
        "profcirkel/cirkel_board.html",
        {
            "cirkel": cirkel,
            "board": board,
            "bijeenkomst_form": bijeenkomst_form or BijeenkomstForm(prefix="bk"),
            "invite_form": invite_form or InviteForm(prefix="inv", candidates=board.lo_candidates),
        },
        status=status,
    )


@login_required
def cirkel_board(request: HttpRequest, cirkel_id: int) -> HttpResponse:
    cirkel = profcirkel_access.access_cirkel(request.user, cirkel_id)
    return _render_board(request, cirkel)


@login_required
def bijeenkomst_add(request: HttpRequest, cirkel_id: int) -> HttpResponse:
    cirkel = profcirkel_access.access_cirkel(request.user, cirkel_id)
    if request.method != "POST":
        return redirect("profcirkel:cirkel_board", cirkel_id=cirkel.pk)
    if not (
        selectors.leads_cirkel(cirkel, request.user)
        or selectors.in_cirkel_team(cirkel, request.user)
    ):
        raise Http404
    form = BijeenkomstForm(request.POST, prefix="bk")
    if form.is_valid():
        with refusal(form=form, on_fields=True, forbidden_is_404=True) as refused:
            services.bijeenkomst_add(cirkel=cirkel, by=request.user, **form.cleaned_data)
        if not refused:
            messages.success(request, _("De bijeenkomst is vastgelegd."))
            return redirect(reverse("profcirkel:cirkel_board", args=[cirkel.pk]) + "#bijeenkomsten")
    return _render_board(request, cirkel, bijeenkomst_form=form, status=400)


@login_required
def cirkel_invite(request: HttpRequest, cirkel_id: int) -> HttpResponse:
    cirkel = profcirkel_access.access_cirkel(request.user, cirkel_id)
    if request.method != "POST":
        return redirect("profcirkel:cirkel_board", cirkel_id=cirkel.pk)
    if not selectors.leads_cirkel(cirkel, request.user):
        raise Http404
    person = access.access_person(request.user, request.POST.get("inv-user"))
    with refusal(request, forbidden_is_404=True) as refused:
        services.cirkel_invite(cirkel=cirkel, by=request.user, user=person)
    if not refused:
        messages.success(
            request, _("%(name)s is uitgenodigd in de Prof-cirkel.") % {"name": person.name}
        )
    return redirect(reverse("profcirkel:cirkel_board", args=[cirkel.pk]) + "#uitgenodigd")


# --- Proposals -----------------------------------------------------------------------------


def _render_voorstel(
    request: HttpRequest,
    voorstel: Verbetervoorstel,
    *,
    forms_in: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    page = selectors.voorstel_page(voorstel=voorstel, user=request.user)
    bound = forms_in or {}
    context = {"voorstel": voorstel, "page": page}
    if "answer" in page.actions:
        context["answer_form"] = bound.get("answer") or AnswerForm(prefix="ant")
    if "assign" in page.actions:
        context["assign_form"] = bound.get("assign") or AssignForm(
            prefix="eig",
            candidates=page.owner_candidates,
            initial={"owner": voorstel.owner_id, "due_date": voorstel.due_date},
        )
    if "review" in page.actions:
        context["effect_form"] = bound.get("review") or EffectForm(prefix="eff", vragen=page.kader)
    return render(request, "profcirkel/voorstel_detail.html", context, status=status)


@login_required
def voorstel_detail(request: HttpRequest, voorstel_id: int) -> HttpResponse:
    voorstel = weekcyclus_access.access_voorstel(request.user, voorstel_id)
    return _render_voorstel(request, voorstel)


def _done(request: HttpRequest, voorstel: Verbetervoorstel, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("profcirkel:voorstel_detail", voorstel_id=voorstel.pk)


@login_required
def voorstel_submit(request: HttpRequest, voorstel_id: int) -> HttpResponse:
    """One click: the group's validated proposal goes to the circle of the user's team."""
    voorstel = weekcyclus_access.access_voorstel(request.user, voorstel_id)
    if request.method != "POST":
        return redirect("profcirkel:voorstel_detail", voorstel_id=voorstel.pk)
    with refusal(request, forbidden_is_404=True) as refused:
        voorstel = services.voorstel_submit(
            voorstel=voorstel,
            by=request.user,
            names_visible=request.POST.get("names_visible") == "1",
        )
    if refused:
        return redirect("profcirkel:voorstel_detail", voorstel_id=voorstel.pk)
    return _done(
        request,
        voorstel,
        _("Het voorstel is ingediend bij de Prof-cirkel van %(team)s.")
        % {"team": voorstel.cirkel.team.name},
    )


def _refusal(request: HttpRequest, voorstel: Verbetervoorstel, attempt) -> HttpResponse:
    """For an action the page does not offer the user: the service's own verdict. Its checks
    of state and role come before the input, so ``attempt`` (made with empty input) never
    writes: not theirs is a 404, out of order is the reason, shown on the page."""
    with refusal(request, forbidden_is_404=True) as refused:
        attempt()
    if refused:
        return redirect("profcirkel:voorstel_detail", voorstel_id=voorstel.pk)
    raise Http404  # pragma: no cover - empty input is always refused


@login_required
def voorstel_answer(request: HttpRequest, voorstel_id: int) -> HttpResponse:
    voorstel = weekcyclus_access.access_voorstel(request.user, voorstel_id)
    if request.method != "POST":
        return redirect("profcirkel:voorstel_detail", voorstel_id=voorstel.pk)
    page = selectors.voorstel_page(voorstel=voorstel, user=request.user)
    if "answer" not in page.actions:
        return _refusal(
            request,
            voorstel,
            lambda: services.voorstel_answer(
                voorstel=voorstel, by=request.user, antwoord="", reden=""
            ),
        )
    form = AnswerForm(request.POST, prefix="ant")
    if form.is_valid():
        with refusal(form=form, on_fields=True, forbidden_is_404=True) as refused:
            services.voorstel_answer(voorstel=voorstel, by=request.user, **form.cleaned_data)
        if not refused:
            return _done(request, voorstel, _("Het antwoord is gegeven; de groep hoort het."))
    return _render_voorstel(request, voorstel, forms_in={"answer": form}, status=400)


@login_required
def voorstel_assign(request: HttpRequest, voorstel_id: int) -> HttpResponse:
    voorstel = weekcyclus_access.access_voorstel(request.user, voorstel_id)
    if request.method != "POST":
        return redirect("profcirkel:voorstel_detail", voorstel_id=voorstel.pk)
    page = selectors.voorstel_page(voorstel=voorstel, user=request.user)
    if "assign" not in page.actions:
        return _refusal(
            request,
            voorstel,
            lambda: services.voorstel_assign(
                voorstel=voorstel, by=request.user, owner=None, due_date=None
            ),
        )
    form = AssignForm(request.POST, prefix="eig", candidates=page.owner_candidates)
    if form.is_valid():
        owner = access.access_person(request.user, form.cleaned_data["owner"])
        with refusal(form=form, on_fields=True, forbidden_is_404=True) as refused:
            services.voorstel_assign(
                voorstel=voorstel,
                by=request.user,
                owner=owner,
                due_date=form.cleaned_data["due_date"],
            )
        if not refused:
            return _done(
                request,
                voorstel,
                _("%(name)s is eigenaar; de groep hoort het.") % {"name": owner.name},
            )
    return _render_voorstel(request, voorstel, forms_in={"assign": form}, status=400)


@login_required
def voorstel_implemented(request: HttpRequest, voorstel_id: int) -> HttpResponse:
    voorstel = weekcyclus_access.access_voorstel(request.user, voorstel_id)
    if request.method != "POST":
        return redirect("profcirkel:voorstel_detail", voorstel_id=voorstel.pk)
    with refusal(request, forbidden_is_404=True) as refused:
        services.voorstel_implemented(voorstel=voorstel, by=request.user)
    if refused:
        return redirect("profcirkel:voorstel_detail", voorstel_id=voorstel.pk)
    return _done(request, voorstel, _("Het voorstel staat op gerealiseerd; de groep hoort het."))


@login_required
def voorstel_review(request: HttpRequest, voorstel_id: int) -> HttpResponse:
    voorstel = weekcyclus_access.access_voorstel(request.user, voorstel_id)
    if request.method != "POST":
        return redirect("profcirkel:voorstel_detail", voorstel_id=voorstel.pk)
    page = selectors.voorstel_page(voorstel=voorstel, user=request.user)
    if "review" not in page.actions:
        return _refusal(
            request,
            voorstel,
            lambda: services.voorstel_review_effect(voorstel=voorstel, by=request.user, effect=""),
        )
    form = EffectForm(request.POST, prefix="eff", vragen=page.kader)
    if not form.is_valid():
        # The figures are checked too, so every mistake shows at once.
        with refusal(form=form, on_fields=True, forbidden_is_404=True):
            voorstellen.effect_cijfers_clean(form.cijfers())
    else:
        with refusal(form=form, on_fields=True, forbidden_is_404=True) as refused:
            services.voorstel_review_effect(
                voorstel=voorstel,
                by=request.user,
                effect=form.cleaned_data["effect"],
                vragen=form.cleaned_data["vragen"],
                cijfers=form.cijfers(),
            )
        if not refused:
            return _done(request, voorstel, _("Het effect is vastgelegd; de groep hoort het."))
    return _render_voorstel(request, voorstel, forms_in={"review": form}, status=400)


urlpatterns = [
    path("cirkels/", cirkel_list, name="cirkel_list"),
    path("cirkels/teams/<int:team_id>/openen/", cirkel_open, name="cirkel_open"),
    path("cirkels/<int:cirkel_id>/", cirkel_board, name="cirkel_board"),
    path("cirkels/<int:cirkel_id>/bijeenkomsten/", bijeenkomst_add, name="bijeenkomst_add"),
    path("cirkels/<int:cirkel_id>/uitnodigen/", cirkel_invite, name="cirkel_invite"),
    path("voorstellen/<int:voorstel_id>/", voorstel_detail, name="voorstel_detail"),
    path("voorstellen/<int:voorstel_id>/indienen/", voorstel_submit, name="voorstel_submit"),
    path("voorstellen/<int:voorstel_id>/antwoord/", voorstel_answer, name="voorstel_answer"),
    path("voorstellen/<int:voorstel_id>/eigenaar/", voorstel_assign, name="voorstel_assign"),
    path(
        "voorstellen/<int:voorstel_id>/gerealiseerd/",
        voorstel_implemented,
        name="voorstel_implemented",
    ),
    path("voorstellen/<int:voorstel_id>/effect/", voorstel_review, name="voorstel_review"),
]
