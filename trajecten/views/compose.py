"""Composing a Prof-traject (one short, guided page), finishing it, and choosing the
didactic questions per cycle."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from didactiek.forms import VragenMixin
from didactiek.models import DidactischeVraag
from didactiek.selectors import didactisch_kader
from trajecten import access as trajecten_access
from weekcyclus import access as weekcyclus_access
from weekcyclus.models import Groep
from werkplekleren import access
from werkplekleren.errors import messages_of, refusal
from werkplekleren.models import User

from .. import selectors, services
from ..models import ProfTraject

# --- Forms ---------------------------------------------------------------------------------


class TrajectForm(VragenMixin, forms.Form):
    """Everything is optional: a concept may be saved at any point."""

    ambitie = forms.CharField(
        label=gettext_lazy("Mijn ambitie, in mijn eigen woorden"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    start = forms.DateField(
        label=gettext_lazy("Begint op"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=gettext_lazy("Eindigt op"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    active_weeks = forms.IntegerField(
        label=gettext_lazy("Actieve weken in de groep"),
        required=False,
        min_value=1,
        max_value=104,
    )
    talenten = forms.CharField(
        label=gettext_lazy("Talenten die ik wil ontwikkelen"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    leerbehoeften = forms.CharField(
        label=gettext_lazy("Wat ik nog wil leren"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    vragen = forms.MultipleChoiceField(
        label=gettext_lazy("De vragen voor mijn eerste cyclus"), required=False
    )
    groepen = forms.MultipleChoiceField(label=gettext_lazy("Ik leer met"), required=False)

    def __init__(self, *args, vragen: list[DidactischeVraag], groepen: list[Groep], **kwargs):
        super().__init__(*args, **kwargs)
        self._init_vragen(vragen)
        self.groep_by_id = {str(g.pk): g for g in groepen}
        self.fields["groepen"].choices = [(str(g.pk), g.name) for g in groepen]

    def clean_groepen(self) -> list[Groep]:
        return [self.groep_by_id[pk] for pk in self.cleaned_data["groepen"]]

    def groep_rows(self) -> list[tuple[Groep, bool]]:
        chosen = {str(pk) for pk in (self["groepen"].value() or [])}
        return [(g, str(g.pk) in chosen) for g in self.groep_by_id.values()]

    def values(self) -> dict:
        """Keyword arguments for ``services.traject_save``: what was filled in. An empty date
        or number keeps what the traject has (or its default)."""
        data = self.cleaned_data
        values = {name: data[name] for name in ("ambitie", "talenten", "leerbehoeften")}
        for name in ("start", "end", "active_weeks"):
            if data.get(name) is not None:
                values[name] = data[name]
        values["groepen"] = data["groepen"]
        # The service refuses an empty choice; nothing ticked means "not chosen yet".
        values["vragen"] = data["vragen"] or None
        return values


class VragenForm(VragenMixin, forms.Form):
    # Not required here: the service refuses an empty choice, in the method's words.
    vragen = forms.MultipleChoiceField(label=gettext_lazy("Vragen van deze cyclus"), required=False)

    def __init__(self, *args, vragen: list[DidactischeVraag], **kwargs):
        super().__init__(*args, **kwargs)
        self._init_vragen(vragen)


# --- Helpers -------------------------------------------------------------------------------


def _require_professional(user: User) -> None:
    """Only someone who has their own Prof-traject may compose one; others get a 404."""
    if not access.can(user, access.Asset.TRAJECT_FULL, access.Scope.OWN):
        raise Http404


def _own_concept(user: User) -> ProfTraject | None:
    return (
        trajecten_access.own_trajecten_for(user)
        .filter(state=ProfTraject.State.CONCEPT)
        .order_by("-updated_at", "-pk")
        .first()
    )


def _initial(traject: ProfTraject | None) -> dict:
    if traject is None:
        today = timezone.localdate()
        return {"start": today, "end": today + timedelta(weeks=26), "active_weeks": 20}
    latest = traject.vraagkeuzes.order_by("-cycle_start").prefetch_related("vragen").first()
    return {
        "ambitie": traject.ambitie,
        "start": traject.start,
        "end": traject.end,
        "active_weeks": traject.active_weeks,
        "talenten": traject.talenten,
        "leerbehoeften": traject.leerbehoeften,
        "vragen": [str(v.pk) for v in latest.vragen.all()] if latest else [],
        "groepen": [str(pk) for pk in traject.groepen.values_list("pk", flat=True)],
    }


def _traject_form(user: User, traject: ProfTraject | None, data=None) -> TrajectForm:
    groepen = list(weekcyclus_access.groepen_for(user).order_by("name"))
    if traject is not None:
        # A group the person has since left stays visible while it is still chosen.
        chosen = traject.groepen.filter(organisation_id=user.organisation_id)
        known = {g.pk for g in groepen}
        groepen += [g for g in chosen.order_by("name") if g.pk not in known]
    kwargs = {"vragen": list(didactisch_kader()), "groepen": groepen}
    if data is not None:
        return TrajectForm(data, **kwargs)
    return TrajectForm(initial=_initial(traject), **kwargs)


def _render_compose(
    request: HttpRequest,
    traject: ProfTraject | None,
    form: TrajectForm,
    errors: list[str] | None = None,
    saved_note: str = "",
) -> HttpResponse:
    readonly = traject is not None and traject.state == ProfTraject.State.AFGEROND
    if readonly:
        for field in form.fields.values():
            field.disabled = True
    return render(
        request,
        "trajecten/compose_page.html",
        {
            "traject": traject,
            "form": form,
            "errors": errors or [],
            "saved_note": saved_note,
            "readonly": readonly,
            "action": (
                reverse("trajecten:compose_edit", args=[traject.pk])
                if traject is not None
                else reverse("trajecten:compose")
            ),
        },
    )


def _compose(request: HttpRequest, traject: ProfTraject | None) -> HttpResponse:
    """GET shows the page; POST saves (``action=concept`` / ``save``) or starts
    (``action=start``). Refusals keep everything typed in the form."""
    if request.method == "GET":
        return _render_compose(request, traject, _traject_form(request.user, traject))
    if traject is not None and traject.state == ProfTraject.State.AFGEROND:
        messages.error(request, _("Een afgerond Prof-traject blijft zoals het was."))
        return redirect("trajecten:compose_edit", traject_id=traject.pk)
    form = _traject_form(request.user, traject, request.POST)
    if not form.is_valid():
        errors = [_("Controleer de gemarkeerde velden. Er is nog niets bewaard.")]
        return _render_compose(request, traject, form, errors)
    with refusal(forbidden_is_404=True) as refused:
        traject = services.traject_save(user=request.user, traject=traject, **form.values())
    if refused:
        return _render_compose(request, traject, form, refused.messages)
    if request.POST.get("action") == "start":
        try:
            services.traject_activate(traject=traject)
        except ValidationError as exc:
            # The concept is saved (nothing is lost); the reasons and the input stay.
            note = _("Je concept is bewaard, maar starten lukt nog niet:")
            return _render_compose(request, traject, form, messages_of(exc), note)
        messages.success(request, _("Je Prof-traject is gestart. Veel leerplezier!"))
        return redirect("trajecten:activiteiten", traject_id=traject.pk)
    if traject.state == ProfTraject.State.CONCEPT:
        messages.success(request, _("Je concept is bewaard. Je kunt later verder."))
    else:
        messages.success(request, _("Je Prof-traject is bijgewerkt."))
    return redirect("trajecten:compose_edit", traject_id=traject.pk)


# --- Views ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def compose(request: HttpRequest) -> HttpResponse:
    """A new Prof-traject; an existing concept is continued instead of starting a second."""
    _require_professional(request.user)
    concept = _own_concept(request.user)
    if concept is not None and request.method == "GET":
        return redirect("trajecten:compose_edit", traject_id=concept.pk)
    return _compose(request, concept)


@login_required
@require_http_methods(["GET", "POST"])
def compose_edit(request: HttpRequest, traject_id: int) -> HttpResponse:
    traject = trajecten_access.access_own_traject(request.user, traject_id)
    return _compose(request, traject)


@login_required
@require_POST
def finish(request: HttpRequest, traject_id: int) -> HttpResponse:
    traject = trajecten_access.access_own_traject(request.user, traject_id)
    try:
        services.traject_finish(traject=traject)
    except ValidationError as exc:
        for message in messages_of(exc):
            messages.error(request, message)
    else:
        messages.success(
            request, _("Je Prof-traject is afgerond. Het blijft leesbaar, alleen voor jou.")
        )
    return redirect("trajecten:compose_edit", traject_id=traject.pk)


def _render_vragen(
    request: HttpRequest, traject: ProfTraject, form: VragenForm, errors: list[str] | None = None
) -> HttpResponse:
    return render(
        request,
        "trajecten/compose_vragen.html",
        {
            "traject": traject,
            "form": form,
            "errors": errors or [],
            "history": selectors.vraagkeuze_history(traject=traject),
            "this_week": services.monday_of(timezone.localdate()),
            "readonly": traject.state == ProfTraject.State.AFGEROND,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def vragen(request: HttpRequest, traject_id: int) -> HttpResponse:
    """The questions of this week's cycle; earlier cycles' choices stay as history."""
    traject = trajecten_access.access_own_traject(request.user, traject_id)
    kader = list(didactisch_kader())
    if request.method == "GET":
        latest = traject.vraagkeuzes.order_by("-cycle_start").prefetch_related("vragen").first()
        initial = {"vragen": [str(v.pk) for v in latest.vragen.all()] if latest else []}
        return _render_vragen(request, traject, VragenForm(initial=initial, vragen=kader))
    form = VragenForm(request.POST, vragen=kader)
    if traject.state == ProfTraject.State.AFGEROND:
        messages.error(request, _("Een afgerond Prof-traject blijft zoals het was."))
        return redirect("trajecten:vragen", traject_id=traject.pk)
    if not form.is_valid():
        return _render_vragen(request, traject, form, [_("Controleer de gemarkeerde velden.")])
    try:
        services.traject_choose_vragen(traject=traject, vragen=form.cleaned_data["vragen"])
    except ValidationError as exc:
        return _render_vragen(request, traject, form, messages_of(exc))
    messages.success(request, _("De vragen voor deze cyclus zijn bewaard."))
    return redirect("trajecten:vragen", traject_id=traject.pk)


urlpatterns = [
    path("nieuw/", compose, name="compose"),
    path("<int:traject_id>/bewerken/", compose_edit, name="compose_edit"),
    path("<int:traject_id>/afronden/", finish, name="finish"),
    path("<int:traject_id>/vragen/", vragen, name="vragen"),
]
