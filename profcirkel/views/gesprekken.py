"""Talentontwikkelgesprekken: my conversations (and planning one with a team member), one
conversation with its facts, agenda and agreements, and the team's two-way accountability.

Every lookup goes through werkplekleren.access: ``gesprekken_for`` / ``access_gesprek``,
``access_agendapunt``, ``access_gespreksafspraak``, ``access_team``. A conversation is its two
participants' alone; anyone else (L&O and admins included) gets a 404.
"""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from profcirkel import access as profcirkel_access
from werkplekleren import access
from werkplekleren.errors import refusal
from werkplekleren.models import User

from .. import selectors, services
from ..models import Talentontwikkelgesprek

# --- Forms ---------------------------------------------------------------------------------


class PlanForm(forms.Form):
    professional = forms.ModelChoiceField(
        label=gettext_lazy("Met wie"),
        queryset=User.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": gettext_lazy("Kies iemand uit je team.")},
    )
    planned_at = forms.DateTimeField(
        label=gettext_lazy("Wanneer"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": gettext_lazy("Kies een datum en tijd.")},
    )
    interval_weeks = forms.IntegerField(
        label=gettext_lazy("Daarna elke … weken"),
        help_text=gettext_lazy("Leeg: het ritme van het team."),
        required=False,
        min_value=1,
        max_value=52,
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["professional"].queryset = selectors.gesprek_plan_candidates(user=user)
        self.fields["professional"].label_from_instance = lambda person: person.name

    def clean_planned_at(self):
        planned_at = self.cleaned_data["planned_at"]
        if timezone.localdate(planned_at) < timezone.localdate():
            raise forms.ValidationError(_("Die datum is al voorbij: kies vandaag of later."))
        if planned_at > timezone.now() + timedelta(days=5 * 366):
            raise forms.ValidationError(_("Kies een datum binnen vijf jaar."))
        return planned_at


class OntwikkelingForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Hoe verloopt mijn ontwikkeling?"),
        help_text=gettext_lazy(
            "Kort, vooraf: wat je ziet aan je eigen ontwikkeling. Niet hoe de activiteiten gingen."
        ),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AgendapuntForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Gesprekspunt"),
        max_length=500,
        error_messages={"required": gettext_lazy("Schrijf het gesprekspunt op.")},
    )
    prive = forms.BooleanField(label=gettext_lazy("privé (alleen voor jou)"), required=False)


class AfspraakForm(forms.Form):
    PROFESSIONAL, LEIDINGGEVENDE, ORGANISATIE = "professional", "leidinggevende", "organisatie"

    text = forms.CharField(
        label=gettext_lazy("Afspraak"),
        max_length=500,
        error_messages={"required": gettext_lazy("Schrijf de afspraak op.")},
    )
    wie = forms.ChoiceField(label=gettext_lazy("Wie doet het?"))
    due_date = forms.DateField(
        label=gettext_lazy("Uiterlijk"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, gesprek: Talentontwikkelgesprek, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wie"].choices = [
            (self.PROFESSIONAL, gesprek.professional.name),
            (self.LEIDINGGEVENDE, gesprek.leidinggevende.name),
            (
                self.ORGANISATIE,
                _("De organisatie (%(name)s zorgt ervoor)") % {"name": gesprek.leidinggevende.name},
            ),
        ]

    def clean_due_date(self):
        due_date = self.cleaned_data["due_date"]
        if due_date is not None and due_date < timezone.localdate():
            raise forms.ValidationError(_("Die datum is al voorbij: kies vandaag of later."))
        if due_date is not None and due_date > timezone.localdate() + timedelta(days=5 * 366):
            raise forms.ValidationError(_("Kies een datum binnen vijf jaar."))
        return due_date


class IntervalForm(forms.Form):
    weeks = forms.IntegerField(
        label=gettext_lazy("Wij spreken elkaar elke … weken"),
        help_text=gettext_lazy("Leeg: het ritme van het team."),
        required=False,
        min_value=1,
        max_value=52,
    )


# --- My conversations ----------------------------------------------------------------------


def _render_list(request: HttpRequest, form: PlanForm | None = None) -> HttpResponse:
    overview = selectors.gesprekken_overview(user=request.user)
    if form is None and overview.members:
        form = PlanForm(user=request.user)
    return render(
        request,
        "profcirkel/gesprek_list.html",
        {"overview": overview, "form": form if overview.members else None},
    )


@login_required
@require_GET
def gesprek_list(request: HttpRequest) -> HttpResponse:
    return _render_list(request)


@login_required
@require_POST
def gesprek_plan(request: HttpRequest) -> HttpResponse:
    """A leidinggevende plans a conversation with someone in a team they lead."""
    form = PlanForm(request.POST, user=request.user)
    if not form.is_valid():
        return _render_list(request, form)
    data = form.cleaned_data
    with refusal(form=form) as refused:
        gesprek = services.gesprek_plan(
            professional=data["professional"],
            leidinggevende=request.user,
            planned_at=data["planned_at"],
            interval_weeks=data["interval_weeks"],
        )
    if refused:
        return _render_list(request, form)
    messages.success(request, _("Het gesprek staat gepland."))
    return redirect("profcirkel:gesprek_detail", gesprek_id=gesprek.pk)


# --- One conversation ----------------------------------------------------------------------


def _render_detail(request: HttpRequest, gesprek: Talentontwikkelgesprek, **bound) -> HttpResponse:
    user = request.user
    page = selectors.gesprek_page(gesprek=gesprek, user=user)
    is_professional = user.pk == gesprek.professional_id
    context = {
        "gesprek": gesprek,
        "page": page,
        "facts": page.facts,
        "held": gesprek.state == Talentontwikkelgesprek.State.GEHOUDEN,
        "is_professional": is_professional,
        "other": gesprek.leidinggevende if is_professional else gesprek.professional,
        "ontwikkeling_form": bound.get("ontwikkeling_form")
        or OntwikkelingForm(initial={"text": gesprek.ontwikkeling}, auto_id="ontwikkeling_%s"),
        "punt_form": bound.get("punt_form") or AgendapuntForm(auto_id="punt_%s"),
        "afspraak_form": bound.get("afspraak_form")
        or AfspraakForm(
            gesprek=gesprek, initial={"wie": AfspraakForm.PROFESSIONAL}, auto_id="afspraak_%s"
        ),
        "interval_form": bound.get("interval_form")
        or IntervalForm(initial={"weeks": gesprek.interval_weeks}, auto_id="ritme_%s"),
        "errors": bound.get("errors") or [],
    }
    return render(request, "profcirkel/gesprek_detail.html", context)


def _back(gesprek: Talentontwikkelgesprek, anchor: str = "") -> HttpResponse:
    url = reverse("profcirkel:gesprek_detail", args=[gesprek.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


@login_required
@require_GET
def gesprek_detail(request: HttpRequest, gesprek_id: int) -> HttpResponse:
    gesprek = profcirkel_access.access_gesprek(request.user, gesprek_id)
    return _render_detail(request, gesprek)


@login_required
@require_POST
def gesprek_ontwikkeling(request: HttpRequest, gesprek_id: int) -> HttpResponse:
    gesprek = profcirkel_access.access_gesprek(request.user, gesprek_id)
    form = OntwikkelingForm(request.POST, auto_id="ontwikkeling_%s")
    if not form.is_valid():
        return _render_detail(request, gesprek, ontwikkeling_form=form)
    with refusal(request, fallback=_("Dat kan niet.")) as refused:
        services.ontwikkeling_save(gesprek=gesprek, by=request.user, text=form.cleaned_data["text"])
    if refused:
        return _back(gesprek, "ontwikkeling")
    messages.success(request, _("Je ontwikkeling staat bij het gesprek."))
    return _back(gesprek, "ontwikkeling")


@login_required
@require_POST
def agendapunt_add(request: HttpRequest, gesprek_id: int) -> HttpResponse:
    gesprek = profcirkel_access.access_gesprek(request.user, gesprek_id)
    form = AgendapuntForm(request.POST, auto_id="punt_%s")
    if not form.is_valid():
        return _render_detail(request, gesprek, punt_form=form)
    with refusal(request, fallback=_("Dat kan niet.")):
        services.agendapunt_add(
            gesprek=gesprek,
            by=request.user,
            text=form.cleaned_data["text"],
            shared=not form.cleaned_data["prive"],
        )
    return _back(gesprek, "agenda")


@login_required
@require_POST
def agendapunt_check(request: HttpRequest, punt_id: int) -> HttpResponse:
    punt = profcirkel_access.access_agendapunt(request.user, punt_id)
    gesprek = profcirkel_access.access_gesprek(request.user, punt.gesprek_id)
    punt.gesprek = gesprek
    with refusal(request, fallback=_("Dat kan niet.")):
        services.agendapunt_check(
            punt=punt, by=request.user, checked=request.POST.get("checked") == "1"
        )
    return _back(gesprek, "agenda")


@login_required
@require_POST
def gespreksafspraak_add(request: HttpRequest, gesprek_id: int) -> HttpResponse:
    gesprek = profcirkel_access.access_gesprek(request.user, gesprek_id)
    form = AfspraakForm(request.POST, gesprek=gesprek, auto_id="afspraak_%s")
    if not form.is_valid():
        return _render_detail(request, gesprek, afspraak_form=form)
    data = form.cleaned_data
    owner = (
        gesprek.professional if data["wie"] == AfspraakForm.PROFESSIONAL else gesprek.leidinggevende
    )
    with refusal(request, fallback=_("Dat kan niet.")):
        services.gespreksafspraak_add(
            gesprek=gesprek,
            by=request.user,
            text=data["text"],
            owner=owner,
            due_date=data["due_date"],
            for_organisation=data["wie"] == AfspraakForm.ORGANISATIE,
        )
    return _back(gesprek, "afspraken")


@login_required
@require_POST
def gespreksafspraak_done(request: HttpRequest, afspraak_id: int) -> HttpResponse:
    afspraak = profcirkel_access.access_gespreksafspraak(request.user, afspraak_id)
    with refusal(request, fallback=_("Dat kan niet.")):
        services.gespreksafspraak_done(afspraak=afspraak, by=request.user)
    return _back(afspraak.gesprek, "afspraken")


@login_required
@require_POST
def gesprek_hold(request: HttpRequest, gesprek_id: int) -> HttpResponse:
    gesprek = profcirkel_access.access_gesprek(request.user, gesprek_id)
    with refusal(request, fallback=_("Dat kan niet.")) as refused:
        following = services.gesprek_hold(gesprek=gesprek, by=request.user)
    if refused:
        return _back(gesprek)
    if following is not None:
        messages.success(request, _("Het gesprek is gehouden. Het volgende gesprek staat gepland."))
    else:
        messages.success(request, _("Het gesprek is gehouden."))
    return _back(gesprek)


@login_required
@require_POST
def gesprek_interval(request: HttpRequest, gesprek_id: int) -> HttpResponse:
    gesprek = profcirkel_access.access_gesprek(request.user, gesprek_id)
    form = IntervalForm(request.POST, auto_id="ritme_%s")
    if not form.is_valid():
        return _render_detail(request, gesprek, interval_form=form)
    with refusal(request, fallback=_("Dat kan niet.")) as refused:
        services.gesprek_set_interval(
            gesprek=gesprek, by=request.user, weeks=form.cleaned_data["weeks"]
        )
    if refused:
        return _back(gesprek, "ritme")
    messages.success(request, _("Het ritme van jullie gesprekken is opgeslagen."))
    return _back(gesprek, "ritme")


# --- Two-way accountability of a team ------------------------------------------------------


@login_required
@require_GET
def verantwoording(request: HttpRequest, team_id: int) -> HttpResponse:
    """What the leidinggevende and the organisation agreed to and answered, for the team's
    members and its leidinggevende; everyone else gets a 404."""
    team = access.access_team_verantwoording(request.user, team_id)
    return render(
        request,
        "profcirkel/team_verantwoording.html",
        {"team": team, "v": selectors.verantwoording(user=request.user, team=team)},
    )


urlpatterns = [
    path("gesprekken/", gesprek_list, name="gesprek_list"),
    path("gesprekken/plannen/", gesprek_plan, name="gesprek_plan"),
    path("gesprekken/<int:gesprek_id>/", gesprek_detail, name="gesprek_detail"),
    path(
        "gesprekken/<int:gesprek_id>/ontwikkeling/",
        gesprek_ontwikkeling,
        name="gesprek_ontwikkeling",
    ),
    path("gesprekken/<int:gesprek_id>/punten/", agendapunt_add, name="agendapunt_add"),
    path("gesprekken/punten/<int:punt_id>/besproken/", agendapunt_check, name="agendapunt_check"),
    path(
        "gesprekken/<int:gesprek_id>/afspraken/",
        gespreksafspraak_add,
        name="gespreksafspraak_add",
    ),
    path(
        "gesprekken/afspraken/<int:afspraak_id>/gedaan/",
        gespreksafspraak_done,
        name="gespreksafspraak_done",
    ),
    path("gesprekken/<int:gesprek_id>/gehouden/", gesprek_hold, name="gesprek_hold"),
    path("gesprekken/<int:gesprek_id>/ritme/", gesprek_interval, name="gesprek_interval"),
    path("teams/<int:team_id>/verantwoording/", verantwoording, name="verantwoording"),
]
