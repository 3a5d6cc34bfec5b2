"""A guest who reloads (or opens again) the participant URL after the session closed sees a
"sessie afgerond" page with what the group made, never a login page, and never anyone's
learning intentions."""

from django.urls import reverse

from tests.weekcyclus.sessie_setup import group_with_session
from weekcyclus import services, steps


def test_a_guest_after_the_close_sees_what_the_group_made(org, client):
    groep, members, cyclus, sessie = group_with_session(org)
    services.sessie_start(sessie=sessie, by=members[0])
    d = [services.sessie_join(sessie=sessie, user=m) for m in members[:2]]
    invitation = services.gast_invite(sessie=sessie, by=members[0], name="Gast Ina")
    client.post(reverse("weekcyclus:gast", args=[invitation.token]))
    url = reverse("weekcyclus:participant", args=[sessie.join_code])
    assert "Gast Ina" in client.get(url).content.decode()

    services.sessie_goto_step(sessie=sessie, by=members[0], step=steps.index("voorstel"))
    services.voorstel_save(
        sessie=sessie,
        deelnemer=d[1],
        titel="Vaste overdracht om 14:30",
        stappen=[{"tekst": "Overdragen", "ideeen": []}],
        tekst="",
        base_version=0,
    )
    services.sessie_goto_step(sessie=sessie, by=members[0], step=steps.index("afsluiten"))
    services.afspraak_add(sessie=sessie, deelnemer=d[1], text="Checklist maken", owner=members[1])
    services.leervoornemen_save(
        sessie=sessie, deelnemer=d[1], wil_leren="PRIVÉ-LEERWENS", organisatie_kan="", shared=False
    )
    services.leervoornemen_save(
        sessie=sessie, deelnemer=d[0], wil_leren="GEDEELDE-WENS", organisatie_kan="", shared=True
    )
    services.sessie_close(sessie=sessie, by=members[0])

    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sessie afgerond" in body
    assert "Vaste overdracht om 14:30" in body and "Concept" in body
    assert "Checklist maken" in body and members[1].get_short_name() in body
    assert "PRIVÉ-LEERWENS" not in body and "GEDEELDE-WENS" not in body
    assert "login" not in response.request["PATH_INFO"]


def test_someone_else_without_the_guest_session_still_goes_to_the_login(org, client):
    groep, members, cyclus, sessie = group_with_session(org)
    services.sessie_start(sessie=sessie, by=members[0])
    services.sessie_close(sessie=sessie, by=members[0])
    response = client.get(reverse("weekcyclus:participant", args=[sessie.join_code]))
    assert response.status_code == 302 and "login" in response.url


def test_an_open_guest_phone_follows_the_close_and_cannot_act_after_it(org, client):
    groep, members, cyclus, sessie = group_with_session(org)
    services.sessie_start(sessie=sessie, by=members[0])
    invitation = services.gast_invite(sessie=sessie, by=members[0], name="Gast Ina")
    client.post(reverse("weekcyclus:gast", args=[invitation.token]))
    from weekcyclus import live

    ticket = live.ticket(sessie_id=sessie.pk, view="phone", code=sessie.join_code)
    services.sessie_close(sessie=sessie, by=members[0])
    response = client.get(reverse("weekcyclus:live", args=[ticket]), {"v": "-1", "step": "0"})
    assert response.status_code == 200
    assert "Bekijk wat de groep maakte" in response.content.decode()
    action = reverse("weekcyclus:participant_action", args=[sessie.join_code, "idee"])
    response = client.post(action, {"text": "Te laat"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "De sessie loopt niet" in response.content.decode()
