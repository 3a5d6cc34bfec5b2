"""The L&O dashboard: organisation-wide signals and aggregates, CSV downloads, and the one
action L&O takes on a traject — a short support message to a professional.

Only for people with the L&O role (``access.access_lo_dashboard``; anyone else gets a 404).
Rows open the traject *outline* (``trajecten:outline``), never activities or reflections.
"""

import csv
import itertools
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from trajecten import access as trajecten_access
from trajecten import lo_selectors, services
from werkplekleren import access

# Server-rendered SVG charts (the style of templates/trajecten/_chart.html), in SVG units.
WIDTH = 640
FUNNEL_LEFT = 150
FUNNEL_ROW = 30
VITALITY_HEIGHT = 170
VITALITY_LEFT = 30
VITALITY_TOP = 12
VITALITY_BOTTOM = 24


def _u(value: float) -> str:
    return f"{value:.1f}"


def funnel_chart(funnel: lo_selectors.Funnel) -> dict | None:
    """A horizontal bar per stage: how many proposals reached it."""
    if not funnel.total:
        return None
    top = max(s.reached for s in funnel.stages) or 1
    room = WIDTH - FUNNEL_LEFT - 40
    bars = []
    for index, stage in enumerate(funnel.stages):
        y = 6 + index * FUNNEL_ROW
        width = max(stage.reached / top * room, 1.0 if stage.reached else 0.0)
        bars.append(
            {
                "stage": stage,
                "y": _u(y),
                "text_y": _u(y + 15),
                "width": _u(width),
                "value_x": _u(FUNNEL_LEFT + width + 6),
            }
        )
    return {
        "width": WIDTH,
        "height": 6 + len(bars) * FUNNEL_ROW,
        "left": FUNNEL_LEFT,
        "label_x": FUNNEL_LEFT - 8,
        "bars": bars,
    }


def vitality_chart(vitality: lo_selectors.Vitality) -> dict | None:
    """A bar per month for the organisation's average energy (1–5); hidden months stay
    empty."""
    total = vitality.rows[0]
    if not any(c.average is not None for c in total.cells):
        return None
    plot = VITALITY_HEIGHT - VITALITY_TOP - VITALITY_BOTTOM
    baseline = VITALITY_TOP + plot
    step = (WIDTH - VITALITY_LEFT) / len(total.cells)
    bar_width = step * 0.6
    bars = []
    for index, cell in enumerate(total.cells):
        x = VITALITY_LEFT + index * step + (step - bar_width) / 2
        height = float(cell.average) / 5 * plot if cell.average is not None else 0
        bars.append(
            {
                "cell": cell,
                "x": _u(x),
                "y": _u(baseline - height),
                "width": _u(bar_width),
                "height": _u(height),
                "label_x": _u(x + bar_width / 2),
                "value_y": _u(baseline - height - 4),
            }
        )
    return {
        "width": WIDTH,
        "height": VITALITY_HEIGHT,
        "left": VITALITY_LEFT,
        "baseline": _u(baseline),
        "top_y": _u(VITALITY_TOP),
        "label_y": _u(VITALITY_HEIGHT - 6),
        "axis_x": _u(VITALITY_LEFT - 4),
        "bars": bars,
    }


def summary(signals, coverage, funnel, vitality, hours) -> dict:
    """What the dashboard says first, from the figures it already has (no query): how many
    trajecten run and stall, how far the proposals got, which questions no session worked on
    in the last month, and the latest organisation-wide vitality and hours."""

    def latest(table):
        total = table.rows[0] if table.rows else None
        cells = [c for c in (total.cells if total else []) if c.average is not None]
        return cells[-1] if cells else None

    stages = {stage.key: stage for stage in funnel.stages}
    last_month = [row.vraag for row in coverage.rows if row.cells and row.cells[-1].count == 0]
    return {
        "professionals": signals.total,
        "actief": signals.counts.get(lo_selectors.ACTIEF, 0),
        "stil": signals.counts.get(lo_selectors.STIL, 0),
        "niet_gestart": signals.counts.get(lo_selectors.NIET_GESTART, 0),
        "voorstellen": funnel.total,
        "effect": stages[lo_selectors.STAGES[-1][0]].reached if funnel.stages else 0,
        "overdue": funnel.overdue,
        "month": coverage.months[-1] if coverage.months else None,
        "vragen_zonder_sessie": last_month,
        "vitality": latest(vitality),
        "hours": latest(hours),
    }


def _render_dashboard(
    request: HttpRequest, *, bericht: dict | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    signals = lo_selectors.signals(
        user=user,
        today=today,
        team_id=request.GET.get("team"),
        signal=request.GET.get("signaal"),
        page=request.GET.get("pagina", 1),
    )
    coverage = lo_selectors.coverage(user=user, today=today)
    funnel = lo_selectors.funnel(user=user, today=today)
    vitality = lo_selectors.vitality(user=user, today=today)
    hours = lo_selectors.session_hours(user=user, today=today)
    aan = request.GET.get("aan", "")
    bericht = bericht or {"to": int(aan) if aan.isdigit() else None}
    recipients = [(row.user_id, row.name, row.team_name) for row in signals.rows]
    chosen = bericht.get("person")
    if chosen is not None and all(pk != chosen.pk for pk, _name, _team in recipients):
        # (Someone from another page of the list: they stay chosen.)
        recipients.insert(0, (chosen.pk, chosen.name, chosen.team.name if chosen.team else ""))
    return render(
        request,
        "trajecten/lo_dashboard.html",
        {
            "summary": summary(signals, coverage, funnel, vitality, hours),
            "signals": signals,
            "signal_figures": [
                (key, label, signals.counts[key]) for key, label in lo_selectors.SIGNALS.items()
            ],
            "coverage": coverage,
            "funnel": funnel,
            "funnel_chart": funnel_chart(funnel),
            "vitality": vitality,
            "vitality_chart": vitality_chart(vitality),
            "vitality_rows": vitality.shown_for(signals.team_id),
            "hours": hours,
            "hours_rows": hours.shown_for(signals.team_id),
            "recipients": recipients,
            "bericht": bericht,
            "max_length": services.SUPPORT_BERICHT_MAX,
        },
        status=status,
    )


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    access.access_lo_dashboard(request.user)
    return _render_dashboard(request)


# --- CSV downloads ---------------------------------------------------------------------------


def _signals_csv(request):
    """Per person: signals only, never a figure of hours."""
    data = lo_selectors.signals(
        user=request.user,
        team_id=request.GET.get("team"),
        signal=request.GET.get("signaal"),
        page_size=None,
    )
    yield [_("Naam"), _("Team"), _("Begin"), _("Einde"), _("Laatste sessie"), _("Signalen")]
    for row in data.rows:
        yield [
            row.name,
            row.team_name,
            row.start.isoformat() if row.start else "",
            row.end.isoformat() if row.end else "",
            row.last_session.isoformat() if row.last_session else "",
            "; ".join(row.signal_labels),
        ]


def _coverage_csv(request):
    data = lo_selectors.coverage(user=request.user)
    yield [_("Vraag"), *[m.strftime("%Y-%m") for m in data.months]]
    for row in data.rows:
        yield [f"{row.vraag.number}. {row.vraag.text}", *[c.count for c in row.cells]]


def _funnel_csv(request):
    data = lo_selectors.funnel(user=request.user)
    yield [_("Stap"), _("Bereikt"), _("Nu"), _("Mediaan dagen"), _("Te laat")]
    for stage in data.stages:
        median = stage.median_days if stage.median_days is not None else ""
        yield [stage.label, stage.reached, stage.now, median, stage.overdue]


def _team_months_csv(data, heading):
    yield [_("Groep"), _("Maand"), _("Mensen"), heading]
    for row in data.rows:
        for cell in row.cells:
            if cell.hidden:
                yield [row.label, cell.month.strftime("%Y-%m"), "", _("verborgen")]
            elif cell.average is not None:
                yield [row.label, cell.month.strftime("%Y-%m"), cell.people, cell.average]


def _vitality_csv(request):
    yield from _team_months_csv(lo_selectors.vitality(user=request.user), _("Gemiddelde energie"))


def _hours_csv(request):
    yield from _team_months_csv(lo_selectors.session_hours(user=request.user), _("Uren in sessies"))


CSV = {
    "signals": _signals_csv,
    "coverage": _coverage_csv,
    "funnel": _funnel_csv,
    "vitality": _vitality_csv,
    "uren": _hours_csv,
}


def _dutch_numbers(row: list) -> list:
    return [
        str(value).replace(".", ",") if isinstance(value, Decimal | float) else value
        for value in row
    ]


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a stream."""

    def write(self, value: str) -> str:
        return value


@login_required
@require_GET
def csv_download(request: HttpRequest, chart: str) -> StreamingHttpResponse:
    """The figures as CSV, streamed: rows leave as they are read (20,000 people or more).

    Made for Dutch Excel, which opens a file by double-click: a byte order mark (so it
    reads UTF-8, not Windows-1252) and a semicolon between the cells (the comma is the
    decimal separator there, and so it is in these files: "3,4")."""
    access.access_lo_dashboard(request.user)
    if chart not in CSV:
        raise Http404
    writer = csv.writer(_Echo(), delimiter=";")
    rows = (_dutch_numbers(row) for row in CSV[chart](request))
    first = next(rows)  # the access check and the first query happen before streaming
    response = StreamingHttpResponse(
        itertools.chain(
            ["\ufeff" + writer.writerow(first)], (writer.writerow(row) for row in rows)
        ),
        content_type="text/csv; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="lo-{chart}-{stamp}.csv"'
    return response


# --- Support messages -------------------------------------------------------------------------


@login_required
@require_POST
def bericht(request: HttpRequest) -> HttpResponse:
    """L&O sends a professional a short message (the service checks the rules). A refusal
    shows the dashboard again with the message as typed and the reason next to it."""
    access.access_lo_dashboard(request.user)
    text = request.POST.get("text", "")
    to_id = (request.POST.get("to") or "").strip()
    to = access.access_person(request.user, to_id) if to_id else None
    errors = {}
    if to is None:
        errors["to"] = [_("Kies aan wie je het bericht stuurt.")]
    else:
        try:
            services.support_bericht_send(by=request.user, to=to, text=text)
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"to": error.messages}
    if errors:
        bericht = {"to": to.pk if to else None, "person": to, "text": text, "errors": errors}
        return _render_dashboard(request, bericht=bericht, status=400)
    messages.success(request, _("Je bericht aan %(name)s is verstuurd.") % {"name": to.name})
    return redirect("lo:dashboard")


@login_required
@require_POST
def bericht_gelezen(request: HttpRequest, bericht_id: int) -> HttpResponse:
    """The recipient marks a message read; it leaves their home page."""
    bericht = trajecten_access.access_support_bericht(request.user, bericht_id)
    services.support_bericht_read(bericht=bericht, by=request.user)
    return redirect("home")


urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("<slug:chart>.csv", csv_download, name="csv"),
    path("bericht/", bericht, name="bericht"),
    path("bericht/<int:bericht_id>/gelezen/", bericht_gelezen, name="bericht_gelezen"),
]
