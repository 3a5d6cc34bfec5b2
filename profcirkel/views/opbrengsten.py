"""The opbrengsten page and its CSV: what learning yielded, as privacy-safe aggregates
(``profcirkel.opbrengsten``). For L&O (the whole organisation) and leidinggevenden (their
teams and the teams below them); anyone else gets a 404."""

import csv

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import formats
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .. import charts
from .. import opbrengsten as selectors


def _month(m) -> str:
    return formats.date_format(m, "M Y")


def _charts(data: selectors.Opbrengsten) -> dict:
    categories = [_month(m) for m in data.months]
    result = {
        "voorstellen": charts.bars(
            title=_("Voorstellen per maand"),
            categories=categories,
            series=[
                (label, [row.stages[key] for row in data.rows]) for key, label in data.stage_labels
            ],
        ),
        "vragen": charts.bars(
            title=_("Voorstellen per vraag van het kader"),
            categories=[str(row.vraag.number) for row in data.vragen],
            series=[
                (_("Gemaakt"), [row.stages["gemaakt"] for row in data.vragen]),
                (_("Gerealiseerd"), [row.stages["gerealiseerd"] for row in data.vragen]),
                (_("Effect beoordeeld"), [row.stages["effect"] for row in data.vragen]),
            ],
        ),
        "uren": charts.bars(
            title=_("Leertijd: beschikbaar gesteld en gebruikt (uren)"),
            categories=categories,
            series=[
                (_("Beschikbaar"), [h.available for h in data.hours]),
                (_("Gebruikt"), [h.used for h in data.hours]),
            ],
        ),
    }
    vitality_rows = [r for r in data.vitality.rows if any(c.average for c in r.cells)][:6]
    result["vitaliteit"] = charts.lines(
        title=_("Energie bij de check-in (1–5), gemiddeld"),
        categories=categories,
        series=[(r.label, [c.average for c in r.cells]) for r in vitality_rows],
        low=1,
        high=5,
    )
    return result


@login_required
def opbrengsten(request: HttpRequest) -> HttpResponse:
    data = selectors.opbrengsten(
        user=request.user, period=request.GET.get("maanden"), team=request.GET.get("team")
    )
    query = {"maanden": data.period}
    if data.team_id:
        query["team"] = data.team_id
    return render(
        request,
        "profcirkel/opbrengsten.html",
        {
            "data": data,
            "charts": _charts(data),
            "periods": selectors.PERIODS,
            "answers": selectors.ANSWERS,
            "summed": selectors.SUMMED,
            "averaged": selectors.AVERAGED,
            "query": urlencode(query),
        },
    )


@login_required
def opbrengsten_csv(request: HttpRequest) -> HttpResponse:
    """The page's figures as CSV (semicolons, for Dutch spreadsheets): per month, per
    question, vitality and hours. Figures only: no names, no proposal titles."""
    data = selectors.opbrengsten(
        user=request.user, period=request.GET.get("maanden"), team=request.GET.get("team")
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="opbrengsten.csv"'
    response.write("\ufeff")
    out = csv.writer(response, delimiter=";")
    months = [m.strftime("%Y-%m") for m in data.months]
    out.writerow([_("onderdeel"), _("cijfer"), *months, _("totaal")])
    for key, label in data.stage_labels:
        out.writerow(
            [_("voorstellen"), label, *[r.stages[key] for r in data.rows], data.totals.stages[key]]
        )
    for key, label in selectors.ANSWERS:
        out.writerow(
            [_("antwoorden"), label, *[r.answers[key] for r in data.rows], data.totals.answers[key]]
        )
    for key, label in selectors.SUMMED:
        out.writerow(
            [_("effecten"), label, *[_n(r.sums[key]) for r in data.rows], _n(data.totals.sums[key])]
        )
    for key, label in selectors.AVERAGED:
        out.writerow(
            [
                _("effecten"),
                label,
                *[_n(r.averages[key][0]) for r in data.rows],
                _n(data.totals.averages[key][0]),
            ]
        )
    for row in data.vragen:
        out.writerow(
            [
                _("vraag %(n)s") % {"n": row.vraag.number},
                _("gemaakt / gerealiseerd / effect beoordeeld / effecten bij deze vraag"),
                *[""] * len(months),
                f"{row.stages['gemaakt']} / {row.stages['gerealiseerd']} / "
                f"{row.stages['effect']} / {row.effecten}",
            ]
        )
    for row in data.vitality.rows:
        out.writerow(
            [_("energie bij check-in (1–5)"), row.label, *[_n(c.average) for c in row.cells], ""]
        )
    for row in data.session_hours.rows:
        out.writerow([_("uren in sessies"), row.label, *[_n(c.average) for c in row.cells], ""])
    out.writerow(
        [_("leertijd"), _("beschikbaar (uren)"), *[_n(h.available) for h in data.hours], ""]
    )
    out.writerow([_("leertijd"), _("gebruikt (uren)"), *[_n(h.used) for h in data.hours], ""])
    return response


def _n(value) -> str:
    """A figure with a decimal comma; a hidden figure is empty."""
    if value is None:
        return ""
    return str(value).replace(".", ",")


urlpatterns = [
    path("opbrengsten/", opbrengsten, name="opbrengsten"),
    path("opbrengsten/opbrengsten.csv", opbrengsten_csv, name="opbrengsten_csv"),
]
