"""Progress of one's own Prof-traject, and the outline others (leidinggevende, L&O) may see.

Everything is fetched through werkplekleren.access: the progress pages through
``own_trajecten_for`` / ``access_own_traject``, the outline through ``access_traject_outline``.
"""

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from trajecten import access as trajecten_access
from trajecten import selectors
from trajecten.models import ProfTraject
from weekcyclus import access as weekcyclus_access
from weekcyclus.selectors import upcoming_sessies
from werkplekleren import access
from werkplekleren.models import Role

SUGGESTIES_TEMPLATE = "trajecten/_suggesties.html"

# The week chart (server-rendered SVG, see templates/trajecten/_chart.html), in SVG units.
CHART_WIDTH = 640
CHART_HEIGHT = 180
CHART_LEFT = 46  # room for the hour labels
CHART_TOP = 12
CHART_BOTTOM = 24  # room for the week numbers


def _units(value: float) -> str:
    # A string, so the template never localises a coordinate into "12,5".
    return f"{value:.1f}"


def chart_for(hours: selectors.Hours) -> dict | None:
    """Coordinates for the week chart: a bar per week for the hours used, a marker per week
    for the hours made available, and a few labels."""
    weeks = hours.weeks
    if not weeks:
        return None
    top = max([w.used for w in weeks] + [w.available for w in weeks] + [Decimal(1)])
    top = float(top) * 1.1
    plot_height = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    baseline = CHART_TOP + plot_height
    step = (CHART_WIDTH - CHART_LEFT) / len(weeks)
    bar_width = max(step * 0.66, 1.0)
    label_every = max(1, round(len(weeks) / 13))

    def y(hours_value: Decimal) -> float:
        return baseline - float(hours_value) / top * plot_height

    bars = []
    for index, week in enumerate(weeks):
        x = CHART_LEFT + index * step + (step - bar_width) / 2
        bar_top = y(week.used)
        bars.append(
            {
                "week": week,
                "x": _units(x),
                "y": _units(bar_top),
                "width": _units(bar_width),
                "height": _units(baseline - bar_top),
                "mark_x1": _units(x - step * 0.1),
                "mark_x2": _units(x + bar_width + step * 0.1),
                "mark_y": _units(y(week.available)),
                "label_x": _units(x + bar_width / 2),
                "show_label": index % label_every == 0 or index == len(weeks) - 1,
            }
        )
    top_hours = Decimal(str(top / 1.1)).quantize(Decimal("0.1"))
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "bars": bars,
        "left": CHART_LEFT,
        "right": CHART_WIDTH,
        "baseline": _units(baseline),
        "label_y": _units(CHART_HEIGHT - 6),
        "axis_x": _units(CHART_LEFT - 4),
        "top_y": _units(y(top_hours)),
        "top_label_y": _units(y(top_hours) + 4),
        "top_hours": top_hours,
        "zero_label_y": _units(baseline + 4),
    }


def _suggesties_template() -> str | None:
    """The suggestions partial of the composing pages, once it exists."""
    try:
        get_template(SUGGESTIES_TEMPLATE)
    except TemplateDoesNotExist:
        return None
    return SUGGESTIES_TEMPLATE


def _progress(request: HttpRequest, traject: ProfTraject) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    hours = selectors.hours(traject=traject, today=today)
    read_only = traject.state == ProfTraject.State.AFGEROND
    context = {
        "traject": traject,
        "read_only": read_only,
        "hours": hours,
        "chart": chart_for(hours),
        "weeks_elapsed": len(hours.weeks),
        "coverage": selectors.coverage(traject=traject, today=today),
        "proposals": selectors.proposals(user=user, since=traject.start, until=traject.end),
        "sessies": [] if read_only else upcoming_sessies(weekcyclus_access.sessies_for(user)),
        "earlier": list(
            trajecten_access.own_trajecten_for(user)
            .filter(state=ProfTraject.State.AFGEROND)
            .exclude(pk=traject.pk)
            .order_by("-end", "-pk")
        ),
        "suggesties_template": None,
    }
    if not read_only and (template := _suggesties_template()):
        context["suggesties_template"] = template
        context["suggesties"] = selectors.session_suggestions(traject=traject)
    return render(request, "trajecten/voortgang_detail.html", context)


@login_required
@require_GET
def voortgang(request: HttpRequest) -> HttpResponse:
    """The person's active Prof-traject (or their concept); without one, a friendly start."""
    traject = selectors.active_traject(user=request.user)
    if traject is None:
        earlier = list(
            trajecten_access.own_trajecten_for(request.user)
            .filter(state=ProfTraject.State.AFGEROND)
            .order_by("-end", "-pk")
        )
        may_compose = Role.PROFESSIONAL in request.user.roles
        return render(
            request,
            "trajecten/voortgang_start.html",
            {"earlier": earlier, "may_compose": may_compose},
        )
    return _progress(request, traject)


@login_required
@require_GET
def detail(request: HttpRequest, traject_id: int) -> HttpResponse:
    """One of the person's own trajecten, a finished one read-only."""
    traject = trajecten_access.access_own_traject(request.user, traject_id)
    return _progress(request, traject)


@login_required
@require_GET
def outline(request: HttpRequest, traject_id: int) -> HttpResponse:
    """The outline of someone's Prof-traject, for whoever may see it (access decides)."""
    traject = trajecten_access.access_traject_outline(request.user, traject_id)
    return render(
        request,
        "trajecten/outline_detail.html",
        {
            "outline": selectors.outline(traject=traject),
            "is_own": traject.user_id == request.user.pk,
            "show_hours": bool(access.hours_visible_of(request.user, [traject.user_id])),
        },
    )


urlpatterns = [
    path("", voortgang, name="voortgang"),
    path("<int:traject_id>/", detail, name="detail"),
    path("overzicht/<int:traject_id>/", outline, name="outline"),
]
