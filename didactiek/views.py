from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from werkplekleren.access import parse_ids
from werkplekleren.errors import refusal
from werkplekleren.models import Role

from . import access as didactiek_access
from . import frames, llm, selectors, services
from .models import FrameVersie, Werksituatie


@login_required
def kader(request: HttpRequest) -> HttpResponse:
    vragen = list(selectors.didactisch_kader())
    return render(
        request,
        "didactiek/kader.html",
        {
            "groepsvragen": [v for v in vragen if v.is_group_question],
            "individuele_vragen": [v for v in vragen if not v.is_group_question],
        },
    )


# --- Media ---------------------------------------------------------------------------------


@login_required
def media(request: HttpRequest, media_id: int) -> HttpResponse:
    """An uploaded file, only for people of the organisation that owns it."""
    item = didactiek_access.access_media(request.user, media_id)
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=item.content_type)
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- The library ---------------------------------------------------------------------------


def _is_lo(user) -> bool:
    return Role.LO in user.roles


@login_required
def frame_library(request: HttpRequest) -> HttpResponse:
    vragen = [int(n) for n in request.GET.getlist("vraag") if n.isdigit()]
    return render(
        request,
        "didactiek/frame_library.html",
        {
            "frames": selectors.library(request.user, vragen=vragen),
            "is_lo": _is_lo(request.user),
            "may_author": services.frame_may_author(request.user),
            "drafts": list(didactiek_access.frame_drafts_for(request.user)[:5])
            if _is_lo(request.user)
            else [],
        },
    )


@login_required
def frame_detail(request: HttpRequest, frame_id: int) -> HttpResponse:
    frame = didactiek_access.access_frame(request.user, frame_id)
    versies = list(frame.versies.order_by("-number"))
    shown = next((v for v in versies if v.is_published), None) or (versies[0] if versies else None)
    return render(
        request,
        "didactiek/frame_detail.html",
        {
            "frame": frame,
            "versie": shown,
            "versies": versies,
            "can_edit": services.frame_may_author(request.user, frame),
            "is_lo": _is_lo(request.user),
            "may_author": services.frame_may_author(request.user),
        },
    )


@login_required
@require_POST
def frame_new(request: HttpRequest) -> HttpResponse:
    with refusal(request) as refused:
        versie = services.frame_create(
            by=request.user, title=request.POST.get("title", "") or _("Nieuw frame")
        )
    if refused:
        return redirect("didactiek:frame_library")
    return redirect("didactiek:frame_edit", versie.frame_id)


@login_required
@require_POST
def frame_copy(request: HttpRequest, frame_id: int) -> HttpResponse:
    frame = didactiek_access.access_frame(request.user, frame_id)
    with refusal(request) as refused:
        versie = services.frame_copy(frame=frame, by=request.user)
    if refused:
        return redirect("didactiek:frame_detail", frame.pk)
    return redirect("didactiek:frame_edit", versie.frame_id)


# --- The editor ----------------------------------------------------------------------------

MAX_CARDS_SHOWN = 4


def _posted_steps(request: HttpRequest, organisation_id: int) -> tuple[list[dict], list[str]]:
    """The steps as the form posted them (nothing typed is lost), with uploaded files kept
    at once; the errors of uploads that were refused."""
    post, files = request.POST, request.FILES
    errors = []
    stappen = []
    count = min(int(post.get("count", "0") or 0) if post.get("count", "").isdigit() else 0, 40)
    for i in range(count):
        p = f"s{i}-"
        step = {
            "kind": post.get(p + "kind", ""),
            "minutes": post.get(p + "minutes", ""),
            "title": {"nl": post.get(p + "title_nl", ""), "en": post.get(p + "title_en", "")},
            "question": {
                "nl": post.get(p + "question_nl", ""),
                "en": post.get(p + "question_en", ""),
            },
            "guidance": {
                "nl": post.get(p + "guidance_nl", ""),
                "en": post.get(p + "guidance_en", ""),
            },
        }
        media_kind = post.get(p + "media", "")
        if files.get(p + "file"):
            with refusal() as refused:
                item = services.media_upload(
                    organisation_id=organisation_id, by=request.user, upload=files[p + "file"]
                )
                step["media"] = {"kind": item.kind, "media": item.pk, "name": item.name}
            errors.extend(refused.messages)
        elif media_kind == "link" and post.get(p + "url", "").strip():
            step["media"] = {"kind": "link", "url": post.get(p + "url", "").strip()}
        elif media_kind == "keep" and post.get(p + "media_id", "").isdigit():
            step["media"] = {
                "kind": post.get(p + "media_type", "video"),
                "media": int(post[p + "media_id"]),
                "name": post.get(p + "media_name", ""),
            }
        cards = []
        for j in range(MAX_CARDS_SHOWN + 8):
            c = f"{p}v{j}-"
            if c + "nl" not in post and c + "en" not in post:
                continue
            cards.append(
                {
                    "kind": post.get(c + "kind", "feit"),
                    "text": {"nl": post.get(c + "nl", ""), "en": post.get(c + "en", "")},
                    "at_minute": post.get(c + "at", "") or None,
                }
            )
        step["verrassingen"] = cards
        stappen.append(step)
    return stappen, errors


def _apply(action: str, stappen: list[dict]) -> list[dict]:
    name, _sep, index = action.partition("-")
    if name == "add":
        kind = index if index in frames.KINDS else "bespreken"
        stappen.append({"kind": kind, "minutes": frames.KINDS[kind].minutes, "verrassingen": []})
        return stappen
    if not index.isdigit() or int(index) >= len(stappen):
        return stappen
    i = int(index)
    if name == "remove":
        stappen.pop(i)
    elif name == "up" and i > 0:
        stappen[i - 1], stappen[i] = stappen[i], stappen[i - 1]
    elif name == "down" and i < len(stappen) - 1:
        stappen[i + 1], stappen[i] = stappen[i], stappen[i + 1]
    elif name == "card":
        stappen[i].setdefault("verrassingen", []).append(
            {"kind": "feit", "text": {}, "at_minute": None}
        )
    return stappen


def _editor(request, frame, versie, *, form, stappen, errors, status=200) -> HttpResponse:
    vragen = list(selectors.didactisch_kader())
    chosen = {int(v) for v in form.get("vragen", [])}
    rows = []
    for step in stappen:
        kind = frames.KINDS.get(step.get("kind")) or frames.KINDS["bespreken"]
        cards = list(step.get("verrassingen") or [])
        rows.append({"data": step, "kind": kind, "cards": cards})
    try:
        total = sum(int(s.get("minutes") or 0) for s in stappen)
    except (TypeError, ValueError):
        total = None
    return render(
        request,
        "didactiek/frame_editor.html",
        {
            "frame": frame,
            "versie": versie,
            "form": form,
            "rows": rows,
            "count": len(stappen),
            "errors": errors,
            "vragen": [(v, v.pk in chosen) for v in vragen],
            "kinds": frames.KIND_CHOICES,
            "card_kinds": list(frames.VERRASSING_KINDS.items()),
            "total": total,
            "published": frame.versies.filter(state=FrameVersie.State.PUBLISHED)
            .order_by("-number")
            .first(),
        },
        status=status,
    )


@login_required
def frame_edit(request: HttpRequest, frame_id: int) -> HttpResponse:
    frame = didactiek_access.access_frame(request.user, frame_id)
    if not services.frame_may_author(request.user, frame):
        raise Http404
    with refusal(forbidden_is_404=True):
        versie = services.frame_concept(frame=frame, by=request.user)
    if request.method != "POST":
        form = {
            "title": frame.title_nl or "",
            "title_en": frame.title_en or "",
            "description": frame.description_nl or "",
            "description_en": frame.description_en or "",
            "minutes": versie.minutes,
            "vragen": [v.pk for v in frame.vragen.all()],
        }
        return _editor(
            request, frame, versie, form=form, stappen=[dict(s) for s in versie.stappen], errors=[]
        )
    post = request.POST
    form = {
        "title": post.get("title", ""),
        "title_en": post.get("title_en", ""),
        "description": post.get("description", ""),
        "description_en": post.get("description_en", ""),
        "minutes": post.get("minutes", ""),
        "vragen": parse_ids(post.getlist("vragen")),
    }
    stappen, errors = _posted_steps(request, frame.organisation_id)
    action = post.get("action", "save")
    if action not in ("save", "publish"):
        stappen = _apply(action, stappen)
        return _editor(request, frame, versie, form=form, stappen=stappen, errors=errors)
    if errors:
        return _editor(
            request, frame, versie, form=form, stappen=stappen, errors=errors, status=400
        )
    vragen = [v for v in selectors.didactisch_kader() if v.pk in set(form["vragen"])]
    with refusal() as refused:
        versie = services.frame_save(
            versie=versie,
            by=request.user,
            title=form["title"],
            title_en=form["title_en"],
            description=form["description"],
            description_en=form["description_en"],
            vragen=vragen,
            minutes=form["minutes"],
            stappen=stappen,
        )
        if action == "publish":
            services.frame_publish(versie=versie, by=request.user)
    if refused:
        return _editor(
            request,
            frame,
            versie,
            form=form,
            stappen=stappen,
            errors=refused.messages,
            status=400,
        )
    if action == "publish":
        messages.success(
            request,
            _("Versie %(n)s van %(title)s is gepubliceerd; groepen kunnen hem nu kiezen.")
            % {"n": versie.number, "title": form["title"]},
        )
        return redirect("didactiek:frame_detail", frame.pk)
    messages.success(request, _("Het concept is opgeslagen."))
    return redirect("didactiek:frame_edit", frame.pk)


# --- AI helps design frames ----------------------------------------------------------------


@login_required
def frame_ai(request: HttpRequest) -> HttpResponse:
    if not _is_lo(request.user):
        raise Http404
    vragen = list(selectors.didactisch_kader())
    form = {
        "vragen": [],
        "doel": "",
        "werksituatie": "",
        "groepsgrootte": "5",
        "minutes": "60",
    }
    errors = []
    if request.method == "POST":
        post = request.POST
        form = {
            "vragen": parse_ids(post.getlist("vragen")),
            "doel": post.get("doel", ""),
            "werksituatie": post.get("werksituatie", ""),
            "groepsgrootte": post.get("groepsgrootte", "5"),
            "minutes": post.get("minutes", "60"),
        }
        try:
            size, minutes = int(form["groepsgrootte"]), int(form["minutes"])
        except ValueError:
            errors = [_("Geef de groepsgrootte en de lengte als hele getallen.")]
        else:
            with refusal() as refused:
                draft = services.frame_draft_request(
                    by=request.user,
                    vragen=[v for v in vragen if v.pk in set(form["vragen"])],
                    doel=form["doel"],
                    werksituatie_kind=form["werksituatie"]
                    if form["werksituatie"] in Werksituatie.Kind.values
                    else "",
                    groepsgrootte=size,
                    minutes=minutes,
                )
            if not refused:
                return redirect("didactiek:frame_ai_draft", draft.pk)
            errors = refused.messages
    return render(
        request,
        "didactiek/frame_ai.html",
        {
            "form": form,
            "errors": errors,
            "vragen": [(v, v.pk in set(form["vragen"])) for v in vragen],
            "kinds": Werksituatie.Kind.choices,
            "drafter": llm.drafter_label(request.user.organisation),
        },
        status=400 if errors else 200,
    )


@login_required
def frame_ai_draft(request: HttpRequest, draft_id: int) -> HttpResponse:
    if not _is_lo(request.user):
        raise Http404
    draft = didactiek_access.access_frame_draft(request.user, draft_id)
    template = "didactiek/_frame_draft.html" if request.htmx else "didactiek/frame_ai_draft.html"
    steps = [frames.step_of(s) for s in (draft.output or {}).get("stappen", [])]
    return render(request, template, {"draft": draft, "steps": steps})


@login_required
@require_POST
def frame_ai_concept(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = didactiek_access.access_frame_draft(request.user, draft_id)
    with refusal(request) as refused:
        versie = services.frame_draft_to_concept(draft=draft, by=request.user)
    if refused:
        return redirect("didactiek:frame_ai_draft", draft.pk)
    return redirect("didactiek:frame_edit", versie.frame_id)
