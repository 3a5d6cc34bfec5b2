"""Organisation admins let people in: add and invite one person, the invitations not yet
accepted (resend), accounts locked after failed logins (unlock), single sign-on settings.
And the platform operator's page to start a new organisation (superusers only).

Like ``beheer_views``: every view starts with ``access.access_organisation_admin`` (a 404
for anyone else) and looks everything up inside the admin's own organisation.
"""

from axes.models import AccessAttempt
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from . import access, services, sso
from .models import Invitation, Organisation, Role, SsoProvider, Team, User

PENDING_LIMIT = 200


def _add_errors(form: forms.Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class InviteForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Naam"),
        max_length=150,
        error_messages={
            "required": gettext_lazy("Vul de naam in."),
            "max_length": gettext_lazy("Hoogstens 150 tekens."),
        },
    )
    email = forms.EmailField(
        label=gettext_lazy("E-mailadres"),
        max_length=254,
        error_messages={
            "required": gettext_lazy("Vul het e-mailadres in."),
            "invalid": gettext_lazy("Vul een geldig e-mailadres in."),
        },
    )
    team = forms.ModelChoiceField(
        label=gettext_lazy("Team"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=gettext_lazy("— geen team —"),
        error_messages={"invalid_choice": gettext_lazy("Kies een team uit de lijst.")},
    )
    roles = forms.MultipleChoiceField(
        label=gettext_lazy("Rollen"),
        choices=Role.choices,
        initial=[Role.PROFESSIONAL],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": gettext_lazy("Kies minstens één rol."),
            "invalid_choice": gettext_lazy("Kies een rol uit de lijst."),
        },
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(organisation=organisation)


def _locked_people(organisation: Organisation) -> list[dict]:
    """People of this organisation with at least the failure limit in force (axes)."""
    rows = (
        AccessAttempt.objects.filter(username__isnull=False)
        .values("username")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
    )
    failures = {r["username"]: r["failures"] for r in rows[:PENDING_LIMIT]}
    people = User.objects.filter(organisation=organisation, email__in=list(failures))
    return [{"person": p, "failures": failures[p.email]} for p in people.order_by("name")]


@login_required
@require_http_methods(["GET", "POST"])
def invitations(request: HttpRequest) -> HttpResponse:
    organisation = access.access_organisation_admin(request.user)
    form = InviteForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_invite(
                organisation=organisation, by=request.user, **form.cleaned_data
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is toegevoegd en krijgt een uitnodiging per e-mail.")
                % {"name": person.name},
            )
            return redirect("beheer:invitations")
    pending = (
        Invitation.objects.filter(
            organisation=organisation, accepted_at__isnull=True, user__is_active=True
        )
        .select_related("user")
        .order_by("user__name", "pk")
    )
    return render(
        request,
        "werkplekleren/beheer_invitations.html",
        {
            "form": form,
            "pending": list(pending[:PENDING_LIMIT]),
            "pending_count": pending.count(),
            "locked": _locked_people(organisation),
            "now": timezone.now(),
            "valid_days": settings.INVITATION_VALID_DAYS,
        },
    )


@login_required
@require_POST
def invitation_resend(request: HttpRequest, invitation_id: int) -> HttpResponse:
    organisation = access.access_organisation_admin(request.user)
    try:
        invitation = Invitation.objects.select_related("user", "organisation").get(
            pk=int(invitation_id), organisation=organisation
        )
    except (Invitation.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    try:
        services.invitation_resend(invitation=invitation, by=request.user)
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _(
                "Er is een nieuwe uitnodiging gestuurd naar %(email)s; de vorige link werkt "
                "niet meer."
            )
            % {"email": invitation.user.email},
        )
    return redirect("beheer:invitations")


@login_required
@require_POST
def person_unlock(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access.access_managed_person(request.user, person_id)
    try:
        services.person_unlock(person=person, by=request.user)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("%(name)s kan weer inloggen.") % {"name": person.name})
    return redirect("beheer:invitations")


class SsoForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Naam op de knop (Inloggen met …)"),
        max_length=60,
        initial="Microsoft",
        error_messages={"required": gettext_lazy("Geef de provider een naam.")},
    )
    issuer = forms.URLField(
        label=gettext_lazy("Issuer"),
        max_length=300,
        assume_scheme="https",
        help_text=gettext_lazy(
            "Bij Microsoft Entra ID: https://login.microsoftonline.com/<tenant-id>/v2.0"
        ),
        error_messages={
            "required": gettext_lazy("Vul de issuer in."),
            "invalid": gettext_lazy("Vul een geldige URL in."),
        },
    )
    client_id = forms.CharField(
        label=gettext_lazy("Client-id (application id)"),
        max_length=200,
        error_messages={"required": gettext_lazy("Vul de client-id in.")},
    )
    client_secret = forms.CharField(
        label=gettext_lazy("Client secret"),
        required=False,
        max_length=500,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=gettext_lazy(
            "Wordt versleuteld opgeslagen. Leeg laten houdt het opgeslagen secret; of zet het "
            "in de omgevingsvariabele %(env)s."
        ),
    )
    allowed_domains = forms.CharField(
        label=gettext_lazy("Toegestane e-maildomeinen"),
        max_length=500,
        help_text=gettext_lazy("Gescheiden door komma's, bijvoorbeeld zorggroep.nl"),
        error_messages={"required": gettext_lazy("Noem minstens één e-maildomein.")},
    )
    enabled = forms.BooleanField(label=gettext_lazy("Single sign-on aan"), required=False)


@login_required
@require_http_methods(["GET", "POST"])
def sso_settings(request: HttpRequest) -> HttpResponse:
    organisation = access.access_organisation_admin(request.user)
    provider = SsoProvider.objects.filter(organisation=organisation).first()
    initial = {"enabled": True}
    if provider is not None:
        initial = {
            "name": provider.name,
            "issuer": provider.issuer,
            "client_id": provider.client_id,
            "allowed_domains": provider.allowed_domains,
            "enabled": provider.enabled,
        }
    form = SsoForm(request.POST or None, initial=initial)
    form.fields["client_secret"].help_text = form.fields["client_secret"].help_text % {
        "env": sso.env_name(organisation.slug)
    }
    if request.method == "POST" and form.is_valid():
        try:
            services.sso_provider_save(
                organisation=organisation, by=request.user, **form.cleaned_data
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Single sign-on is opgeslagen."))
            return redirect("beheer:sso")
    return render(
        request,
        "werkplekleren/beheer_sso.html",
        {
            "form": form,
            "provider": provider,
            "callback_url": sso.callback_url(request),
        },
    )


# --- Platform operator ----------------------------------------------------------------------


class OrganisationStartForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Naam van de organisatie"),
        max_length=200,
        error_messages={"required": gettext_lazy("Vul de naam van de organisatie in.")},
    )
    slug = forms.SlugField(
        label=gettext_lazy("Korte naam (in adressen)"),
        max_length=60,
        error_messages={
            "required": gettext_lazy("Vul een korte naam in."),
            "invalid": gettext_lazy("Alleen kleine letters, cijfers en streepjes."),
        },
    )
    admin_name = forms.CharField(
        label=gettext_lazy("Naam van de eerste beheerder"),
        max_length=150,
        error_messages={"required": gettext_lazy("Vul de naam van de beheerder in.")},
    )
    admin_email = forms.EmailField(
        label=gettext_lazy("E-mailadres van de eerste beheerder"),
        error_messages={
            "required": gettext_lazy("Vul het e-mailadres van de beheerder in."),
            "invalid": gettext_lazy("Vul een geldig e-mailadres in."),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def platform_organisations(request: HttpRequest) -> HttpResponse:
    """Superusers only (a 404 for anyone else): start an organisation with its first admin."""
    if not (request.user.is_active and request.user.is_superuser):
        raise Http404
    form = OrganisationStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation, admin = services.organisation_start(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(org)s is aangemaakt; %(email)s krijgt een uitnodiging als beheerder.")
                % {"org": organisation.name, "email": admin.email},
            )
            return redirect("platform_organisations")
    organisations = Organisation.objects.order_by("name")
    return render(
        request,
        "werkplekleren/platform_organisations.html",
        {"form": form, "organisations": organisations},
    )
