"""Pages of the organisation admin: settings, teams, people, CSV import, deactivation.

Every view starts with ``access.access_organisation_admin``: anyone who is not an admin of
their organisation gets a 404, and everything is looked up inside that organisation only.
People are looked up here including deactivated ones (``access.people_for`` is the
colleague directory and leaves them out), but always scoped to the admin's organisation.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import access, csv_import, selectors, services
from .errors import messages_of, refusal
from .models import Organisation, Role, RoleAssignment, Team, User

SESSION_KEY = "beheer_import"
PAGE_SIZE = 100

# --- Forms ---------------------------------------------------------------------------------


class SettingsForm(forms.Form):
    hours_per_week = forms.DecimalField(
        label=gettext_lazy("Beschikbare leertijd per week (uren)"),
        min_value=0,
        max_value=40,
        max_digits=4,
        decimal_places=1,
        localize=True,  # "3,5" as well as "3.5"
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "required": gettext_lazy("Vul het aantal uren per week in."),
            "invalid": gettext_lazy("Vul een getal in, bijvoorbeeld 4 of 3,5."),
            "min_value": gettext_lazy("Het aantal uren kan niet negatief zijn."),
            "max_value": gettext_lazy("Hoogstens 40 uur per week."),
            "max_decimal_places": gettext_lazy("Gebruik hoogstens één cijfer achter de komma."),
            "max_digits": gettext_lazy("Hoogstens 40 uur per week."),
        },
    )
    gesprek_interval_weeks = forms.IntegerField(
        label=gettext_lazy("Standaard: Talentontwikkelgesprek elke … weken"),
        min_value=1,
        max_value=52,
        error_messages={
            "required": gettext_lazy("Vul in om de hoeveel weken een gesprek is."),
            "invalid": gettext_lazy("Vul een heel aantal weken in."),
            "min_value": gettext_lazy("Minstens één week."),
            "max_value": gettext_lazy("Hoogstens 52 weken."),
        },
    )
    ai_enabled = forms.BooleanField(
        label=gettext_lazy("AI gebruiken voor concepten"), required=False
    )
    groups_author_frames = forms.BooleanField(
        label=gettext_lazy("Groepen maken eigen frames"), required=False
    )
    llm_model = forms.CharField(
        label=gettext_lazy("Taalmodel"),
        max_length=100,
        required=False,
        error_messages={"max_length": gettext_lazy("Hoogstens 100 tekens.")},
    )


def _cadence_field():
    return forms.IntegerField(
        label=gettext_lazy("Talentontwikkelgesprek elke … weken"),
        min_value=1,
        max_value=52,
        error_messages={
            "required": gettext_lazy("Vul in om de hoeveel weken een gesprek is."),
            "invalid": gettext_lazy("Vul een heel aantal weken in."),
            "min_value": gettext_lazy("Minstens één week."),
            "max_value": gettext_lazy("Hoogstens 52 weken."),
        },
    )


class PersonField(forms.ModelChoiceField):
    """Someone of the organisation by e-mail address (or id), typed with suggestions instead
    of chosen from a list of everyone: a select of 20,000 names would be most of the page."""

    def __init__(self, *, options_url, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "list": "leidinggevende-opties",
                    "autocomplete": "off",
                    "hx-get": options_url,
                    "hx-trigger": "input changed delay:300ms",
                    "hx-target": "#leidinggevende-opties",
                    "placeholder": gettext_lazy("e-mailadres, of typ een deel van de naam"),
                }
            ),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return value.email if isinstance(value, User) else super().prepare_value(value)

    def to_python(self, value):
        value = (value or "").strip() if isinstance(value, str) else value
        if value in self.empty_values:
            return None
        if isinstance(value, str) and not value.isdigit():
            match = self.queryset.filter(email__iexact=value).first()
            if match is None:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
            return match
        return super().to_python(value)


class TeamForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Naam"),
        max_length=150,
        error_messages={
            "required": gettext_lazy("Geef het team een naam."),
            "max_length": gettext_lazy("Hoogstens 150 tekens."),
        },
    )
    leidinggevende = PersonField(
        label=gettext_lazy("Leidinggevende"),
        queryset=User.objects.none(),
        required=False,
        options_url=reverse_lazy("beheer:person_options"),
        help_text=gettext_lazy(
            "Het e-mailadres van iemand uit de organisatie; leeg laten mag. Wie nog geen "
            "leidinggevende is, krijgt die rol erbij."
        ),
        error_messages={"invalid_choice": gettext_lazy("Kies iemand uit de lijst.")},
    )
    gesprek_interval_weeks = _cadence_field()
    # Typed (an organisation can have thousands of teams): the exact name of the team above.
    parent = forms.CharField(
        label=gettext_lazy("Valt onder (team)"),
        required=False,
        max_length=150,
        help_text=gettext_lazy(
            "De naam van het team erboven; leeg laten mag. De leidinggevende daarvan ziet de "
            "verantwoording van dit team en de opbrengsten ervan."
        ),
    )

    def __init__(self, *args, organisation: Organisation, team: Team | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.team = team
        self.fields["leidinggevende"].queryset = User.objects.filter(
            organisation=organisation, is_active=True
        )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        others = Team.objects.filter(organisation=self.organisation, name__iexact=name)
        if self.team is not None:
            others = others.exclude(pk=self.team.pk)
        if others.exists():
            raise ValidationError(_("Er is al een team met deze naam."))
        return name

    def clean_parent(self) -> Team | None:
        typed = " ".join((self.cleaned_data.get("parent") or "").split())
        if not typed:
            return None
        parent = Team.objects.filter(organisation=self.organisation, name__iexact=typed).first()
        if parent is None:
            raise ValidationError(_("Er is geen team met die naam."))
        if self.team is not None and parent.pk == self.team.pk:
            raise ValidationError(_("Een team kan niet onder zichzelf vallen."))
        return parent


ACTIVE_CHOICES = [
    ("1", gettext_lazy("Actief")),
    ("0", gettext_lazy("Gedeactiveerd")),
    ("", gettext_lazy("Iedereen")),
]


class PeopleFilterForm(forms.Form):
    # Typed, not a select: an organisation can have thousands of teams.
    # No max_length: a long search is cut short (search_text), never an unfiltered list.
    q = forms.CharField(label=gettext_lazy("Naam of e-mailadres"), required=False)
    team = forms.CharField(
        label=gettext_lazy("Team"),
        required=False,
        help_text=gettext_lazy("(een deel van) de naam van het team"),
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Rol"),
        choices=[("", gettext_lazy("Alle rollen")), *Role.choices],
        required=False,
    )
    active = forms.ChoiceField(label=gettext_lazy("Status"), choices=ACTIVE_CHOICES, required=False)

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def filter(self, queryset: QuerySet[User]) -> QuerySet[User]:
        data = self.cleaned_data
        if q := selectors.search_text(data["q"]):
            queryset = queryset.filter(Q(name__icontains=q) | Q(email__icontains=q))
        if team := selectors.search_text(data["team"]):
            # A team's id (links from a team) or part of its name.
            if team.isdigit():  # an id beyond 64 bits finds nobody (never a driver error)
                queryset = queryset.filter(team_id__in=access.parse_ids([team]))
            else:
                queryset = queryset.filter(team__name__icontains=team)
        if role := data["role"]:
            queryset = queryset.filter(
                pk__in=RoleAssignment.objects.filter(
                    organisation=self.organisation, role=role
                ).values("user_id")
            )
        if (active := data["active"]) in ("0", "1"):
            queryset = queryset.filter(is_active=active == "1")
        return queryset


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV-bestand"),
        error_messages={
            "required": gettext_lazy("Kies een CSV-bestand."),
            "empty": gettext_lazy("Het bestand is leeg."),
        },
    )


# --- Helpers -------------------------------------------------------------------------------


# --- Settings ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def organisation_settings(request: HttpRequest) -> HttpResponse:
    """Hours per week, default conversation cadence, AI and its model (``/organisatie/
    instellingen/``). A post without the hours or cadence fields keeps their values."""
    organisation = access.access_organisation_admin(request.user)
    errors: list[str] = []
    if request.method == "POST":
        data = request.POST.copy()
        data.setdefault("hours_per_week", str(organisation.hours_per_week))
        data.setdefault("gesprek_interval_weeks", str(organisation.gesprek_interval_weeks))
        form = SettingsForm(data)
        if form.is_valid():
            with refusal(forbidden_is_404=True) as refused:
                services.organisation_update_settings(
                    organisation=organisation, by=request.user, **form.cleaned_data
                )
            if refused:
                errors = refused.messages
            else:
                messages.success(request, _("De instellingen zijn opgeslagen."))
                return redirect("organisation_settings")
        else:
            errors = [_("Controleer de gemarkeerde velden.")]
        organisation.refresh_from_db()
    else:
        form = SettingsForm(
            initial={
                "hours_per_week": organisation.hours_per_week,
                "gesprek_interval_weeks": organisation.gesprek_interval_weeks,
                "ai_enabled": organisation.ai_enabled,
                "llm_model": organisation.llm_model,
                "groups_author_frames": organisation.groups_author_frames,
            }
        )
    return render(
        request,
        "werkplekleren/organisation_settings.html",
        {
            "organisation": organisation,
            "form": form,
            "errors": errors,
            "default_model": settings.LLM_MODEL,
            "endpoint_configured": bool(settings.OPENAI_API_KEY or settings.OPENAI_BASE_URL),
        },
        status=400 if errors else 200,
    )


# --- Teams ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def teams(request: HttpRequest) -> HttpResponse:
    organisation = access.access_organisation_admin(request.user)
    errors: list[str] = []
    if request.method == "POST":
        form = TeamForm(request.POST, organisation=organisation)
        if form.is_valid():
            with refusal(forbidden_is_404=True) as refused:
                team = services.team_set_up(
                    organisation=organisation, by=request.user, **form.cleaned_data
                )
            if refused:
                errors = refused.messages
            else:
                messages.success(request, _("Team %(name)s is aangemaakt.") % {"name": team.name})
                return redirect("beheer:teams")
        else:
            errors = [_("Controleer de gemarkeerde velden.")]
    else:
        form = TeamForm(
            organisation=organisation,
            initial={"gesprek_interval_weeks": organisation.gesprek_interval_weeks},
        )
    q = selectors.search_text(request.GET.get("q"))
    page = selectors.team_page(
        Team.objects.filter(organisation=organisation), q=q, page=request.GET.get("pagina")
    )
    return render(
        request,
        "werkplekleren/beheer_teams.html",
        {
            "organisation": organisation,
            "page": page,
            "q": q,
            "query": urlencode({"q": q}) if q else "",
            "form": form,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@login_required
@require_GET
def person_options(request: HttpRequest) -> HttpResponse:
    """Suggestions for a person field (htmx fills a <datalist>): active people of the
    organisation whose name or e-mail address contains what was typed, one short page."""
    organisation = access.access_organisation_admin(request.user)
    typed = request.GET.get("leidinggevende") or request.GET.get("q", "")
    search = selectors.people_search(
        User.objects.filter(organisation=organisation, is_active=True), q=typed
    )
    return render(request, "werkplekleren/_person_options.html", {"search": search})


@login_required
@require_http_methods(["GET", "POST"])
def team_edit(request: HttpRequest, team_id: int) -> HttpResponse:
    organisation = access.access_organisation_admin(request.user)
    team = access.access_team(request.user, team_id)
    errors: list[str] = []
    if request.method == "POST":
        form = TeamForm(request.POST, organisation=organisation, team=team)
        if form.is_valid():
            with refusal(forbidden_is_404=True) as refused:
                services.team_update(team=team, by=request.user, **form.cleaned_data)
            if refused:
                errors = refused.messages
            else:
                messages.success(request, _("Het team is bijgewerkt."))
                return redirect("beheer:teams")
        else:
            errors = [_("Controleer de gemarkeerde velden.")]
        team.refresh_from_db()
    else:
        form = TeamForm(
            organisation=organisation,
            team=team,
            initial={
                "name": team.name,
                "leidinggevende": team.leidinggevende,
                "gesprek_interval_weeks": team.gesprek_interval_weeks,
                "parent": team.parent.name if team.parent_id else "",
            },
        )
    return render(
        request,
        "werkplekleren/beheer_team_edit.html",
        {"team": team, "form": form, "errors": errors},
        status=400 if errors else 200,
    )


# --- People --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def people(request: HttpRequest) -> HttpResponse:
    """Everyone of the organisation, filtered by team, role and status; a fixed number of
    queries whatever the number of people (one page of ``PAGE_SIZE``)."""
    organisation = access.access_organisation_admin(request.user)
    data = request.GET.copy()
    data.setdefault("active", "1")
    filters = PeopleFilterForm(data, organisation=organisation)
    queryset = User.objects.filter(organisation=organisation)
    if filters.is_valid():
        queryset = filters.filter(queryset)
    # Teams and roles are fetched for the page's rows only (by id, after the page is chosen):
    # a join before the sort would be made for every person the filter lets through.
    queryset = queryset.prefetch_related(
        "team", Prefetch("role_assignments", queryset=RoleAssignment.objects.order_by("role"))
    ).order_by("name", "pk")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = data.copy()
    query.pop("pagina", None)
    return render(
        request,
        "werkplekleren/beheer_people.html",
        {"filters": filters, "page": page, "query": query.urlencode()},
    )


@login_required
@require_POST
def person_deactivate(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access.access_managed_person(request.user, person_id)
    with refusal(request, forbidden_is_404=True) as refused:
        services.person_deactivate(person=person, by=request.user)
    if not refused:
        messages.success(
            request,
            _("%(name)s is gedeactiveerd en kan niet meer inloggen. Wat diegene deed, blijft.")
            % {"name": person.name},
        )
    return redirect("beheer:people")


@login_required
@require_POST
def person_reactivate(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access.access_managed_person(request.user, person_id)
    try:
        services.person_reactivate(person=person, by=request.user)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("%(name)s is weer actief.") % {"name": person.name})
    return redirect(f"{_people_url()}?active=0")


@login_required
def person_erase(request: HttpRequest, person_id: int) -> HttpResponse:
    """Erase a person who left (AVG): a confirmation page, then the erasure."""
    from . import privacy

    person = access.access_managed_person(request.user, person_id)
    if person.is_active or person.pk == request.user.pk:
        raise Http404  # only someone deactivated (who left) can be erased
    if request.method == "POST":
        name = person.name
        with refusal(request, forbidden_is_404=True) as refused:
            privacy.person_erase(person=person, by=request.user)
        if refused:
            return redirect("beheer:people")
        messages.success(
            request,
            _(
                "De gegevens van %(name)s zijn gewist. Wat diegene in groepen bijdroeg, blijft "
                "staan als “oud-collega”."
            )
            % {"name": name},
        )
        return redirect(f"{_people_url()}?active=0")
    return render(request, "werkplekleren/beheer_person_erase.html", {"person": person})


def _people_url() -> str:
    from django.urls import reverse

    return reverse("beheer:people")


# --- CSV import ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def people_import(request: HttpRequest) -> HttpResponse:
    """Upload: read and decode the file, keep it in the session, show the preview."""
    access.access_organisation_admin(request.user)
    errors: list[str] = []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > csv_import.MAX_BYTES:
                    raise csv_import.ImportFileError(
                        _("Het bestand is te groot (hoogstens %(mb)s MB).")
                        % {"mb": csv_import.MAX_BYTES // 2**20}
                    )
                text = csv_import.decode(upload.read())
                csv_import.read_rows(text)  # refuse unreadable or too long files right away
            except csv_import.ImportFileError as exc:
                errors = [str(exc)]
            else:
                request.session[SESSION_KEY] = {"text": text, "filename": upload.name[:200]}
                return redirect("beheer:import_preview")
        else:
            errors = [e for field_errors in form.errors.values() for e in field_errors]
    else:
        form = ImportForm()
    return render(
        request,
        "werkplekleren/beheer_import.html",
        {"form": form, "errors": errors, "max_rows": csv_import.MAX_ROWS},
        status=400 if errors else 200,
    )


@login_required
@require_http_methods(["GET"])
def import_preview(request: HttpRequest) -> HttpResponse:
    organisation = access.access_organisation_admin(request.user)
    stored = request.session.get(SESSION_KEY)
    if not stored:
        messages.error(request, _("Er is geen bestand om te controleren. Kies een bestand."))
        return redirect("beheer:import")
    try:
        plan = csv_import.build_plan(organisation=organisation, text=stored["text"])
    except csv_import.ImportFileError as exc:
        messages.error(request, str(exc))
        return redirect("beheer:import")
    return render(
        request,
        "werkplekleren/beheer_import_preview.html",
        {
            "plan": plan,
            "counts": plan.counts,
            "filename": stored.get("filename", ""),
            "token": csv_import.make_token(organisation=organisation, text=stored["text"]),
        },
    )


@login_required
@require_POST
def import_apply(request: HttpRequest) -> HttpResponse:
    organisation = access.access_organisation_admin(request.user)
    stored = request.session.get(SESSION_KEY)
    if not stored or not csv_import.token_matches(
        request.POST.get("token", ""), organisation=organisation, text=stored["text"]
    ):
        messages.error(
            request,
            _("Deze controle is verlopen of hoort bij een ander bestand. Upload het opnieuw."),
        )
        return redirect("beheer:import")
    try:
        result = csv_import.apply_plan(
            organisation=organisation, by=request.user, text=stored["text"]
        )
    except PermissionDenied as exc:
        raise Http404 from exc
    except (ValidationError, csv_import.ImportFileError) as exc:
        text = messages_of(exc) if isinstance(exc, ValidationError) else [str(exc)]
        for message in text:
            messages.error(request, _("Er is niets veranderd: %(reason)s") % {"reason": message})
        return redirect("beheer:import_preview")
    del request.session[SESSION_KEY]
    messages.success(
        request,
        _(
            "Import klaar: %(created)s nieuw, %(updated)s bijgewerkt, %(unchanged)s ongewijzigd, "
            "%(skipped)s overgeslagen, %(teams)s team(s) aangemaakt."
        )
        % {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "skipped": result.skipped,
            "teams": result.teams_created,
        },
    )
    return redirect(f"{_people_url()}?active=")
