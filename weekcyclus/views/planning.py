"""Planning a Vitale Weekcyclus: sessions, questions, werksituaties; the iCalendar feed."""

from datetime import date, time, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from didactiek import access as didactiek_access
from didactiek.forms import VragenMixin
from didactiek.models import DidactischeVraag, Werksituatie
from didactiek.selectors import didactisch_kader, published_choices
from weekcyclus import access
from werkplekleren.errors import refusal

from .. import agenda as agenda_events
from .. import ical, selectors, services
from ..models import Groep, Sessie, Weekcyclus

# --- Forms ---------------------------------------------------------------------------------

WEEKDAYS = [
    ("0", gettext_lazy("maandag")),
    ("1", gettext_lazy("dinsdag")),
    ("2", gettext_lazy("woensdag")),
    ("3", gettext_lazy("donderdag")),
    ("4", gettext_lazy("vrijdag")),
    ("5", gettext_lazy("zaterdag")),
    ("6", gettext_lazy("zondag")),
]
# Four sessions spread over the week, at the start of the working day.
DEFAULT_ROWS = [
    {"day": "0", "start": time(9), "duration_minutes": 60, "room": ""},
    {"day": "1", "start": time(9), "duration_minutes": 60, "room": ""},
    {"day": "3", "start": time(9), "duration_minutes": 60, "room": ""},
    {"day": "4", "start": time(9), "duration_minutes": 60, "room": ""},
]
MAX_SESSIES = 4


class WeekForm(VragenMixin, forms.Form):
    week = forms.DateField(
        label=gettext_lazy("Week"),
        help_text=gettext_lazy("Kies een dag in de week; de week begint op maandag."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    vragen = forms.MultipleChoiceField(label=gettext_lazy("Vragen van deze cyclus"), required=False)

    def __init__(self, *args, vragen: list[DidactischeVraag], **kwargs):
        super().__init__(*args, **kwargs)
        self._init_vragen(vragen)


class SessieRowForm(forms.Form):
    """One planned session; a row left empty is skipped."""

    day = forms.ChoiceField(
        label=gettext_lazy("Dag"),
        choices=[("", "—"), *WEEKDAYS],
        required=False,
    )
    start = forms.TimeField(
        label=gettext_lazy("Begintijd"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    duration_minutes = forms.IntegerField(
        label=gettext_lazy("Duur (minuten)"),
        min_value=15,
        max_value=240,
        required=False,
        widget=forms.NumberInput(attrs={"step": 5}),
    )
    room = forms.CharField(label=gettext_lazy("Ruimte"), max_length=100, required=False)
    frame = forms.ChoiceField(label=gettext_lazy("Frame"), required=False)

    def __init__(self, *args, frame_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        # The published frames the group may pick (didactiek.selectors.published_choices).
        self.frame_versies = {str(v.pk): v for v in frame_choices}
        self.fields["frame"].choices = [("", _("Standaardstappen"))] + [
            (str(v.pk), _frame_label(v)) for v in frame_choices
        ]

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        if not data.get("day") and not data.get("start") and not data.get("room"):
            data["empty"] = True
            return data
        if not data.get("day"):
            self.add_error("day", _("Kies een dag, of maak de hele rij leeg."))
        if not data.get("start"):
            self.add_error("start", _("Vul een begintijd in, of maak de hele rij leeg."))
        return data

    def plan(self, monday: date) -> dict | None:
        """The row as keyword arguments for ``services.sessie_plan`` (None when empty)."""
        data = self.cleaned_data
        if data.get("empty"):
            return None
        return {
            "day": monday + timedelta(days=int(data["day"])),
            "start": data["start"],
            "duration_minutes": data.get("duration_minutes") or 60,
            "room": data.get("room", ""),
            "frame_versie": self.frame_versies.get(data.get("frame") or ""),
        }


def _frame_label(versie) -> str:
    numbers = ", ".join(str(n) for n in versie.frame.numbers)
    star = "★ " if versie.frame.serves else ""
    if numbers:
        return _("%(star)s%(title)s (v%(n)s · vragen %(numbers)s)") % {
            "star": star,
            "title": versie.frame.title,
            "n": versie.number,
            "numbers": numbers,
        }
    return f"{versie.frame.title} (v{versie.number})"


SessieFormSet = forms.formset_factory(
    SessieRowForm, extra=0, max_num=MAX_SESSIES, absolute_max=MAX_SESSIES, validate_max=True
)


class WerksituatieForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Titel"),
        max_length=200,
        error_messages={"required": gettext_lazy("Geef de werksituatie een titel.")},
    )
    description = forms.CharField(
        label=gettext_lazy("Beschrijving"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Soort"),
        choices=Werksituatie.Kind.choices,
        initial=Werksituatie.Kind.WERKPROCES,
        widget=forms.RadioSelect,
    )
    critical = forms.BooleanField(
        label=gettext_lazy("Kritieke werksituatie"), required=False, initial=True
    )

    def __init__(self, *args, optional: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.optional = optional
        if optional:
            for name in ("title", "kind"):
                self.fields[name].required = False

    def clean(self) -> dict:
        data = super().clean()
        if self.optional and not self.errors and not (data.get("title") or "").strip():
            if (data.get("description") or "").strip():
                self.add_error("title", _("Geef de werksituatie een titel, of laat beide leeg."))
            data["empty"] = True
        elif self.optional and not self.errors and not data.get("kind"):
            self.add_error("kind", _("Kies de soort werksituatie."))
        return data

    def values(self) -> dict | None:
        """Keyword arguments for ``services.werksituatie_add`` (None when left empty)."""
        data = self.cleaned_data
        if data.get("empty"):
            return None
        return {
            "title": data["title"],
            "description": data.get("description", ""),
            "kind": data["kind"],
            "critical": bool(data.get("critical")),
        }


# --- Views ---------------------------------------------------------------------------------


def _plan_forms(
    groep: Groep, user, data=None
) -> tuple[WeekForm, forms.BaseFormSet, WerksituatieForm]:
    vragen = list(didactisch_kader())
    # Frames for the questions the group ticked (after a post) come first, marked ★.
    chosen = [v.number for v in vragen if data is not None and str(v.pk) in data.getlist("vragen")]
    frame_kwargs = {"frame_choices": published_choices(user, vragen=chosen)}
    if data is None:
        week_form = WeekForm(
            vragen=vragen, initial={"week": selectors.first_free_week(groep=groep)}
        )
        sessies = SessieFormSet(prefix="sessies", initial=DEFAULT_ROWS, form_kwargs=frame_kwargs)
        werksituatie = WerksituatieForm(prefix="ws", optional=True)
    else:
        week_form = WeekForm(data, vragen=vragen)
        sessies = SessieFormSet(
            data, prefix="sessies", initial=DEFAULT_ROWS, form_kwargs=frame_kwargs
        )
        werksituatie = WerksituatieForm(data, prefix="ws", optional=True)
    return week_form, sessies, werksituatie


@login_required
@require_http_methods(["GET", "POST"])
def weekcyclus_plan(request: HttpRequest, groep_id: int) -> HttpResponse:
    groep = access.access_groep(request.user, groep_id)
    errors: list[str] = []
    if request.method == "POST":
        week_form, sessies, werksituatie = _plan_forms(groep, request.user, request.POST)
        if week_form.is_valid() and sessies.is_valid() and werksituatie.is_valid():
            monday = services.monday_of(week_form.cleaned_data["week"])
            plans = [plan for form in sessies if (plan := form.plan(monday))]
            with refusal(forbidden_is_404=True) as refused, transaction.atomic():
                cyclus = services.weekcyclus_plan(
                    groep=groep,
                    by=request.user,
                    week_start=monday,
                    sessies=plans,
                    vragen=week_form.cleaned_data["vragen"],
                )
                if (values := werksituatie.values()) is not None:
                    services.werksituatie_add(weekcyclus=cyclus, by=request.user, **values)
            if refused:
                errors = refused.messages
            else:
                messages.success(request, _("De week is gepland."))
                return redirect("weekcyclus:weekcyclus_detail", weekcyclus_id=cyclus.pk)
        else:
            errors = [str(e) for e in sessies.non_form_errors()]
            errors = errors or [_("Controleer de gemarkeerde velden.")]
    else:
        week_form, sessies, werksituatie = _plan_forms(groep, request.user)
    return render(
        request,
        "weekcyclus/weekcyclus_plan.html",
        {
            "groep": groep,
            "week_form": week_form,
            "sessies": sessies,
            "werksituatie_form": werksituatie,
            "errors": errors,
        },
    )


@login_required
@require_POST
def weekcyclus_plan_next(request: HttpRequest, groep_id: int) -> HttpResponse:
    groep = access.access_groep(request.user, groep_id)
    with refusal(request, forbidden_is_404=True) as refused:
        cyclus = services.weekcyclus_plan_next(groep=groep, by=request.user)
    if refused:
        return redirect("weekcyclus:groep_detail", groep_id=groep.pk)
    messages.success(
        request,
        _("De week van %(week)s is gepland, met dezelfde tijden en vragen.")
        % {"week": cyclus.week_start.strftime("%d-%m-%Y")},
    )
    return redirect("weekcyclus:weekcyclus_detail", weekcyclus_id=cyclus.pk)


def _render_detail(
    request: HttpRequest,
    cyclus: Weekcyclus,
    form: WerksituatieForm | None = None,
    errors: list[str] | None = None,
) -> HttpResponse:
    return render(
        request,
        "weekcyclus/weekcyclus_detail.html",
        {
            "cyclus": cyclus,
            "groep": cyclus.groep,
            **selectors.weekcyclus_overview(weekcyclus=cyclus),
            "werksituatie_form": form or WerksituatieForm(prefix="ws"),
            "errors": errors or [],
        },
    )


@login_required
@require_GET
def weekcyclus_detail(request: HttpRequest, weekcyclus_id: int) -> HttpResponse:
    cyclus = access.access_weekcyclus(request.user, weekcyclus_id)
    return _render_detail(request, cyclus)


@login_required
@require_POST
def werksituatie_add(request: HttpRequest, weekcyclus_id: int) -> HttpResponse:
    cyclus = access.access_weekcyclus(request.user, weekcyclus_id)
    form = WerksituatieForm(request.POST, prefix="ws")
    if not form.is_valid():
        return _render_detail(request, cyclus, form, [_("Controleer de gemarkeerde velden.")])
    with refusal(forbidden_is_404=True) as refused:
        services.werksituatie_add(weekcyclus=cyclus, by=request.user, **form.values())
    if refused:
        return _render_detail(request, cyclus, form, refused.messages)
    messages.success(request, _("De werksituatie is toegevoegd."))
    return redirect(reverse("weekcyclus:weekcyclus_detail", args=[cyclus.pk]) + "#werksituaties")


# --- Agenda --------------------------------------------------------------------------------


def _event(request: HttpRequest, sessie: Sessie) -> ical.Event:
    groep = sessie.weekcyclus.groep
    url = request.build_absolute_uri(reverse("weekcyclus:sessie_detail", args=[sessie.pk]))
    return ical.Event(
        uid=f"sessie-{sessie.pk}@werkplekleren",
        starts_at=sessie.starts_at,
        ends_at=sessie.ends_at,
        summary=_("Vitale Weekcyclus – %(groep)s (sessie %(n)s)")
        % {"groep": groep.name, "n": sessie.number},
        location=sessie.room,
        description=_("Deelnamecode: %(code)s\nDoe mee via %(url)s")
        % {"code": sessie.join_code, "url": url},
        url=url,
    )


@never_cache
@require_GET
def agenda_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private iCalendar feed: no login, the token in the URL is the credential."""
    feed = access.access_agenda_feed(token)
    sessies = selectors.agenda_sessies(sessies=access.sessies_for(feed.user))
    events = [_event(request, s) for s in sessies]
    # Other appointments (the Prof-cirkel's Talentontwikkelgesprekken) from their apps.
    events += agenda_events.other_events(feed.user)
    body = ical.calendar(
        events,
        name=_("Werkplekleren+: Vitale Weekcycli"),
        stamp=timezone.now(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="werkplekleren.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


def _feed_urls(request: HttpRequest, token: str) -> dict:
    url = request.build_absolute_uri(reverse("weekcyclus:agenda_feed", args=[token]))
    return {"feed_url": url, "webcal_url": "webcal://" + url.split("://", 1)[1]}


@login_required
@require_GET
def agenda(request: HttpRequest) -> HttpResponse:
    feed = services.agenda_feed_get_or_create(user=request.user)
    return render(request, "weekcyclus/agenda.html", _feed_urls(request, feed.token))


@login_required
@require_POST
def agenda_renew(request: HttpRequest) -> HttpResponse:
    services.agenda_feed_renew(user=request.user)
    messages.success(
        request,
        _("Je hebt een nieuwe agenda-link. De oude link werkt niet meer; abonneer je opnieuw."),
    )
    return redirect("weekcyclus:agenda")


@login_required
@require_POST
def sessie_frame(request: HttpRequest, sessie_id: int) -> HttpResponse:
    """The group picks the frame a planned session will walk."""
    sessie = access.access_sessie(request.user, sessie_id)
    versie = didactiek_access.access_published_version(request.user, request.POST.get("frame"))
    with refusal(request) as refused:
        services.sessie_frame_choose(sessie=sessie, by=request.user, frame_versie=versie)
    if not refused:
        messages.success(request, _("Het frame voor deze sessie is gekozen."))
    return redirect("weekcyclus:sessie_detail", sessie.pk)


urlpatterns = [
    path("sessies/<int:sessie_id>/frame/", sessie_frame, name="sessie_frame"),
    path("groepen/<int:groep_id>/weken/nieuw/", weekcyclus_plan, name="weekcyclus_plan"),
    path(
        "groepen/<int:groep_id>/weken/volgende/",
        weekcyclus_plan_next,
        name="weekcyclus_plan_next",
    ),
    path("weken/<int:weekcyclus_id>/", weekcyclus_detail, name="weekcyclus_detail"),
    path(
        "weken/<int:weekcyclus_id>/werksituaties/",
        werksituatie_add,
        name="werksituatie_add",
    ),
    path("agenda/", agenda, name="agenda"),
    path("agenda/vernieuwen/", agenda_renew, name="agenda_renew"),
    path("agenda/<str:token>.ics", agenda_feed, name="agenda_feed"),
]
