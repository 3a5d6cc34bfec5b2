"""Running a session: lobby, projector view, participant (phone) view, live updates, summary.

Identity in a session is a ``Deelnemer``: a group member (logged in) or a guest whose
participation id sits in their browser session. Every lookup goes through
werkplekleren.access; the live poll answers "nothing changed" without touching the database
(weekcyclus/live.py).
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from didactiek.models import DidactischeVraag, Verbetervoorstel
from weekcyclus import access
from werkplekleren.errors import messages_of, refusal

from .. import live, markdown, push, qr, screens, selectors, services
from ..models import Bijdrage, Deelnemer, Sessie

GUEST_KEY = "gast_deelnemers"


# --- helpers -------------------------------------------------------------------------------


def _guest_ids(request: HttpRequest) -> list[int]:
    return list(request.session.get(GUEST_KEY, {}).values())


def _participation(request: HttpRequest, code: str, *, join: bool) -> Deelnemer:
    """The requester's Deelnemer in the session with ``code``; members join on the way."""
    if request.user.is_authenticated:
        deelnemer = access.own_participation_by_code(request.user, code)
        if deelnemer is not None:
            return deelnemer
        try:
            sessie = access.access_sessie_by_code(request.user, code)
        except Http404:
            sessie = None
        if sessie is not None:
            if join and sessie.state != Sessie.State.CLOSED:
                return services.sessie_join(sessie=sessie, user=request.user)
            return access.access_deelnemer(request.user, sessie)
    try:
        return access.access_guest_participation(code, _guest_ids(request))
    except Http404:
        # After the close the guest link has expired; the guest still sees the end state.
        return access.access_guest_after_close(code, _guest_ids(request))


def _ws_path(ticket: str) -> str:
    return f"/ws/live/{ticket}/"


def _phone_kind(deelnemer: Deelnemer) -> str:
    return live.MEMBER if deelnemer.user_id else live.GUEST


def _phone_context(sessie: Sessie, deelnemer: Deelnemer, **extra) -> dict:
    """Everything one phone shows: the shared part (as pushed to everyone of its kind), its
    own part (#mine) and its forms."""
    kind = _phone_kind(deelnemer)
    context = push.stage_context(
        sessie=sessie, screen=screens.session_screen(sessie=sessie), kind=kind
    )
    ticket = live.ticket(
        sessie_id=sessie.pk,
        view=kind,
        code=sessie.join_code,
        user_id=deelnemer.user_id,
        lang=translation.get_language(),
    )
    context.update(
        {
            "deelnemer": deelnemer,
            "mine": screens.my_part(sessie=sessie, deelnemer=deelnemer),
            "ticket": ticket,
            "ws_path": _ws_path(ticket),
        }
    )
    if sessie.step.key == "afsluiten" and deelnemer.user_id:
        context["members"] = screens.active_members(sessie=sessie)
    context.update(extra)
    return context


def _projector_context(request: HttpRequest, sessie: Sessie) -> dict:
    join_url = request.build_absolute_uri(
        reverse("weekcyclus:participant", args=[sessie.join_code])
    )
    ticket = live.ticket(
        sessie_id=sessie.pk,
        view=live.PROJECTOR,
        user_id=request.user.pk,
        lang=translation.get_language(),
    )
    context = push.stage_context(
        sessie=sessie, screen=screens.session_screen(sessie=sessie), kind=live.PROJECTOR
    )
    context.update(
        {
            "ticket": ticket,
            "ws_path": _ws_path(ticket),
            "join_url": join_url,
            "qr_svg": qr.svg(join_url),
            "is_facilitator": sessie.facilitator_id == request.user.pk,
        }
    )
    return context


# --- lobby ---------------------------------------------------------------------------------


@login_required
def sessie_detail(request: HttpRequest, sessie_id: int) -> HttpResponse:
    sessie = access.access_sessie(request.user, sessie_id)
    guests = sessie.gastuitnodigingen.filter(expires_at__gt=timezone.now()).order_by("created_at")
    return render(
        request,
        "weekcyclus/sessie/detail.html",
        {
            "sessie": sessie,
            "guests": guests,
            "step_rows": list(zip(sessie.steps, sessie.step_minutes, strict=True)),
            "total_minutes": sum(sessie.step_minutes),
            **selectors.frame_choice(sessie=sessie, user=request.user),
        },
    )


@login_required
@require_POST
def sessie_start(request: HttpRequest, sessie_id: int) -> HttpResponse:
    sessie = access.access_sessie(request.user, sessie_id)
    with refusal(request) as refused:
        services.sessie_start(sessie=sessie, by=request.user)
    if refused:
        return redirect("weekcyclus:sessie_detail", sessie.pk)
    return redirect("weekcyclus:projector", sessie.pk)


@login_required
@require_POST
def sessie_step_minutes(request: HttpRequest, sessie_id: int) -> HttpResponse:
    sessie = access.access_sessie(request.user, sessie_id)
    try:
        minutes = [int(request.POST.get(f"step_{i}", "")) for i in range(len(sessie.stappen))]
        services.sessie_set_step_minutes(sessie=sessie, by=request.user, minutes=minutes)
        messages.success(request, _("De tijden per stap zijn opgeslagen."))
    except ValueError:
        messages.error(request, _("Geef elke stap een tijd in hele minuten."))
    except (ValidationError, PermissionDenied) as exc:
        for message in messages_of(exc):
            messages.error(request, message)
    return redirect("weekcyclus:sessie_detail", sessie.pk)


@login_required
@require_POST
def gast_invite(request: HttpRequest, sessie_id: int) -> HttpResponse:
    sessie = access.access_sessie(request.user, sessie_id)
    with refusal(request):
        invitation = services.gast_invite(
            sessie=sessie, by=request.user, name=request.POST.get("name", "")
        )
        link = request.build_absolute_uri(reverse("weekcyclus:gast", args=[invitation.token]))
        messages.success(
            request,
            _("Stuur deze link naar %(name)s; hij werkt tot het einde van de sessie: %(link)s")
            % {"name": invitation.name, "link": link},
        )
    return redirect("weekcyclus:sessie_detail", sessie.pk)


# --- projector -----------------------------------------------------------------------------


@login_required
def projector(request: HttpRequest, sessie_id: int) -> HttpResponse:
    sessie = access.access_sessie(request.user, sessie_id)
    return render(request, "weekcyclus/sessie/projector.html", _projector_context(request, sessie))


class BadInput(ValidationError):
    """A request no form of ours sends (a missing or impossible step): answered 400."""


def _step(post, sessie: Sessie) -> int:
    try:
        step = int(post.get("step", ""))
    except (TypeError, ValueError):
        step = -1
    if not 0 <= step <= sessie.last_step:
        raise BadInput(
            _("Geef een stap op: een getal van 0 tot en met %(last)s.") % {"last": sessie.last_step}
        )
    return step


FACILITATOR_ACTIONS = {
    "next": lambda s, u, p: services.sessie_step_next(sessie=s, by=u),
    "prev": lambda s, u, p: services.sessie_step_previous(sessie=s, by=u),
    "timer": lambda s, u, p: services.sessie_timer_toggle(sessie=s, by=u),
    "close": lambda s, u, p: services.sessie_close(sessie=s, by=u),
    "goto": lambda s, u, p: services.sessie_goto_step(sessie=s, by=u, step=_step(p, s)),
    "verrassing": lambda s, u, p: services.sessie_verrassing_draw(sessie=s, by=u),
    "verrassing-weg": lambda s, u, p: services.sessie_verrassing_hide(sessie=s, by=u),
}


@login_required
@require_POST
def projector_control(request: HttpRequest, sessie_id: int, action: str) -> HttpResponse:
    """Keyboard actions from the projector (→ ← T); answered as JSON for its small script."""
    sessie = access.access_sessie(request.user, sessie_id)
    if action not in FACILITATOR_ACTIONS:
        raise Http404
    try:
        FACILITATOR_ACTIONS[action](sessie, request.user, request.POST)
    except (ValidationError, PermissionDenied, TypeError, ValueError) as exc:
        text = " ".join(messages_of(exc)) if not isinstance(exc, TypeError | ValueError) else ""
        return JsonResponse({"ok": False, "message": text or _("Dat lukte niet.")}, status=400)
    return JsonResponse({"ok": True, "version": sessie.version})


# --- participant view (phone) --------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """Type the short code shown on the projector."""
    code = "".join(request.POST.get("code", "").split()).upper()
    error = None
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(reverse("weekcyclus:participant", args=[code or "-"]))
        try:
            access.access_sessie_by_code(request.user, code)
            return redirect("weekcyclus:participant", code)
        except Http404:
            error = _(
                "Geen sessie gevonden met deze code in jouw groepen. Kijk nog eens op het scherm."
            )
    return render(request, "weekcyclus/sessie/join.html", {"code": code, "error": error})


@never_cache
def participant(request: HttpRequest, code: str) -> HttpResponse:
    try:
        deelnemer = _participation(request, code, join=True)
    except Http404:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise
    sessie = deelnemer.sessie
    if deelnemer.is_guest and sessie.state == Sessie.State.CLOSED:
        return _afgerond(request, deelnemer)  # what the group made, not a login page
    return render(request, "weekcyclus/sessie/participant.html", _phone_context(sessie, deelnemer))


def _afgerond(request: HttpRequest, deelnemer: Deelnemer) -> HttpResponse:
    sessie = deelnemer.sessie
    return render(
        request,
        "weekcyclus/sessie/afgerond.html",
        {"sessie": sessie, "deelnemer": deelnemer, **selectors.guest_summary(sessie)},
    )


def _vragen(post) -> list[DidactischeVraag]:
    numbers = [int(n) for n in post.getlist("vragen") if n.isdigit()]
    return list(DidactischeVraag.objects.filter(number__in=numbers))


def _owner(sessie: Sessie, post):
    owner_id = post.get("owner") or None
    if owner_id is None:
        return None
    for member in screens.active_members(sessie=sessie):
        if str(member.pk) == owner_id:
            return member
    raise ValidationError(_("Kies een lid van de groep, of iedereen."))


def _stappen(post) -> list[dict]:
    """Steps from the proposal form: texts with the idea numbers each was built on."""
    texts = post.getlist("stap")
    ideas = post.getlist("stap_ideeen")
    return [
        {
            "tekst": text,
            "ideeen": [
                int(n) for n in (ideas[i] if i < len(ideas) else "").split(",") if n.isdigit()
            ],
        }
        for i, text in enumerate(texts)
    ]


def _review(post) -> dict:
    """The review form: the answers, and per answer the version and fingerprint it showed
    (a missing or broken version counts as stale, so it can never overwrite silently)."""
    answers = {key: post[key] for key, _q in Verbetervoorstel.REVIEW_QUESTIONS if key in post}
    seen = {}
    for key in answers:
        base = post.get(f"base_{key}", "")
        seen[key] = (int(base) if base.isdigit() else -1, post.get(f"seen_{key}", ""))
    return {"answers": answers, "seen": seen}


def _present_member(sessie: Sessie, user_id):
    """The member to hand over to, among those present in this session (never by a bare
    id lookup); anyone else is a form error."""
    for deelnemer in sessie.deelnemers.filter(user__isnull=False).select_related("user"):
        if str(deelnemer.user_id) == str(user_id):
            return deelnemer.user
    raise ValidationError(
        _("Geef de leiding aan een lid van de groep dat nu in de sessie aanwezig is.")
    )


def _vote(sessie: Sessie, deelnemer: Deelnemer, post) -> Bijdrage:
    """Toggle a vote; the idea comes back (with its new count, when the push counted it)."""
    idee = access.access_idee(sessie, post.get("idee"))
    services.idee_vote_toggle(idee=idee, deelnemer=deelnemer)
    return idee


def _energie(post) -> int | None:
    value = post.get("energie", "")
    return int(value) if value.isdigit() else None


PARTICIPANT_ACTIONS = {
    "checkin": lambda s, d, p: services.deelnemer_checkin(deelnemer=d, energie=_energie(p)),
    "afspraak-status": lambda s, d, p: services.afspraak_review(
        afspraak=access.access_groep_afspraak(s, p.get("afspraak")),
        deelnemer=d,
        status=p.get("status", ""),
    ),
    "kiezen": lambda s, d, p: services.sessie_choose(
        sessie=s,
        deelnemer=d,
        werksituatie=access.access_werksituatie(s, p.get("werksituatie")),
        vragen=_vragen(p),
    ),
    "werksituatie": lambda s, d, p: services.werksituatie_add(
        weekcyclus=s.weekcyclus,
        by=d.user,
        title=p.get("title", ""),
        kind=p.get("kind", ""),
        critical=True,
    ),
    "analyse": lambda s, d, p: services.bijdrage_add(
        deelnemer=d, kind=Bijdrage.Kind.ANALYSE, text=p.get("text", "")
    ),
    "idee": lambda s, d, p: services.bijdrage_add(
        deelnemer=d, kind=Bijdrage.Kind.IDEE, text=p.get("text", "")
    ),
    "stem": lambda s, d, p: _vote(s, d, p),
    "probleemstelling": lambda s, d, p: services.probleemstelling_update(
        sessie=s, deelnemer=d, text=p.get("text", ""), base_version=int(p.get("base", -1))
    ),
    "concept": lambda s, d, p: services.draft_request(
        sessie=s, deelnemer=d, hint=p.get("hint", "")
    ),
    "overnemen": lambda s, d, p: services.voorstel_adopt_draft(
        sessie=s, deelnemer=d, draft=access.access_draft(s, p.get("draft"))
    ),
    "voorstel": lambda s, d, p: services.voorstel_save(
        sessie=s,
        deelnemer=d,
        titel=p.get("titel", ""),
        stappen=_stappen(p),
        tekst=p.get("tekst", ""),
        base_version=int(p.get("base", -1)),
    ),
    "toets": lambda s, d, p: services.voorstel_review_save(sessie=s, deelnemer=d, **_review(p)),
    "stem-voorstel": lambda s, d, p: services.voorstel_vote(
        sessie=s, deelnemer=d, akkoord=p.get("akkoord") == "ja"
    ),
    "heropenen": lambda s, d, p: services.voorstel_reopen(sessie=s, deelnemer=d),
    "afspraak": lambda s, d, p: services.afspraak_add(
        sessie=s, deelnemer=d, text=p.get("text", ""), owner=_owner(s, p)
    ),
    "leervoornemen": lambda s, d, p: services.leervoornemen_save(
        sessie=s,
        deelnemer=d,
        wil_leren=p.get("wil_leren", ""),
        organisatie_kan=p.get("organisatie_kan", ""),
        shared=p.get("shared") == "on",
    ),
    "handover": lambda s, d, p: services.sessie_handover(
        sessie=s, by=d.user, to=_present_member(s, p.get("to"))
    ),
    "neem-over": lambda s, d, p: services.sessie_take_over(sessie=s, by=d.user),
}
# Leading the session is for present group members; a guest asking gets a 403, not a form.
LEAD_ACTIONS = {*FACILITATOR_ACTIONS, "handover", "neem-over"}


# Actions that come from the input form, and the step each belongs to.
INPUT_ACTIONS = {
    "kiezen": "kiezen",
    "werksituatie": "kiezen",
    "analyse": "analyse",
    "idee": "brainstorm",
    "probleemstelling": "probleemstelling",
    "concept": "voorstel",
    "voorstel": "voorstel",
    "toets": "valideren",
    "afspraak": "afsluiten",
    "leervoornemen": "afsluiten",
}
# Button actions after which the forms must show the new state of the proposal.
REFRESH_INPUT = {"overnemen", "heropenen"}
TEXT_FIELDS = ("text", "titel", "tekst", "hint", "wil_leren", "organisatie_kan")


# Actions whose result every screen shows as one small change (a card, a count): the answer
# carries that change for this phone at once; the push brings it to everyone else.
FAST_ACTIONS = {"idee", "analyse", "stem"}


@require_POST
def participant_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    deelnemer = _participation(request, code, join=True)  # acting in a session is attending
    sessie = deelnemer.sessie
    step_before = sessie.current_step
    if deelnemer.user_id is None and action in LEAD_ACTIONS:
        return HttpResponseForbidden(
            _("Alleen leden van de groep die aanwezig zijn, kunnen de sessie leiden."),
            content_type="text/plain; charset=utf-8",
        )
    errors: list[str] = []
    result = None
    keep = None
    try:
        if action in FACILITATOR_ACTIONS:
            if deelnemer.user is None:
                raise PermissionDenied(_("Alleen de facilitator kan dit doen."))
            FACILITATOR_ACTIONS[action](sessie, deelnemer.user, request.POST)
        elif action in PARTICIPANT_ACTIONS:
            result = PARTICIPANT_ACTIONS[action](sessie, deelnemer, request.POST)
        else:
            raise Http404
    except BadInput as exc:
        return HttpResponseBadRequest(
            " ".join(exc.messages), content_type="text/plain; charset=utf-8"
        )
    except (ValidationError, PermissionDenied) as exc:
        errors = messages_of(exc) or [_("Dat mag je in deze stap niet doen.")]
        keep = getattr(exc, "keep", None)  # a review conflict: only the questions in conflict
    except ValueError:
        errors = [_("Dat lukte niet; probeer het opnieuw.")]
    if not request.htmx:
        for message in errors:
            messages.error(request, message)
        return redirect("weekcyclus:participant", sessie.join_code)
    if action in FAST_ACTIONS and not errors:
        return _fast_ack(request, sessie, deelnemer, action, result)
    sessie.refresh_from_db()
    # Forms re-render (emptied, or with the refused text kept) only after their own action or
    # a change of step, so a vote never wipes an idea someone is typing.
    # If the step moved on before the text arrived, its form is gone: show the text to copy.
    unsaved = []
    if errors and INPUT_ACTIONS.get(action) not in (None, sessie.step.key):
        unsaved = [request.POST[f] for f in TEXT_FIELDS if request.POST.get(f, "").strip()]
    step_changed = sessie.current_step != step_before
    context = _phone_context(
        sessie,
        deelnemer,
        errors=errors,
        keep=(request.POST if keep is None else keep) if errors else {},
        unsaved=unsaved,
        primary="input" if action in INPUT_ACTIONS else "mine",
        include_input=(action in REFRESH_INPUT and not errors) or step_changed,
        # This phone sees the result of its own action at once, whatever its connection.
        include_live=not errors or step_changed,
    )
    response = render(request, "weekcyclus/sessie/_phone_ack.html", context)
    response["X-Live-Version"] = str(sessie.version)
    return response


def _fast_ack(request, sessie: Sessie, deelnemer: Deelnemer, action: str, result):
    """An idea, a note or a vote: this phone's own part and forms, and the changed card or
    count as ops (HX-Trigger) that session.js applies the same way as a pushed change."""
    kind = _phone_kind(deelnemer)
    if action == "stem":
        ops = [push.votes_op(result)]  # the idea, found through access_idee
    else:
        ops = [push.card_op(bijdrage=result, kind=kind)]  # numbered once, by the push
    context = {
        "sessie": sessie,
        "deelnemer": deelnemer,
        "is_member": kind == live.MEMBER,
        "mine": screens.my_part(sessie=sessie, deelnemer=deelnemer, voornemen=False),
        "keep": {},
        "errors": [],
        "primary": "mine" if action == "stem" else "input",
    }
    response = render(request, "weekcyclus/sessie/_phone_ack.html", context)
    response["HX-Trigger"] = json.dumps({"live-ops": {"ops": ops}})
    response["X-Live-Version"] = str(sessie.version)
    return response


# --- guests --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def gast(request: HttpRequest, token: str) -> HttpResponse:
    invitation = access.access_gast_invitation(token)
    if request.method == "POST":
        try:
            deelnemer = services.gast_join(invitation=invitation)
        except ValidationError:
            raise Http404 from None
        guests = request.session.get(GUEST_KEY, {})
        guests[str(invitation.sessie_id)] = deelnemer.pk
        request.session[GUEST_KEY] = guests
        return redirect("weekcyclus:participant", invitation.sessie.join_code)
    return render(request, "weekcyclus/sessie/gast.html", {"invitation": invitation})


# --- live updates --------------------------------------------------------------------------


@never_cache
def live_poll(request: HttpRequest, ticket: str) -> HttpResponse:
    """A screen catching up (after a reconnect, a gap in the pushed versions, or polling where
    WebSockets are blocked). Unchanged: 204 from a signature check and one cache read.
    Changed: the screen's whole state as one message in the push format (weekcyclus/push.py)."""
    data = live.read_ticket(ticket)
    if data is None:
        raise Http404
    shown = request.GET.get("v", "")
    shown = int(shown) if shown.lstrip("-").isdigit() and len(shown) < 12 else -1
    want_input = request.GET.get("input") == "1"
    current = live.current_version(data["s"])
    if current is None:
        raise Http404
    if not want_input and current == shown:
        return HttpResponse(status=204)
    if data["v"] == live.PROJECTOR:
        if not request.user.is_authenticated:
            raise Http404
        sessie = access.access_sessie(request.user, data["s"])
        context = _projector_context(request, sessie)
        ops = [
            {
                "op": "live",
                "html": render_to_string(push.STAGE_TEMPLATES[live.PROJECTOR], context, request),
            }
        ]
        return JsonResponse({"full": True, "v": sessie.version, "ops": ops})
    deelnemer = _participation(request, data.get("c", ""), join=False)
    sessie = deelnemer.sessie
    context = _phone_context(sessie, deelnemer)
    ops = [
        {
            "op": "live",
            "html": render_to_string("weekcyclus/sessie/_phone_live.html", context, request),
        },
        {"op": "mine", "html": render_to_string("weekcyclus/sessie/_mine.html", context, request)},
    ]
    if want_input or request.GET.get("step") != str(sessie.current_step):
        ops.append(
            {
                "op": "input",
                "step": sessie.current_step,
                "state": sessie.state,
                # Not "own": forms someone is typing in stay as they are (session.js shows
                # "something changed"), also when this answer overtakes a pushed new step.
                "html": render_to_string("weekcyclus/sessie/_phone_input.html", context, request),
            }
        )
    return JsonResponse({"full": True, "v": sessie.version, "ops": ops})


# --- summary -------------------------------------------------------------------------------


@login_required
def summary(request: HttpRequest, sessie_id: int) -> HttpResponse:
    sessie = access.access_sessie(request.user, sessie_id)
    screen = screens.session_screen(sessie=sessie)
    own = sessie.leervoornemens.filter(user=request.user).first()
    return render(
        request, "weekcyclus/sessie/summary.html", {"screen": screen, "sessie": sessie, "own": own}
    )


@login_required
def summary_markdown(request: HttpRequest, sessie_id: int) -> HttpResponse:
    sessie = access.access_sessie(request.user, sessie_id)
    text = markdown.summary(screens.session_screen(sessie=sessie))
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    name = f"sessie-{timezone.localtime(sessie.starts_at):%Y-%m-%d}-{sessie.number}.md"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


urlpatterns = [
    path("sessies/<int:sessie_id>/", sessie_detail, name="sessie_detail"),
    path("sessies/<int:sessie_id>/start/", sessie_start, name="sessie_start"),
    path("sessies/<int:sessie_id>/tijden/", sessie_step_minutes, name="sessie_step_minutes"),
    path("sessies/<int:sessie_id>/gasten/", gast_invite, name="gast_invite"),
    path("sessies/<int:sessie_id>/projector/", projector, name="projector"),
    path(
        "sessies/<int:sessie_id>/projector/<slug:action>/",
        projector_control,
        name="projector_control",
    ),
    path("sessies/<int:sessie_id>/samenvatting/", summary, name="summary"),
    path("sessies/<int:sessie_id>/samenvatting.md", summary_markdown, name="summary_markdown"),
    path("doe-mee/", join, name="join"),
    path("s/<str:code>/", participant, name="participant"),
    path("s/<str:code>/<slug:action>/", participant_action, name="participant_action"),
    path("gast/<str:token>/", gast, name="gast"),
    path("live/<str:ticket>/", live_poll, name="live"),
]
