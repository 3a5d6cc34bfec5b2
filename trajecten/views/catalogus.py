"""The learning catalogue: L&O curates it (list, add, edit); a professional browses it and
adds an item to their own traject with one click.

L&O pages go through ``access.access_lo_dashboard`` (anyone else: 404); the professional's
page through ``access.access_own_traject``. Items are always of the reader's organisation
(``selectors.catalogus_for``)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from didactiek import services as didactiek_services
from didactiek.forms import VragenMixin
from didactiek.models import DidactischeVraag
from didactiek.selectors import didactisch_kader
from trajecten import access as trajecten_access
from werkplekleren import access
from werkplekleren.errors import refusal
from werkplekleren.redirects import safe_next

from .. import selectors, services
from ..models import CatalogusItem, Leeractiviteit, ProfTraject


class CatalogusItemForm(VragenMixin, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Soort"), choices=Leeractiviteit.Kind.choices)
    title = forms.CharField(
        label=gettext_lazy("Titel"),
        max_length=200,
        error_messages={"required": gettext_lazy("Geef het item een titel.")},
    )
    title_en = forms.CharField(label=gettext_lazy("Titel (Engels)"), max_length=200, required=False)
    description = forms.CharField(
        label=gettext_lazy("Beschrijving"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    description_en = forms.CharField(
        label=gettext_lazy("Beschrijving (Engels)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    link = forms.URLField(
        label=gettext_lazy("Link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": gettext_lazy("Vul een geldige link in, of laat het leeg.")},
    )
    file = forms.FileField(
        label=gettext_lazy("Of een bestand (video, geluid, pdf)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".mp4,.webm,.mp3,.m4a,.ogg,.wav,.pdf"}),
    )
    minutes = forms.IntegerField(
        label=gettext_lazy("Tijd (minuten)"),
        min_value=1,
        max_value=60 * 40,
        error_messages={"required": gettext_lazy("Hoeveel tijd kost het ongeveer?")},
    )
    language = forms.ChoiceField(label=gettext_lazy("Taal"), choices=CatalogusItem.Language.choices)
    vragen = forms.MultipleChoiceField(
        label=gettext_lazy("Bij welke vragen helpt het?"), required=False
    )
    talenten = forms.CharField(
        label=gettext_lazy("Talenten en vaardigheden"),
        help_text=gettext_lazy("Met komma's ertussen, bijvoorbeeld: plannen, feedback geven."),
        max_length=300,
        required=False,
    )
    active = forms.BooleanField(label=gettext_lazy("In de catalogus"), required=False)

    def __init__(self, *args, vragen: list[DidactischeVraag], **kwargs):
        super().__init__(*args, **kwargs)
        self._init_vragen(vragen)

    @staticmethod
    def initial_for(item: CatalogusItem) -> dict:
        return {
            "kind": item.kind,
            "title": item.title_nl or item.title,
            "title_en": item.title_en or "",
            "description": item.description_nl or "",
            "description_en": item.description_en or "",
            "link": item.link,
            "minutes": item.minutes,
            "language": item.language,
            "vragen": [str(v.pk) for v in item.vragen.all()],
            "talenten": item.talenten,
            "active": item.active,
        }


# --- L&O: curate the catalogue -------------------------------------------------------------


@login_required
def lo_catalogus(request: HttpRequest) -> HttpResponse:
    access.access_lo_dashboard(request.user)
    kind = request.GET.get("soort", "")
    items = selectors.catalogus_for(request.user, active_only=False, kind=kind)
    counts = selectors.catalogus_counts(request.user)
    return render(
        request,
        "trajecten/catalogus_lo.html",
        {
            "items": items,
            "kinds": [
                (value, label, counts.get(value, 0)) for value, label in Leeractiviteit.Kind.choices
            ],
            "kind": kind,
        },
    )


def _render_item_form(request, form, item=None, errors=None, status=200) -> HttpResponse:
    return render(
        request,
        "trajecten/catalogus_item_form.html",
        {"form": form, "item": item, "errors": errors or []},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def lo_catalogus_item(request: HttpRequest, item_id: int | None = None) -> HttpResponse:
    """Add (no ``item_id``) or edit a catalogue item."""
    access.access_lo_dashboard(request.user)
    item = trajecten_access.access_catalogus_item(request.user, item_id) if item_id else None
    vragen = list(didactisch_kader())
    if request.method == "GET":
        initial = CatalogusItemForm.initial_for(item) if item else {"active": True, "minutes": 30}
        return _render_item_form(request, CatalogusItemForm(initial=initial, vragen=vragen), item)
    form = CatalogusItemForm(request.POST, request.FILES, vragen=vragen)
    if not form.is_valid():
        return _render_item_form(
            request, form, item, [_("Controleer de gemarkeerde velden.")], status=400
        )
    data = dict(form.cleaned_data)
    upload = data.pop("file", None)
    with refusal() as refused:
        if upload:
            data["media"] = didactiek_services.media_upload(
                organisation_id=request.user.organisation_id, by=request.user, upload=upload
            )
        item = services.catalogus_item_save(by=request.user, item=item, **data)
    if refused:
        # L&O of another organisation never gets this far (access_lo_dashboard: 404).
        return _render_item_form(request, form, item, refused.messages, status=400)
    messages.success(
        request,
        (
            _("“%(title)s” staat in de catalogus.")
            if item.active
            else _("“%(title)s” is bewaard, maar staat niet in de catalogus.")
        )
        % {"title": item.title},
    )
    return redirect("lo:catalogus")


# --- Professionals: browse and add to the traject ------------------------------------------


@login_required
def catalogus(request: HttpRequest, traject_id: int) -> HttpResponse:
    traject = trajecten_access.access_own_traject(request.user, traject_id)
    kind = request.GET.get("soort", "")
    vraag = request.GET.get("vraag", "")
    items = selectors.catalogus_for(
        request.user, kind=kind, vraag=int(vraag) if vraag.isdigit() else None
    )
    added = selectors.catalogus_in_traject(traject=traject)
    return render(
        request,
        "trajecten/catalogus.html",
        {
            "traject": traject,
            "items": [(item, item.pk in added) for item in items],
            "kinds": Leeractiviteit.Kind.choices,
            "kind": kind,
            "vraag": vraag,
            "vragen": list(didactisch_kader()),
            "readonly": traject.state == ProfTraject.State.AFGEROND,
        },
    )


@login_required
@require_POST
def catalogus_add(request: HttpRequest, traject_id: int, item_id: int) -> HttpResponse:
    """One click: the item becomes a planned activity of the person's own traject."""
    traject = trajecten_access.access_own_traject(request.user, traject_id)
    item = trajecten_access.access_catalogus_item(request.user, item_id)
    back = safe_next(request, reverse("trajecten:catalogus", args=[traject.pk]))
    if item.pk in selectors.catalogus_in_traject(traject=traject):
        messages.info(request, _("“%(title)s” staat al in je traject.") % {"title": item.title})
        return redirect(back)
    with refusal(request) as refused:
        activiteit = services.catalogus_item_add_to_traject(traject=traject, item=item)
    if refused:
        return redirect(back)
    messages.success(
        request, _("“%(title)s” staat in je leeractiviteiten.") % {"title": activiteit.title}
    )
    return redirect(back)


lo_urlpatterns = [
    path("catalogus/", lo_catalogus, name="catalogus"),
    path("catalogus/nieuw/", lo_catalogus_item, name="catalogus_new"),
    path("catalogus/<int:item_id>/", lo_catalogus_item, name="catalogus_edit"),
]
urlpatterns = [
    path("<int:traject_id>/catalogus/", catalogus, name="catalogus"),
    path("<int:traject_id>/catalogus/<int:item_id>/", catalogus_add, name="catalogus_add"),
]
