"""Self-chosen groups: my groups and invitations, making a group, inviting, answering, leaving.

Every lookup goes through werkplekleren.access (a stranger gets a 404); the writes are the
services in weekcyclus.services, whose refusals are shown as they are.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from weekcyclus import access as weekcyclus_access
from werkplekleren import access
from werkplekleren.errors import refusal
from werkplekleren.forms import ModelMultipleChoiceField
from werkplekleren.models import User
from werkplekleren.redirects import safe_next
from werkplekleren.selectors import people_search

from .. import selectors, services
from ..models import Groep, GroepMember


def _require_groepen(user: User) -> None:
    """Groups are for professionals; for anyone else these pages do not exist."""
    if not weekcyclus_access.may_join_groepen(user):
        raise Http404


_safe_next = safe_next


# --- forms ---------------------------------------------------------------------------------


class GroepCreateForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Naam van de groep"), max_length=120)
    colleagues = ModelMultipleChoiceField(
        label=gettext_lazy("Nodig collega's uit"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colleagues"].queryset = (
            weekcyclus_access.groep_candidates_for(user).select_related("team").order_by("name")
        )

    MAX_CHOSEN = 30

    def chosen(self, data) -> list[User]:
        """The colleagues ticked so far (to show them ticked again), never all choices: the
        template lists these plus a search, so the page stays small in a large organisation."""
        ids = access.parse_ids(data.getlist("colleagues")[: self.MAX_CHOSEN])
        return list(self.fields["colleagues"].queryset.filter(pk__in=ids)) if ids else []


# --- pages ---------------------------------------------------------------------------------


@login_required
def groep_list(request: HttpRequest) -> HttpResponse:
    _require_groepen(request.user)
    return render(
        request,
        "weekcyclus/groep_list.html",
        {
            "groepen": selectors.groepen_with_member_counts(
                weekcyclus_access.groepen_for(request.user)
            ),
            "invitations": list(
                weekcyclus_access.groep_invitations_for(request.user).order_by("groep__name")
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def groep_create(request: HttpRequest) -> HttpResponse:
    _require_groepen(request.user)
    errors: list[str] = []
    if request.method == "POST":
        form = GroepCreateForm(request.POST, user=request.user)
        if form.is_valid():
            # A refused invitation makes nothing at all (the transaction).
            with refusal() as refused, transaction.atomic():
                groep = services.groep_create(
                    created_by=request.user, name=form.cleaned_data["name"], members=[]
                )
                for colleague in form.cleaned_data["colleagues"]:
                    services.groep_invite(groep=groep, invited_by=request.user, user=colleague)
            if refused:
                errors = refused.messages
            else:
                invited = len(form.cleaned_data["colleagues"])
                if invited:
                    messages.success(
                        request,
                        ngettext(
                            "Groep %(groep)s is gemaakt; %(n)s collega is uitgenodigd.",
                            "Groep %(groep)s is gemaakt; %(n)s collega's zijn uitgenodigd.",
                            invited,
                        )
                        % {"groep": groep.name, "n": invited},
                    )
                else:
                    messages.success(
                        request, _("Groep %(groep)s is gemaakt.") % {"groep": groep.name}
                    )
                return redirect("weekcyclus:groep_detail", groep_id=groep.pk)
    else:
        # A GET may carry what was typed so far (the search button, or htmx as one types).
        form = GroepCreateForm(user=request.user, initial={"name": request.GET.get("name", "")})
    chosen = form.chosen(request.POST if request.method == "POST" else request.GET)
    search = people_search(
        form.fields["colleagues"].queryset.exclude(pk__in=[c.pk for c in chosen]),
        q=request.GET.get("q", ""),
    )
    context = {"form": form, "errors": errors, "chosen": chosen, "search": search}
    if request.htmx and request.method == "GET":
        return render(request, "weekcyclus/_colleague_choices.html", context)
    return render(request, "weekcyclus/groep_create.html", context)


@login_required
def groep_detail(request: HttpRequest, groep_id: int) -> HttpResponse:
    groep = weekcyclus_access.access_groep(request.user, groep_id)
    members, invited = selectors.groep_roster(groep=groep)
    return render(
        request,
        "weekcyclus/groep_detail.html",
        {
            "groep": groep,
            "members": members,
            "invited": invited,
            "search": _invite_search(request, groep),
            "typical_size": len(members) in Groep.TYPICAL_SIZE,
            "erkenning": selectors.groep_erkenning(groep=groep),
        },
    )


def _invite_search(request: HttpRequest, groep: Groep):
    """Colleagues matching the invite search who are not yet a member or invited: at most
    one short page, so the group page stays small whatever the size of the organisation."""
    taken = groep.members.filter(
        status__in=[GroepMember.Status.ACTIVE, GroepMember.Status.INVITED]
    ).values("user_id")
    return people_search(
        weekcyclus_access.groep_candidates_for(request.user).exclude(pk__in=taken),
        q=request.GET.get("q", ""),
    )


# --- actions -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def groep_invite(request: HttpRequest, groep_id: int) -> HttpResponse:
    """GET searches colleagues to invite (an htmx fragment, or the group page without
    JavaScript); POST invites one."""
    groep = weekcyclus_access.access_groep(request.user, groep_id)
    if request.method == "GET":
        if not request.htmx:
            url = reverse("weekcyclus:groep_detail", args=[groep.pk])
            return redirect(f"{url}?{request.GET.urlencode()}#uitnodigen")
        return render(
            request,
            "weekcyclus/_invite_results.html",
            {"groep": groep, "search": _invite_search(request, groep)},
        )
    if not request.POST.get("user"):
        messages.error(request, _("Kies een collega om uit te nodigen."))
        return redirect("weekcyclus:groep_detail", groep_id=groep.pk)
    person = access.access_person(request.user, request.POST["user"])
    with refusal(request, forbidden_is_404=True) as refused:
        services.groep_invite(groep=groep, invited_by=request.user, user=person)
    if not refused:
        messages.success(request, _("%(name)s is uitgenodigd.") % {"name": person.name})
    return redirect("weekcyclus:groep_detail", groep_id=groep.pk)


@login_required
@require_POST
def groep_invitation_respond(request: HttpRequest, member_id: int) -> HttpResponse:
    invitation = weekcyclus_access.access_groep_invitation(request.user, member_id)
    back = _safe_next(request, reverse("weekcyclus:groep_list"))
    answer = request.POST.get("answer")
    if answer not in {"accept", "decline"}:
        messages.error(request, _("Kies of je de uitnodiging aanneemt of afwijst."))
        return redirect(back)
    with refusal(request) as refused:
        services.groep_invitation_respond(member=invitation, accept=answer == "accept")
    if refused:
        return redirect(back)
    groep = invitation.groep
    if answer == "accept":
        messages.success(request, _("Welkom in groep %(groep)s.") % {"groep": groep.name})
        return redirect("weekcyclus:groep_detail", groep_id=groep.pk)
    messages.success(
        request, _("Je hebt de uitnodiging voor groep %(groep)s afgewezen.") % {"groep": groep.name}
    )
    return redirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def groep_leave(request: HttpRequest, groep_id: int) -> HttpResponse:
    """The button on the group page asks first; only the confirmed form leaves."""
    groep = weekcyclus_access.access_groep(request.user, groep_id)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        with refusal(request, forbidden_is_404=True) as refused:
            services.groep_leave(groep=groep, user=request.user)
        if refused:
            return redirect("weekcyclus:groep_detail", groep_id=groep.pk)
        messages.success(request, _("Je hebt groep %(groep)s verlaten.") % {"groep": groep.name})
        return redirect("weekcyclus:groep_list")
    last = (
        not groep.members.filter(status=GroepMember.Status.ACTIVE)
        .exclude(user=request.user)
        .exists()
    )
    return render(request, "weekcyclus/groep_leave.html", {"groep": groep, "last": last})


@login_required
@require_POST
def groep_validatie(request: HttpRequest, groep_id: int) -> HttpResponse:
    groep = weekcyclus_access.access_groep(request.user, groep_id)
    with refusal(request):
        services.groep_set_validatie(
            groep=groep, by=request.user, validatie=request.POST.get("validatie", "")
        )
        messages.success(
            request,
            _("De groep valideert voorstellen nu bij: %(rule)s.")
            % {"rule": groep.get_validatie_display().lower()},
        )
    return redirect("weekcyclus:groep_detail", groep.pk)


urlpatterns = [
    path("groepen/", groep_list, name="groep_list"),
    path("groepen/nieuw/", groep_create, name="groep_create"),
    path(
        "groepen/uitnodigingen/<int:member_id>/",
        groep_invitation_respond,
        name="groep_invitation_respond",
    ),
    path("groepen/<int:groep_id>/", groep_detail, name="groep_detail"),
    path("groepen/<int:groep_id>/uitnodigen/", groep_invite, name="groep_invite"),
    path("groepen/<int:groep_id>/verlaten/", groep_leave, name="groep_leave"),
    path("groepen/<int:groep_id>/validatie/", groep_validatie, name="groep_validatie"),
]
