"""Session pages and endpoints: access (404), live polling, phone input, guests, summary."""

import json
import re

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tests.weekcyclus.sessie_setup import group_with_session
from weekcyclus import live, services, steps
from weekcyclus.models import Bijdrage, Deelnemer, Sessie

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def running(org):
    groep, members, cyclus, sessie = group_with_session(org)
    services.sessie_start(sessie=sessie, by=members[0])
    return sessie, members


def _goto(sessie, user, key):
    services.sessie_goto_step(sessie=sessie, by=user, step=steps.index(key))


def _session_urls(sessie):
    code = sessie.join_code
    ticket = live.ticket(sessie_id=sessie.pk, view="projector")
    phone_ticket = live.ticket(sessie_id=sessie.pk, view="phone", code=code)
    return [
        ("get", reverse("weekcyclus:sessie_detail", args=[sessie.pk])),
        ("post", reverse("weekcyclus:sessie_start", args=[sessie.pk])),
        ("post", reverse("weekcyclus:sessie_step_minutes", args=[sessie.pk])),
        ("post", reverse("weekcyclus:gast_invite", args=[sessie.pk])),
        ("get", reverse("weekcyclus:projector", args=[sessie.pk])),
        ("post", reverse("weekcyclus:projector_control", args=[sessie.pk, "next"])),
        ("get", reverse("weekcyclus:summary", args=[sessie.pk])),
        ("get", reverse("weekcyclus:summary_markdown", args=[sessie.pk])),
        ("get", reverse("weekcyclus:participant", args=[code])),
        ("post", reverse("weekcyclus:participant_action", args=[code, "idee"])),
        ("post", reverse("weekcyclus:participant_action", args=[code, "next"])),
        ("get", reverse("weekcyclus:live", args=[ticket]) + "?v=-1"),
        ("get", reverse("weekcyclus:live", args=[phone_ticket]) + "?v=-1"),
    ]


def test_other_organisation_and_non_members_get_404_on_every_session_url(
    running, other_org, org, login, client
):
    sessie, members = running
    for outsider in (
        UserFactory(organisation=other_org, roles=["professional", "leidinggevende", "lo"]),
        UserFactory(organisation=org, roles=["professional", "leidinggevende", "lo", "admin"]),
    ):
        login(outsider)
        for method, url in _session_urls(sessie):
            response = getattr(client, method)(url, {"text": "x"} if method == "post" else None)
            assert response.status_code == 404, (outsider, method, url)
    sessie.refresh_from_db()
    assert sessie.current_step == 0
    assert not Bijdrage.objects.exists()


def test_anonymous_visitors_are_sent_to_login_or_get_404(running, client):
    sessie, _ = running
    response = client.get(reverse("weekcyclus:participant", args=[sessie.join_code]))
    assert response.status_code == 302 and reverse("login") in response.url
    assert client.get(reverse("weekcyclus:projector", args=[sessie.pk])).status_code == 302
    ticket = live.ticket(sessie_id=sessie.pk, view="projector")
    assert client.get(reverse("weekcyclus:live", args=[ticket]) + "?v=-1").status_code == 404


def test_a_forged_ticket_is_404(running, login, client):
    sessie, members = running
    login(members[0])
    assert client.get(reverse("weekcyclus:live", args=["forged"]) + "?v=1").status_code == 404


def _poll_url(page: str) -> str:
    """The catch-up URL a screen asks, as session.js builds it from the page."""
    base = re.search(r'data-poll="(/live/[^"]+)"', page).group(1)
    version = re.search(r'id="live"[^>]*data-version="(\d+)"', page).group(1)
    step = re.search(r'id="live"[^>]*data-step="(\d+)"', page).group(1)
    return f"{base}?v={version}&step={step}"


def test_unchanged_poll_is_204_without_a_database_query(
    running, login, client, django_assert_num_queries
):
    sessie, members = running
    login(members[1])
    page = client.get(reverse("weekcyclus:participant", args=[sessie.join_code]))
    poll_url = _poll_url(page.content.decode())
    client.get(poll_url)  # the first poll may refill the cache
    with django_assert_num_queries(0):
        response = client.get(poll_url)
    assert response.status_code == 204


def test_poll_after_a_change_renders_the_new_state(
    running, login, client, django_capture_on_commit_callbacks
):
    sessie, members = running
    login(members[1])
    page = client.get(reverse("weekcyclus:projector", args=[sessie.pk])).content.decode()
    poll_url = _poll_url(page)
    assert client.get(poll_url).status_code == 204
    with django_capture_on_commit_callbacks(execute=True):
        _goto(sessie, members[0], "brainstorm")
    response = client.get(poll_url)
    assert response.status_code == 200
    assert "Brainstorm" in response.content.decode()


def test_a_catch_up_brings_the_new_forms_without_forcing_them_over_typing(
    running, login, client, django_capture_on_commit_callbacks
):
    """A phone catching up from an earlier step gets the new step's forms, as a normal
    change: session.js keeps a form someone is typing in ("own" would replace it)."""
    sessie, members = running
    login(members[1])
    page = client.get(reverse("weekcyclus:participant", args=[sessie.join_code]))
    poll_url = _poll_url(page.content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        _goto(sessie, members[0], "brainstorm")
    message = client.get(poll_url).json()
    (form,) = [op for op in message["ops"] if op["op"] == "input"]
    assert form["step"] == steps.index("brainstorm")
    assert 'id="input-text"' in form["html"]
    assert "own" not in form


def test_phone_adds_an_idea_and_the_form_is_emptied(running, login, client):
    sessie, members = running
    _goto(sessie, members[0], "brainstorm")
    login(members[2])
    url = reverse("weekcyclus:participant_action", args=[sessie.join_code, "idee"])
    response = client.post(url, {"text": "Standaard overdrachtsformulier"}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    idea = Bijdrage.objects.get()
    assert idea.text == "Standaard overdrachtsformulier"
    # The new card comes with the answer (applied like a pushed change), the form is emptied.
    ops = json.loads(response["HX-Trigger"])["live-ops"]["ops"]
    assert ops[0]["op"] == "upsert" and ops[0]["id"] == f"card-{idea.pk}"
    assert "Standaard overdrachtsformulier" in ops[0]["html"]
    assert 'id="mine"' in body and 'hx-swap-oob="true"' in body
    assert re.search(r'<textarea name="text" id="input-text"[^>]*></textarea>', body)


def test_a_refused_input_keeps_the_text_and_says_why(running, login, client):
    sessie, members = running  # still at check-in: ideas are not accepted yet
    login(members[2])
    url = reverse("weekcyclus:participant_action", args=[sessie.join_code, "idee"])
    response = client.post(url, {"text": "Mijn idee dat niet verloren mag gaan"}, **HTMX)
    body = response.content.decode()
    assert not Bijdrage.objects.exists()
    assert "Dit kan alleen in de stap: Brainstorm." in body
    assert "Niet opgeslagen" in body
    assert ">Mijn idee dat niet verloren mag gaan</textarea>" in body


def test_a_stale_statement_edit_keeps_the_users_text(running, login, client):
    sessie, members = running
    _goto(sessie, members[0], "probleemstelling")
    d1 = services.sessie_join(sessie=sessie, user=members[1])
    services.probleemstelling_update(sessie=sessie, deelnemer=d1, text="Eerste", base_version=0)
    login(members[2])
    url = reverse("weekcyclus:participant_action", args=[sessie.join_code, "probleemstelling"])
    body = client.post(url, {"text": "Mijn versie", "base": "0"}, **HTMX).content.decode()
    assert "Iemand anders heeft de probleemstelling" in body
    assert "Mijn versie</textarea>" in body
    assert Sessie.objects.get(pk=sessie.pk).probleemstelling == "Eerste"


def test_voting_does_not_reset_the_idea_being_typed(running, login, client):
    sessie, members = running
    _goto(sessie, members[0], "brainstorm")
    d = services.sessie_join(sessie=sessie, user=members[1])
    idea = services.bijdrage_add(deelnemer=d, kind=Bijdrage.Kind.IDEE, text="Idee A")
    login(members[2])
    url = reverse("weekcyclus:participant_action", args=[sessie.join_code, "stem"])
    body = client.post(url, {"idee": idea.pk}, **HTMX).content.decode()
    assert idea.stemmen.count() == 1
    assert "hx-swap-oob" not in body  # the input form is left alone


def test_facilitator_keys_and_others_are_told_no(running, login, client):
    sessie, members = running
    login(members[1])
    response = client.post(reverse("weekcyclus:projector_control", args=[sessie.pk, "next"]))
    assert response.status_code == 400
    assert response.json()["message"] == "Alleen de facilitator kan dit doen."
    login(members[0])
    response = client.post(reverse("weekcyclus:projector_control", args=[sessie.pk, "next"]))
    assert response.json()["ok"] is True
    assert Sessie.objects.get(pk=sessie.pk).current_step == 1


def test_opening_the_phone_view_records_attendance(running, login, client):
    sessie, members = running
    login(members[3])
    assert (
        client.get(reverse("weekcyclus:participant", args=[sessie.join_code.lower()])).status_code
        == 200
    )
    assert Deelnemer.objects.filter(sessie=sessie, user=members[3]).exists()


def test_join_form_keeps_a_wrong_code_and_explains(running, login, client):
    sessie, members = running
    login(members[1])
    response = client.post(reverse("weekcyclus:join"), {"code": "zzzzzz"})
    body = response.content.decode()
    assert "Geen sessie gevonden" in body and 'value="ZZZZZZ"' in body
    response = client.post(reverse("weekcyclus:join"), {"code": sessie.join_code.lower()})
    assert response.url == reverse("weekcyclus:participant", args=[sessie.join_code])


def test_guest_joins_with_the_link_and_sees_only_that_session(running, client):
    sessie, members = running
    invitation = services.gast_invite(sessie=sessie, by=members[0], name="Expert Ellen")
    url = reverse("weekcyclus:gast", args=[invitation.token])
    assert "Expert Ellen" in client.get(url).content.decode()
    response = client.post(url)
    assert response.url == reverse("weekcyclus:participant", args=[sessie.join_code])
    page = client.get(response.url)
    assert page.status_code == 200 and "gast" in page.content.decode()
    _goto(sessie, members[0], "brainstorm")
    client.post(
        reverse("weekcyclus:participant_action", args=[sessie.join_code, "idee"]),
        {"text": "Kijk eens bij finance"},
        **HTMX,
    )
    assert Bijdrage.objects.get().deelnemer.gast == invitation
    # Nothing else of the group opens for a guest.
    for url in (
        reverse("weekcyclus:sessie_detail", args=[sessie.pk]),
        reverse("weekcyclus:projector", args=[sessie.pk]),
        reverse("weekcyclus:groep_detail", args=[sessie.weekcyclus.groep_id]),
    ):
        assert client.get(url).status_code == 302  # to login: a guest is no user
    services.sessie_close(sessie=sessie, by=members[0])
    # After the close the guest sees what the group made (test_gast_afgerond), no more.
    after = client.get(reverse("weekcyclus:participant", args=[sessie.join_code]))
    assert after.status_code == 200 and "Sessie afgerond" in after.content.decode()
    assert client.get(reverse("weekcyclus:gast", args=[invitation.token])).status_code == 404


def test_unknown_guest_token_is_404(client, db):
    assert client.get(reverse("weekcyclus:gast", args=["nope"])).status_code == 404


@pytest.mark.parametrize("view", ["projector", "participant"])
def test_screen_query_counts_do_not_grow(
    running, login, client, django_assert_max_num_queries, view
):
    sessie, members = running
    _goto(sessie, members[0], "brainstorm")
    login(members[0])
    url = (
        reverse("weekcyclus:projector", args=[sessie.pk])
        if view == "projector"
        else reverse("weekcyclus:participant", args=[sessie.join_code])
    )
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    deelnemers = [services.sessie_join(sessie=sessie, user=m) for m in members]
    for i in range(20):
        idea = services.bijdrage_add(deelnemer=deelnemers[i % 4], kind="idee", text=f"Idee {i}")
        if i < 3:
            services.idee_vote_toggle(idee=idea, deelnemer=deelnemers[1])
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_summary_shows_shared_wishes_and_only_my_private_one(running, login, client):
    sessie, members = running
    _goto(sessie, members[0], "afsluiten")
    d = {m: services.sessie_join(sessie=sessie, user=m) for m in members}
    services.leervoornemen_save(
        sessie=sessie,
        deelnemer=d[members[1]],
        wil_leren="Geheim plan",
        organisatie_kan="",
        shared=False,
    )
    services.leervoornemen_save(
        sessie=sessie,
        deelnemer=d[members[2]],
        wil_leren="Coachen leren",
        organisatie_kan="",
        shared=True,
    )
    services.afspraak_add(sessie=sessie, deelnemer=d[members[1]], text="Pilot starten", owner=None)
    services.sessie_close(sessie=sessie, by=members[0])
    login(members[3])
    body = client.get(reverse("weekcyclus:summary", args=[sessie.pk])).content.decode()
    assert "Coachen leren" in body and "Pilot starten" in body
    assert "Geheim plan" not in body
    markdown = client.get(reverse("weekcyclus:summary_markdown", args=[sessie.pk]))
    assert markdown["Content-Type"].startswith("text/markdown")
    text = markdown.content.decode()
    assert "Coachen leren" in text and "Pilot starten" in text and "Geheim plan" not in text
    login(members[1])
    assert (
        "Geheim plan"
        in client.get(reverse("weekcyclus:summary", args=[sessie.pk])).content.decode()
    )


def test_group_text_is_escaped_on_screens_and_in_markdown(running, login, client):
    sessie, members = running
    _goto(sessie, members[0], "brainstorm")
    d = services.sessie_join(sessie=sessie, user=members[1])
    services.bijdrage_add(deelnemer=d, kind="idee", text="<script>alert(1)</script> **vet**")
    login(members[1])
    body = client.get(reverse("weekcyclus:projector", args=[sessie.pk])).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body
    services.sessie_close(sessie=sessie, by=members[0])
    text = client.get(reverse("weekcyclus:summary_markdown", args=[sessie.pk])).content.decode()
    assert "\\<script\\>" in text and "\\*\\*vet\\*\\*" in text


def test_projector_shows_join_code_and_a_server_made_qr_code(running, login, client):
    sessie, members = running
    login(members[0])
    body = client.get(reverse("weekcyclus:projector", args=[sessie.pk])).content.decode()
    assert sessie.join_code in body
    assert "<svg" in body and 'class="qr"' in body
    assert f"/s/{sessie.join_code}/" in body
    assert PASSWORD not in body


def test_a_poll_for_a_session_that_is_gone_is_404_not_500(running, login, client):
    sessie, members = running
    login(members[1])
    ticket = live.ticket(
        sessie_id=sessie.pk, view=live.MEMBER, code=sessie.join_code, user_id=members[1].pk
    )
    Sessie.objects.filter(pk=sessie.pk).delete()
    assert client.get(reverse("weekcyclus:live", args=[ticket]) + "?v=3").status_code == 404
