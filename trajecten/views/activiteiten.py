"""Leeractiviteiten: the list with its add form, one activity (status, private reflection,
time written), and suggestions from sessions turned into an activity with one click.

Everything here is the owner's alone: every URL goes through ``access.access_own_traject``
or ``access.access_activiteit`` (anyone else gets a 404)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from didactiek.forms import VragenMixin
from didactiek.models import DidactischeVraag
from didactiek.selectors import didactisch_kader
from trajecten import access
from werkplekleren.errors import messages_of
from werkplekleren.redirects import safe_next

from .. import selectors, services
from ..models import Leeractiviteit, ProfTraject

READONLY = gettext_lazy("Een afgerond Prof-traject blijft zoals het was.")

# --- Forms ---------------------------------------------------------------------------------


class ActiviteitForm(VragenMixin, forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Soort"),
        choices=Leeractiviteit.Kind.choices,
        initial=Leeractiviteit.Kind.VIDEO,
    )
    title = forms.CharField(
        label=gettext_lazy("Titel"),
        max_length=200,
        error_messages={"required": gettext_lazy("Geef de activiteit een titel.")},
    )
    link = forms.URLField(
        label=gettext_lazy("Link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": gettext_lazy("Vul een geldige link in, of laat het leeg.")},
    )
    vragen = forms.MultipleChoiceField(
        label=gettext_lazy("Bij welke vragen helpt het?"), required=False
    )
    planned_minutes = forms.IntegerField(
        label=gettext_lazy("Geplande tijd (minuten)"),
        required=False,
        min_value=1,
        max_value=100_000,
        widget=forms.NumberInput(attrs={"step": 5}),
    )

    def __init__(self, *args, vragen: list[DidactischeVraag], **kwargs):
        super().__init__(*args, **kwargs)
        self._init_vragen(vragen)


class ActiviteitEditForm(ActiviteitForm):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=Leeractiviteit.Status.choices,
        widget=forms.RadioSelect,
    )
    reflectie = forms.CharField(
        label=gettext_lazy("Reflectie — alleen voor jou"),
        help_text=gettext_lazy(
            "Niemand anders leest dit: je groep niet, je leidinggevende niet en L&O niet."
        ),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    @staticmethod
    def initial_for(activiteit: Leeractiviteit) -> dict:
        return {
            "kind": activiteit.kind,
            "title": activiteit.title,
            "link": activiteit.link,
            "vragen": [str(v.pk) for v in activiteit.vragen.all()],
            "planned_minutes": activiteit.planned_minutes,
            "status": activiteit.status,
            "reflectie": activiteit.reflectie,
        }


class TijdForm(forms.Form):
    minutes = forms.IntegerField(
        label=gettext_lazy("Minuten"),
        min_value=1,
        max_value=24 * 60,
        widget=forms.NumberInput(attrs={"step": 5}),
        error_messages={"required": gettext_lazy("Vul het aantal minuten in.")},
    )
    day = forms.DateField(
        label=gettext_lazy("Datum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": gettext_lazy("Vul een datum in.")},
    )


# --- The list, with the add form and the suggestions from sessions --------------------------


def _render_list(
    request: HttpRequest,
    traject: ProfTraject,
    form: ActiviteitForm | None = None,
    errors: list[str] | None = None,
) -> HttpResponse:
    readonly = traject.state == ProfTraject.State.AFGEROND
    return render(
        request,
        "trajecten/activiteit_list.html",
        {
            "traject": traject,
            "activiteiten": selectors.activiteiten_list(traject=traject),
            "form": form or ActiviteitForm(vragen=list(didactisch_kader())),
            "errors": errors or [],
            "readonly": readonly,
            "suggesties": [] if readonly else selectors.session_suggestions(traject=traject),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def activiteiten(request: HttpRequest, traject_id: int) -> HttpResponse:
    traject = access.access_own_traject(request.user, traject_id)
    if request.method == "GET":
        return _render_list(request, traject)
    if traject.state == ProfTraject.State.AFGEROND:
        messages.error(request, READONLY)
        return redirect("trajecten:activiteiten", traject_id=traject.pk)
    form = ActiviteitForm(request.POST, vragen=list(didactisch_kader()))
    if not form.is_valid():
        return _render_list(request, traject, form, [_("Controleer de gemarkeerde velden.")])
    data = form.cleaned_data
    try:
        activiteit = services.activiteit_add(
            traject=traject,
            kind=data["kind"],
            title=data["title"],
            link=data["link"],
            vragen=data["vragen"],
            planned_minutes=data["planned_minutes"],
        )
    except ValidationError as exc:
        return _render_list(request, traject, form, messages_of(exc))
    messages.success(
        request, _("“%(title)s” staat in je leeractiviteiten.") % {"title": activiteit.title}
    )
    return redirect("trajecten:activiteiten", traject_id=traject.pk)


@login_required
@require_POST
def suggestie_add(request: HttpRequest, traject_id: int) -> HttpResponse:
    """One click: a learning need from a session becomes a planned activity."""
    traject = access.access_own_traject(request.user, traject_id)
    back = safe_next(request, reverse("trajecten:activiteiten", args=[traject.pk]))
    source = request.POST.get("source", "")
    kind = request.POST.get("kind") or Leeractiviteit.Kind.TRAINING
    offered = {s.source: s for s in selectors.session_suggestions(traject=traject)}
    already = traject.activiteiten.filter(source=source).exists() if source else False
    if kind not in Leeractiviteit.Kind.values or (source not in offered and not already):
        messages.error(request, _("Deze suggestie is er niet (meer)."))
        return redirect(back)
    title = (request.POST.get("title") or "").strip()
    if not title and source in offered:
        title = offered[source].text
    try:
        activiteit = services.suggestie_to_activiteit(
            traject=traject, source=source, title=title, kind=kind
        )
    except ValidationError as exc:
        for message in messages_of(exc):
            messages.error(request, message)
        return redirect(back)
    messages.success(
        request, _("“%(title)s” staat in je leeractiviteiten.") % {"title": activiteit.title}
    )
    return redirect(back)


# --- One activity --------------------------------------------------------------------------


def _render_detail(
    request: HttpRequest,
    activiteit: Leeractiviteit,
    form: ActiviteitEditForm | None = None,
    tijd_form: TijdForm | None = None,
    errors: list[str] | None = None,
    tijd_errors: list[str] | None = None,
) -> HttpResponse:
    traject = activiteit.traject
    tijden = list(activiteit.tijden.order_by("-day", "-created_at", "-pk"))
    if form is None:
        form = ActiviteitEditForm(
            initial=ActiviteitEditForm.initial_for(activiteit), vragen=list(didactisch_kader())
        )
    readonly = traject.state == ProfTraject.State.AFGEROND
    if readonly:
        for field in form.fields.values():
            field.disabled = True
    return render(
        request,
        "trajecten/activiteit_detail.html",
        {
            "traject": traject,
            "activiteit": activiteit,
            "form": form,
            "tijd_form": tijd_form or TijdForm(initial={"day": timezone.localdate()}),
            "tijden": tijden,
            "total_minutes": sum(t.minutes for t in tijden),
            "errors": errors or [],
            "tijd_errors": tijd_errors or [],
            "readonly": readonly,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def activiteit(request: HttpRequest, activiteit_id: int) -> HttpResponse:
    item = access.access_activiteit(request.user, activiteit_id)
    if request.method == "GET":
        return _render_detail(request, item)
    if item.traject.state == ProfTraject.State.AFGEROND:
        messages.error(request, READONLY)
        return redirect("trajecten:activiteit", activiteit_id=item.pk)
    form = ActiviteitEditForm(request.POST, vragen=list(didactisch_kader()))
    if not form.is_valid():
        return _render_detail(request, item, form, errors=[_("Controleer de gemarkeerde velden.")])
    data = form.cleaned_data
    try:
        services.activiteit_update(
            activiteit=item,
            vragen=data["vragen"],
            **{
                name: data[name]
                for name in ("kind", "title", "link", "planned_minutes", "status", "reflectie")
            },
        )
    except ValidationError as exc:
        item.refresh_from_db()
        return _render_detail(request, item, form, errors=messages_of(exc))
    messages.success(request, _("De activiteit is bewaard."))
    return redirect("trajecten:activiteit", activiteit_id=item.pk)


@login_required
@require_POST
def tijd_log(request: HttpRequest, activiteit_id: int) -> HttpResponse:
    item = access.access_activiteit(request.user, activiteit_id)
    if item.traject.state == ProfTraject.State.AFGEROND:
        messages.error(request, READONLY)
        return redirect("trajecten:activiteit", activiteit_id=item.pk)
    tijd_form = TijdForm(request.POST)
    if not tijd_form.is_valid():
        return _render_detail(
            request, item, tijd_form=tijd_form, tijd_errors=[_("Controleer de gemarkeerde velden.")]
        )
    try:
        entry = services.tijd_log(
            activiteit=item,
            minutes=tijd_form.cleaned_data["minutes"],
            day=tijd_form.cleaned_data["day"],
        )
    except ValidationError as exc:
        return _render_detail(request, item, tijd_form=tijd_form, tijd_errors=messages_of(exc))
    messages.success(
        request,
        _("%(minutes)s minuten geschreven op %(day)s.")
        % {"minutes": entry.minutes, "day": entry.day.strftime("%d-%m-%Y")},
    )
    return redirect(reverse("trajecten:activiteit", args=[item.pk]) + "#tijd")


urlpatterns = [
    path("<int:traject_id>/activiteiten/", activiteiten, name="activiteiten"),
    path("<int:traject_id>/suggesties/", suggestie_add, name="suggestie_add"),
    path("activiteiten/<int:activiteit_id>/", activiteit, name="activiteit"),
    path("activiteiten/<int:activiteit_id>/tijd/", tijd_log, name="tijd_log"),
]
