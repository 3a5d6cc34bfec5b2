"""Writes through the API for proposal follow-up, one's own activities and conversations:
each a thin call of the app's service, refused like the pages (400 with the Dutch reason,
404 for whoever may not see or do it)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from didactiek.models import Verbetervoorstel
from profcirkel.models import Agendapunt, Gespreksafspraak, Talentontwikkelgesprek, VoorstelUpdate
from tests.api.conftest import PRIVATE_OF_LEIDINGGEVENDE, PRIVATE_OF_PROFESSIONAL
from tests.factories import UserFactory
from trajecten.models import Leeractiviteit, ProfTraject, Tijdregistratie
from weekcyclus.models import Sessie

pytestmark = pytest.mark.django_db


def _detail(response) -> str:
    """The refusal's reasons, as one string."""
    assert response.status_code == 400, response.content
    return " ".join(response.json()["detail"])


# --- Proposals: submit, answer, assign, implemented, effect --------------------------------


def _voorstel(w, status=Verbetervoorstel.Status.GEVALIDEERD) -> Verbetervoorstel:
    """A validated proposal of group A, from another closed session, not yet submitted."""
    earlier = w.voorstel.sessie
    sessie = Sessie.objects.create(
        weekcyclus=earlier.weekcyclus,
        number=3,
        starts_at=earlier.starts_at - timedelta(days=1),
        state=Sessie.State.CLOSED,
    )
    return Verbetervoorstel.objects.create(
        organisation=w.org, sessie=sessie, titel="Overdracht op papier", status=status
    )


def _post(client, voorstel, step, data=None):
    return client.post(f"/api/proposals/{voorstel.pk}/{step}/", data or {}, format="json")


def test_the_whole_follow_up_of_a_proposal(world, api):
    w = world.a
    voorstel = _voorstel(w)

    response = _post(api(w.professional), voorstel, "submit")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == Verbetervoorstel.Status.INGEDIEND
    voorstel.refresh_from_db()
    assert voorstel.status == Verbetervoorstel.Status.INGEDIEND
    assert voorstel.cirkel.team == w.team
    assert voorstel.submitted_at is not None

    response = _post(
        api(w.leidinggevende),
        voorstel,
        "answer",
        {"antwoord": "aangepast", "reden": "Eerst één team"},
    )
    assert response.status_code == 200, response.content
    voorstel.refresh_from_db()
    assert voorstel.status == Verbetervoorstel.Status.BEANTWOORD
    assert voorstel.antwoord == Verbetervoorstel.Antwoord.AANGEPAST
    assert voorstel.antwoord_reden == "Eerst één team"
    assert voorstel.answered_by == w.leidinggevende

    due = timezone.localdate() + timedelta(days=14)
    response = _post(
        api(w.leidinggevende),
        voorstel,
        "assign",
        {"owner": w.member.pk, "due_date": due.isoformat()},
    )
    assert response.status_code == 200, response.content
    assert response.json()["owner"] == {"id": w.member.pk, "name": w.member.name}
    voorstel.refresh_from_db()
    assert voorstel.status == Verbetervoorstel.Status.IN_UITVOERING
    assert (voorstel.owner, voorstel.due_date) == (w.member, due)

    response = _post(api(w.member), voorstel, "implemented")
    assert response.status_code == 200, response.content
    voorstel.refresh_from_db()
    assert voorstel.status == Verbetervoorstel.Status.GEREALISEERD
    assert voorstel.implemented_at is not None

    response = _post(
        api(w.professional),
        voorstel,
        "effect",
        {
            "effect": "Minder vergeten bij de overdracht",
            "vragen": [1, 9],
            "cijfers": {"tevredenheid": 8, "foutpercentage": None},
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["effect_cijfers"] == {"tevredenheid": 8}
    voorstel.refresh_from_db()
    assert voorstel.status == Verbetervoorstel.Status.EFFECT_BEOORDEELD
    assert voorstel.effect == "Minder vergeten bij de overdracht"
    assert sorted(voorstel.effect_vragen.values_list("number", flat=True)) == [1, 9]
    # Every step was written down for the group.
    assert VoorstelUpdate.objects.filter(voorstel=voorstel).count() == 5


def test_refused_transitions_are_400_with_the_reason(world, api):
    w = world.a
    voorstel = _voorstel(w)
    professional, leidinggevende = api(w.professional), api(w.leidinggevende)
    assert _post(professional, voorstel, "submit").status_code == 200

    again = _post(professional, voorstel, "submit")
    assert "al ingediend bij een Prof-cirkel" in _detail(again)
    assert "in uitvoering" in _detail(_post(leidinggevende, voorstel, "implemented"))
    effect = _post(professional, voorstel, "effect", {"effect": "x"})
    assert "nadat het voorstel is gerealiseerd" in _detail(effect)
    no_reason = _post(leidinggevende, voorstel, "answer", {"antwoord": "afgewezen"})
    assert "is een reden nodig" in _detail(no_reason)
    voorstel.refresh_from_db()
    assert voorstel.status == Verbetervoorstel.Status.INGEDIEND
    assert voorstel.antwoord == ""

    rejected = _post(
        leidinggevende, voorstel, "answer", {"antwoord": "afgewezen", "reden": "Te duur"}
    )
    assert rejected.status_code == 200
    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    assign = _post(leidinggevende, voorstel, "assign", {"owner": w.member.pk, "due_date": due})
    assert "afgewezen voorstel krijgt geen eigenaar" in _detail(assign)
    voorstel.refresh_from_db()
    assert voorstel.owner is None
    assert VoorstelUpdate.objects.filter(voorstel=voorstel).count() == 2


def test_assign_and_effect_check_their_input(world, api):
    w = world.a
    voorstel = _voorstel(w)
    client = api(w.professional)
    assert _post(client, voorstel, "submit").status_code == 200
    leidinggevende = api(w.leidinggevende)
    assert _post(leidinggevende, voorstel, "answer", {"antwoord": "overgenomen"}).status_code == 200
    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    # Someone of another organisation is no one here: the same words as an unknown id.
    for stranger in (world.b.professional.pk, 2**40):
        foreign = _post(leidinggevende, voorstel, "assign", {"owner": stranger, "due_date": due})
        assert "iemand uit de organisatie" in _detail(foreign)
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    late = _post(leidinggevende, voorstel, "assign", {"owner": w.member.pk, "due_date": past})
    assert "in het verleden" in _detail(late)
    voorstel.refresh_from_db()
    assert voorstel.status == Verbetervoorstel.Status.BEANTWOORD

    # Realised by hand to check the review's input.
    Verbetervoorstel.objects.filter(pk=voorstel.pk).update(
        status=Verbetervoorstel.Status.GEREALISEERD
    )
    out_of_range = _post(
        client, voorstel, "effect", {"effect": "x", "cijfers": {"tevredenheid": 11}}
    )
    assert "ligt tussen 1 en 10" in _detail(out_of_range)
    unknown = _post(client, voorstel, "effect", {"effect": "x", "cijfers": {"geluk": 3}})
    assert unknown.status_code == 400
    assert "Onbekend cijfer: geluk." in str(unknown.json())
    assert _post(client, voorstel, "effect", {"effect": "x", "vragen": [11]}).status_code == 400
    voorstel.refresh_from_db()
    assert voorstel.status == Verbetervoorstel.Status.GEREALISEERD


@pytest.mark.parametrize("who", ["foreign", "foreign_leidinggevende", "non_member", "lo_b"])
@pytest.mark.parametrize("step", ["submit", "answer", "assign", "implemented", "effect"])
def test_a_proposal_out_of_sight_is_404(world, api, who, step):
    user = {
        "foreign": world.b.professional,
        "foreign_leidinggevende": world.b.leidinggevende,
        "non_member": world.a.non_member,  # same team, not in the group, not submitted yet
        "lo_b": world.b.lo,
    }[who]
    voorstel = _voorstel(world.a)
    response = _post(api(user), voorstel, step, {"antwoord": "overgenomen", "effect": "x"})
    assert response.status_code == 404
    voorstel.refresh_from_db()
    assert voorstel.status == Verbetervoorstel.Status.GEVALIDEERD
    assert not VoorstelUpdate.objects.exists()


def test_a_step_that_is_not_yours_is_404(world, api):
    """Seeing the proposal is not being allowed to act on it: a PermissionDenied is a 404."""
    w = world.a
    voorstel = _voorstel(w)
    assert _post(api(w.lo), voorstel, "submit").status_code == 404  # L&O reads, is no member
    assert _post(api(w.professional), voorstel, "submit").status_code == 200
    # A member of the group reads it, but only the circle's leidinggevende answers.
    assert _post(api(w.member), voorstel, "answer", {"antwoord": "overgenomen"}).status_code == 404
    # The in-progress proposal of the world: only its owner or the leidinggevende realises it.
    assert _post(api(w.member), w.voorstel, "implemented").status_code == 404
    voorstel.refresh_from_db()
    w.voorstel.refresh_from_db()
    assert voorstel.status == Verbetervoorstel.Status.INGEDIEND
    assert w.voorstel.status == Verbetervoorstel.Status.IN_UITVOERING


# --- One's own activities and time ---------------------------------------------------------


def test_owner_adds_changes_and_writes_time_on_an_activity(world, api):
    w = world.a
    client = api(w.professional)
    response = client.post(
        f"/api/trajecten/{w.traject.pk}/activities/",
        {
            "kind": "boek",
            "title": "  Rust in de klas  ",
            "link": "https://example.org/boek",
            "planned_minutes": 90,
            "vragen": [1, 9],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["title"], data["vragen"], data["logged_minutes"]) == ("Rust in de klas", [1, 9], 0)
    activiteit = Leeractiviteit.objects.get(pk=data["id"])
    assert activiteit.traject == w.traject
    assert (activiteit.kind, activiteit.planned_minutes) == ("boek", 90)
    assert activiteit.status == Leeractiviteit.Status.GEPLAND

    day = timezone.localdate()  # (within the traject's period, which starts today)
    response = client.post(
        f"/api/activities/{activiteit.pk}/time/",
        {"minutes": 30, "day": day.isoformat()},
        format="json",
    )
    assert response.status_code == 201, response.content
    entry = Tijdregistratie.objects.get(pk=response.json()["id"])
    assert (entry.activiteit, entry.minutes, entry.day) == (activiteit, 30, day)
    activiteit.refresh_from_db()
    assert activiteit.status == Leeractiviteit.Status.BEZIG  # time written: under way

    response = client.patch(
        f"/api/activities/{activiteit.pk}/",
        {"status": "afgerond", "reflectie": "Ik geef nu eerder grenzen aan"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["logged_minutes"] == 30
    activiteit.refresh_from_db()
    assert activiteit.status == Leeractiviteit.Status.AFGEROND
    assert activiteit.reflectie == "Ik geef nu eerder grenzen aan"
    assert activiteit.title == "Rust in de klas"  # what was not sent stays
    assert sorted(activiteit.vragen.values_list("number", flat=True)) == [1, 9]

    response = client.patch(f"/api/activities/{activiteit.pk}/", {"vragen": [2]}, format="json")
    assert response.status_code == 200
    assert list(activiteit.vragen.values_list("number", flat=True)) == [2]
    assert client.get(f"/api/activities/{activiteit.pk}/").json()["vragen"] == [2]


def test_a_finished_traject_stays_as_it_was(world, api):
    w = world.a
    activiteit = w.traject.activiteiten.get()
    ProfTraject.objects.filter(pk=w.traject.pk).update(state=ProfTraject.State.AFGEROND)
    client = api(w.professional)
    reason = "Een afgerond Prof-traject blijft zoals het was."
    add = client.post(
        f"/api/trajecten/{w.traject.pk}/activities/",
        {"kind": "boek", "title": "Nog één"},
        format="json",
    )
    assert reason in _detail(add)
    patch = client.patch(f"/api/activities/{activiteit.pk}/", {"title": "Anders"}, format="json")
    assert reason in _detail(patch)
    time = client.post(f"/api/activities/{activiteit.pk}/time/", {"minutes": 5}, format="json")
    assert reason in _detail(time)
    activiteit.refresh_from_db()
    assert activiteit.title != "Anders"
    assert w.traject.activiteiten.count() == 1
    assert not Tijdregistratie.objects.exists()


def test_activity_input_is_checked(world, api):
    w = world.a
    activiteit = w.traject.activiteiten.get()
    client = api(w.professional)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    future = client.post(
        f"/api/activities/{activiteit.pk}/time/", {"minutes": 5, "day": tomorrow}, format="json"
    )
    assert "geen tijd in de toekomst" in _detail(future)
    too_long = client.post(f"/api/activities/{activiteit.pk}/time/", {"minutes": 24 * 60 + 1})
    assert too_long.status_code == 400
    bad = client.post(
        f"/api/trajecten/{w.traject.pk}/activities/",
        {"kind": "boek", "title": "x", "vragen": [11]},
        format="json",
    )
    assert bad.status_code == 400
    assert not Tijdregistratie.objects.exists()
    assert w.traject.activiteiten.count() == 1


@pytest.mark.parametrize(
    "who", ["leidinggevende", "member", "lo", "admin", "foreign", "foreign_leidinggevende"]
)
def test_someone_elses_traject_and_activities_are_404(world, api, who):
    user = {
        "foreign": world.b.professional,
        "foreign_leidinggevende": world.b.leidinggevende,
    }.get(who) or getattr(world.a, who)
    traject = world.a.traject
    activiteit = traject.activiteiten.get()
    client = api(user)
    add = client.post(
        f"/api/trajecten/{traject.pk}/activities/", {"kind": "boek", "title": "x"}, format="json"
    )
    assert add.status_code == 404
    url = f"/api/activities/{activiteit.pk}/"
    assert client.get(url).status_code == 404
    assert client.patch(url, {"reflectie": "gelezen"}, format="json").status_code == 404
    assert client.post(f"{url}time/", {"minutes": 5}, format="json").status_code == 404
    activiteit.refresh_from_db()
    assert activiteit.reflectie != "gelezen"
    assert traject.activiteiten.count() == 1
    assert not Tijdregistratie.objects.exists()


# --- Conversations: talking points and agreements ------------------------------------------


def test_participants_add_points_and_private_ones_stay_private(world, api):
    w = world.a
    url = f"/api/gesprekken/{w.gesprek.pk}/"
    response = api(w.leidinggevende).post(
        f"{url}points/", {"text": "  Rooster na de zomer ", "shared": False}, format="json"
    )
    assert response.status_code == 201, response.content
    assert PRIVATE_OF_PROFESSIONAL not in response.content.decode()
    punt = Agendapunt.objects.get(pk=response.json()["id"])
    assert (punt.gesprek, punt.author, punt.text, punt.shared) == (
        w.gesprek,
        w.leidinggevende,
        "Rooster na de zomer",
        False,
    )

    response = api(w.professional).post(f"{url}points/", {"text": "Werkdruk"}, format="json")
    assert response.status_code == 201
    assert Agendapunt.objects.get(pk=response.json()["id"]).shared is True
    body = response.content.decode()
    assert "Rooster na de zomer" not in body and PRIVATE_OF_LEIDINGGEVENDE not in body

    # Each sees the shared points and their own private ones, never the other's.
    seen_by_professional = api(w.professional).get(url).content.decode()
    assert "Werkdruk" in seen_by_professional
    assert "Rooster na de zomer" not in seen_by_professional
    seen_by_leidinggevende = api(w.leidinggevende).get(url).content.decode()
    assert "Rooster na de zomer" in seen_by_leidinggevende
    assert PRIVATE_OF_PROFESSIONAL not in seen_by_leidinggevende


def test_participants_add_agreements(world, api):
    w = world.a
    url = f"/api/gesprekken/{w.gesprek.pk}/agreements/"
    due = timezone.localdate() + timedelta(days=30)
    response = api(w.professional).post(
        url,
        {
            "text": "Opleidingsbudget regelen",
            "owner": w.leidinggevende.pk,
            "due_date": due.isoformat(),
            "for_organisation": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    afspraak = Gespreksafspraak.objects.get(pk=response.json()["id"])
    assert (afspraak.gesprek, afspraak.owner, afspraak.due_date) == (
        w.gesprek,
        w.leidinggevende,
        due,
    )
    assert afspraak.for_organisation is True
    response = api(w.leidinggevende).post(
        url, {"text": "Cursus kiezen", "owner": w.professional.pk}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["owner"]["id"] == w.professional.pk
    assert w.gesprek.afspraken.count() == 3


def test_conversation_refusals_are_400_with_the_reason(world, api):
    w = world.a
    url = f"/api/gesprekken/{w.gesprek.pk}/"
    client = api(w.professional)
    organisation_by_professional = client.post(
        f"{url}agreements/",
        {"text": "Budget", "owner": w.professional.pk, "for_organisation": True},
        format="json",
    )
    assert "afspraak van de leidinggevende" in _detail(organisation_by_professional)
    for stranger in (w.lo.pk, world.b.professional.pk):
        someone_else = client.post(
            f"{url}agreements/", {"text": "Budget", "owner": stranger}, format="json"
        )
        assert "van de professional of van de leidinggevende" in _detail(someone_else)

    Talentontwikkelgesprek.objects.filter(pk=w.gesprek.pk).update(
        state=Talentontwikkelgesprek.State.GEHOUDEN
    )
    held = "Dit gesprek is al gehouden"
    assert held in _detail(client.post(f"{url}points/", {"text": "Nog iets"}, format="json"))
    late = client.post(
        f"{url}agreements/", {"text": "Nog iets", "owner": w.professional.pk}, format="json"
    )
    assert held in _detail(late)
    assert w.gesprek.agendapunten.count() == 3
    assert w.gesprek.afspraken.count() == 1


@pytest.mark.parametrize(
    "who",
    ["lo", "admin", "member", "other_leidinggevende", "foreign", "foreign_leidinggevende"],
)
def test_non_participants_get_404(world, api, who):
    user = {
        "foreign": world.b.professional,
        "foreign_leidinggevende": world.b.leidinggevende,
    }.get(who) or getattr(world.a, who)
    url = f"/api/gesprekken/{world.a.gesprek.pk}/"
    client = api(user)
    assert client.post(f"{url}points/", {"text": "x"}, format="json").status_code == 404
    response = client.post(f"{url}agreements/", {"text": "x", "owner": user.pk}, format="json")
    assert response.status_code == 404
    assert world.a.gesprek.agendapunten.count() == 3
    assert world.a.gesprek.afspraken.count() == 1


def test_an_unknown_id_is_404_not_500(world, api):
    client = api(UserFactory(organisation=world.a.org))
    for url in (
        f"/api/proposals/{2**63}/submit/",
        "/api/activities/999999/time/",
        "/api/gesprekken/999999/points/",
    ):
        assert client.post(url, {}, format="json").status_code == 404


def test_the_writes_are_in_the_schema(client):
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    for step in ("submit", "answer", "assign", "implemented", "effect"):
        assert "post" in paths[f"/api/proposals/{{id}}/{step}/"]
    assert "post" in paths["/api/trajecten/{id}/activities/"]
    assert {"get", "patch"} <= set(paths["/api/activities/{id}/"])
    assert "put" not in paths["/api/activities/{id}/"]
    assert "post" in paths["/api/activities/{id}/time/"]
    assert "post" in paths["/api/gesprekken/{id}/points/"]
    assert "post" in paths["/api/gesprekken/{id}/agreements/"]
