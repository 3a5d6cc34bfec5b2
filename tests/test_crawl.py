"""A crawl of every URL pattern and API route, as several roles, with real, malformed,
missing and oversized parameters, GET and POST: no input may make a server error.

The patterns come from the URL resolver itself (a new page is crawled without touching this
file); the POST field names come from the views' source (``request.POST.get("…")``, form
fields), so a new field is fed bad values too.
"""

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import get_resolver
from django.urls.resolvers import RoutePattern, URLPattern, URLResolver
from django.utils import timezone
from django.utils.http import urlencode

from didactiek.models import Verbetervoorstel
from tests.api.conftest import _organisation
from tests.factories import PASSWORD
from trajecten.models import LeerpadSuggestie
from weekcyclus.views.sessie import FACILITATOR_ACTIONS, PARTICIPANT_ACTIONS

ROOT = Path(__file__).resolve().parent.parent
HUGE = str(2**70)  # beyond 64 bits
LONG = "x" * 5000
FORM = "application/x-www-form-urlencoded"
SKIP_PREFIXES = ("beheer/",)  # Django's own admin: staff only, not our code


def _patterns(resolvers=None, prefix=""):
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), isinstance(entry.pattern, RoutePattern)


def _post_fields() -> list[str]:
    """Every POST field our views read, found in the source."""
    names: set[str] = set()
    sources = [
        p
        for app in ("werkplekleren", "didactiek", "weekcyclus", "trajecten", "profcirkel")
        for p in (ROOT / app).rglob("*.py")
        if "migrations" not in p.parts
    ]
    for path in sources:
        text = path.read_text()
        names |= set(re.findall(r"(?:POST|data|post|p)\.get(?:list)?\(\s*[\"'](\w+)[\"']", text))
        names |= set(re.findall(r"(?:POST|data|post|p)\[[\"'](\w+)[\"']\]", text))
        names |= set(re.findall(r"^\s+(\w+) = (?:forms|serializers)\.\w+\(", text, re.M))
    return sorted(names)


def _values(name: str, world) -> list[str]:
    """Real, malformed and oversized values for one URL parameter."""
    a = world.a
    real = {
        "team_id": a.team.pk,
        "person_id": a.non_member.pk,
        "member_id": a.groep.members.first().pk,
        "groep_id": a.groep.pk,
        "weekcyclus_id": a.cyclus.pk,
        "sessie_id": a.sessie.pk,
        "traject_id": a.traject.pk,
        "activiteit_id": a.traject.activiteiten.first().pk,
        "suggestie_id": world.suggestie_id,
        "gesprek_id": a.gesprek.pk,
        "punt_id": a.gesprek.agendapunten.first().pk,
        "afspraak_id": a.gesprek.afspraken.first().pk,
        "cirkel_id": world.cirkel_id,
        "voorstel_id": a.voorstel.pk,
        "pk": a.voorstel.pk,  # (API routes: see API_PK)
        "idea_id": a.idee.pk,
        "bericht_id": 1,
        "code": a.sessie.join_code,
        "token": world.gast.token,
        "ticket": "onbekend",
        "chart": "signals",
        "decision": "accept",
    }
    if name == "action":
        return sorted(set(FACILITATOR_ACTIONS) | set(PARTICIPANT_ACTIONS) | {"x"})
    if name == "format":
        return ["json", "xml"]
    value = real.get(name)
    if isinstance(value, int) or name.endswith("_id") or name == "pk":
        return [str(value or 1), HUGE]
    return [str(value or "x"), LONG[:300]]


def _api_pk(pattern: str, world) -> str:
    """The id of a real object of the API resource in ``pattern``."""
    a = world.a
    objects = {
        "groups": a.groep,
        "weekcycli": a.cyclus,
        "sessions": a.sessie,
        "proposals": a.voorstel,
        "bank": a.voorstel,
        "trajecten": a.traject,
        "activities": a.traject.activiteiten.first(),
        "traject-outlines": a.traject,
        "gesprekken": a.gesprek,
    }
    resource = pattern.removeprefix("api/^").split("/")[0].split("\\")[0]
    return str(objects[resource].pk)


def _urls(world) -> list[tuple[str, str]]:
    """(pattern, url) for every pattern, each parameter in each of its values (the other
    parameters at their first, real value)."""
    urls = []
    for pattern, is_route in _patterns():
        if pattern.startswith(SKIP_PREFIXES):
            continue
        if is_route:
            names = re.findall(r"<(?:\w+:)?(\w+)>", pattern)

            def build(values, pattern=pattern):
                return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], pattern)

        else:  # a DRF regex route
            names = re.findall(r"\(\?P<(\w+)>", pattern)

            def build(values, pattern=pattern):
                path = pattern.replace("^", "").replace("$", "").replace("/?", "/")
                path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: values[m.group(1)], path)
                return "/" + path.replace("\\.", ".")

        choices = {name: _values(name, world) for name in names}
        if not is_route and "pk" in choices:
            choices["pk"][0] = _api_pk(pattern, world)
        first = {name: options[0] for name, options in choices.items()}
        seen = {build(first)}
        urls.append((pattern, build(first)))
        for name, options in choices.items():
            for option in options[1:]:
                url = build({**first, name: option})
                if url not in seen:
                    seen.add(url)
                    urls.append((pattern, url))
    return urls


@pytest.fixture
def crawl_world(org, other_org, kader):
    from profcirkel import services as profcirkel_services

    world = SimpleNamespace(a=_organisation(org, label="A"), b=_organisation(other_org, label="B"))
    cirkel = profcirkel_services.cirkel_open(team=world.a.team, by=world.a.leidinggevende)
    world.cirkel_id = cirkel.pk
    # The proposal in progress went through the team's circle: the bank's pages and API
    # routes are crawled with a real item too.
    Verbetervoorstel.objects.filter(pk=world.a.voorstel.pk).update(
        cirkel=cirkel, submitted_at=timezone.now()
    )
    from weekcyclus import services as weekcyclus_services

    world.gast = weekcyclus_services.gast_invite(
        sessie=world.a.sessie, by=world.a.professional, name="Gast"
    )
    suggestie = LeerpadSuggestie.objects.first()
    world.suggestie_id = suggestie.pk if suggestie else 1
    return world


@pytest.mark.django_db(transaction=False)
def test_no_input_makes_a_server_error(crawl_world):
    world = crawl_world
    fields = _post_fields()
    assert {"next", "step", "colleagues", "text"} <= set(fields)
    bodies = [
        {},  # everything missing
        dict.fromkeys(fields, HUGE),  # ids beyond 64 bits, numbers too large
        dict.fromkeys(fields, "abc\x00" + LONG),  # malformed, oversized, a NUL byte
    ]
    # Encoded once, as a browser sends our forms (application/x-www-form-urlencoded): the
    # views read the same request.POST, and the crawl does not spend most of its time
    # writing and parsing the same multipart bodies thousands of times.
    encoded = [urlencode(body) for body in bodies]
    queries = ["?page=abc&team=" + HUGE + "&signaal=x&groep=abc&q=" + LONG[:2000]]
    roles = {
        "anonymous": None,
        "lo": world.a.lo,
        "leidinggevende": world.a.leidinggevende,
        "admin": world.a.admin,
        "other organisation": world.b.professional,
        "guest": "guest",
        "professional": world.a.professional,  # last: their POSTs change the most
    }
    urls = _urls(world)
    assert len({pattern for pattern, _url in urls}) >= 100

    failures = []
    requests = 0
    for role, user in roles.items():
        client = Client(raise_request_exception=False)

        def sign_in(client=client, user=user):
            if user == "guest":  # joined through the guest link, no account
                assert client.post(f"/gast/{world.gast.token}/").status_code < 500
            elif user is not None:
                assert client.login(username=user.email, password=PASSWORD)

        sign_in()
        for pattern, url in urls:
            if pattern == "accounts/logout/":
                continue  # crawled last, below: it would end the role's session
            for query in queries:
                response = client.get(url + query)
                requests += 1
                if response.status_code >= 500:
                    failures.append((role, "GET", url + query[:40], response.status_code))
            for body, data in zip(bodies, encoded, strict=True):
                response = client.post(url, data, content_type=FORM)
                requests += 1
                if response.status_code >= 500:
                    failures.append((role, "POST", url, sorted(body)[:1], response.status_code))
            if pattern.startswith("api/"):
                response = client.post(
                    url, {"text": LONG, "step": "x"}, content_type="application/json"
                )
                requests += 1
                if response.status_code >= 500:
                    failures.append((role, "POST json", url, response.status_code))
    for url in ("/accounts/logout/", "/accounts/logout/?next=" + LONG):
        assert Client().post(url).status_code < 500
    assert requests > 1000
    assert failures == [], "\n".join(map(str, failures))


# --- The cases the walk of issue 12 found, one by one ------------------------------------------


@pytest.mark.django_db
def test_format_suffix_routes_answer_not_found(crawl_world, login):
    client = login(crawl_world.a.professional)
    voorstel = crawl_world.a.voorstel.pk
    assert client.get("/api/traject-outlines.json").status_code == 404
    assert client.post(f"/api/proposals/{voorstel}/submit.json").status_code == 404
    assert client.get("/api/traject-outlines/").status_code == 200


@pytest.mark.django_db
def test_suggestie_with_a_bare_word_as_next_goes_back_to_the_activities(crawl_world, login):
    traject = crawl_world.a.traject
    client = login(crawl_world.a.professional)
    response = client.post(f"/traject/{traject.pk}/suggesties/", {"next": "1", "source": "x"})
    assert response.status_code == 302
    assert response["Location"] == f"/traject/{traject.pk}/activiteiten/"


@pytest.mark.django_db
def test_groep_create_with_an_id_beyond_64_bits_is_a_form_error(crawl_world, login):
    from weekcyclus.models import Groep

    client = login(crawl_world.a.professional)
    before = Groep.objects.count()
    response = client.post("/groepen/nieuw/", {"name": "Nieuwe groep", "colleagues": [HUGE]})
    assert response.status_code == 200
    assert "Nieuwe groep" in response.content.decode()  # what was typed stays
    assert Groep.objects.count() == before


@pytest.mark.django_db
def test_access_helpers_answer_404_for_ids_beyond_64_bits(crawl_world):
    from django.http import Http404

    from weekcyclus import access

    for value in (HUGE, "-1", "0", "abc", None, "1e3"):
        with pytest.raises(Http404):
            access.access_groep(crawl_world.a.professional, value)


@pytest.mark.django_db
def test_nul_bytes_in_form_and_query_are_dropped_not_a_server_error(crawl_world, login):
    from weekcyclus.models import Groep

    client = login(crawl_world.a.professional)
    response = client.post("/groepen/nieuw/", {"name": "Nul\x00groep"})
    assert response.status_code == 302
    assert Groep.objects.filter(name="Nulgroep").exists()  # what was typed, minus the NUL
    assert client.get("/doe-mee/?code=AB%00CD").status_code < 500
    assert client.post("/doe-mee/", {"code": "\x00"}).status_code < 500
    assert client.get("/s/AB%00CD/").status_code == 404
