"""Who leads a session: hand-over only to present members, taking over when the facilitator
dropped out, and clear 4xx answers (never a 500) for requests no form of ours sends."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.weekcyclus.sessie_setup import group_with_session
from weekcyclus import services, steps
from weekcyclus.models import Leidingwissel, Sessie

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def started(org):
    """Members 0–2 are in the session; member 3 is not (absent)."""
    groep, members, cyclus, sessie = group_with_session(org)
    services.sessie_start(sessie=sessie, by=members[0])
    for member in members[1:3]:
        services.sessie_join(sessie=sessie, user=member)
    return sessie, members


def _facilitator(sessie):
    return Sessie.objects.get(pk=sessie.pk).facilitator


def _post(client, sessie, action, data=None):
    url = reverse("weekcyclus:participant_action", args=[sessie.join_code, action])
    return client.post(url, data or {}, **HTMX)


def test_hand_over_only_to_a_present_member(started):
    sessie, members = started
    with pytest.raises(ValidationError) as exc:
        services.sessie_handover(sessie=sessie, by=members[0], to=members[3])
    assert "aanwezig" in exc.value.messages[0]
    assert _facilitator(sessie) == members[0]
    services.sessie_handover(sessie=sessie, by=members[0], to=members[2])
    assert _facilitator(sessie) == members[2]
    wissel = Leidingwissel.objects.get()
    assert (wissel.van, wissel.naar, wissel.manier) == (members[0], members[2], "doorgegeven")


def test_the_hand_over_list_offers_only_present_members(started, client, login):
    sessie, members = started
    login(members[0])
    body = client.get(reverse("weekcyclus:participant", args=[sessie.join_code])).content.decode()
    options = body.split('id="handover-to">')[1].split("</select>")[0]
    assert members[1].name in options and members[2].name in options
    assert members[3].name not in options  # absent
    # The list is the same bytes for every phone (pushed once); each phone's own entry is
    # hidden by session.js, which reads the person from #mine.
    assert f'data-user="{members[0].pk}"' in options
    assert f'id="mine" class="mine" data-user="{members[0].pk}"' in body


def test_a_present_member_takes_over_when_the_facilitator_dropped_out(started, client, login):
    sessie, members = started
    login(members[1])
    body = client.get(reverse("weekcyclus:participant", args=[sessie.join_code])).content.decode()
    assert "Neem de leiding over" in body and f"Facilitator: {members[0].name}" in body
    body = _post(client, sessie, "neem-over").content.decode()
    assert _facilitator(sessie) == members[1]
    # Both panels are in the shared part; session.js shows the facilitator's panel on the
    # phone whose #mine names the facilitator, and the take-over panel on the others.
    assert f'data-facilitator="{members[1].pk}"' in body
    assert f'id="mine" class="mine" data-user="{members[1].pk}"' in body
    wissel = Leidingwissel.objects.get()
    assert (wissel.van, wissel.naar, wissel.manier) == (members[0], members[1], "overgenomen")
    # The new facilitator moves the steps; the old one no longer can.
    _post(client, sessie, "next")
    assert Sessie.objects.get(pk=sessie.pk).current_step == 1
    with pytest.raises(PermissionDenied):
        services.sessie_step_next(sessie=sessie, by=members[0])
    # The projector and the other phones show the new facilitator.
    login(members[2])
    page = client.get(reverse("weekcyclus:projector", args=[sessie.pk])).content.decode()
    assert f"facilitator: {members[1].get_short_name()}" in page
    phone = client.get(reverse("weekcyclus:participant", args=[sessie.join_code]))
    assert f"Facilitator: {members[1].name}" in phone.content.decode()


def test_an_absent_member_cannot_take_over(started):
    sessie, members = started
    with pytest.raises(PermissionDenied):
        services.sessie_take_over(sessie=sessie, by=members[3])
    assert _facilitator(sessie) == members[0]
    assert not Leidingwissel.objects.exists()


def test_a_guest_posting_hand_over_or_take_over_gets_a_403_with_a_message(started, client):
    sessie, members = started
    invitation = services.gast_invite(sessie=sessie, by=members[0], name="Gast")
    client.post(reverse("weekcyclus:gast", args=[invitation.token]))
    for action, data in (("handover", {"to": members[1].pk}), ("neem-over", {}), ("next", {})):
        response = _post(client, sessie, action, data)
        assert response.status_code == 403, action
        assert "Alleen leden van de groep" in response.content.decode()
    assert _facilitator(sessie) == members[0]


@pytest.mark.parametrize("data", [{}, {"step": ""}, {"step": "x"}, {"step": "99"}, {"step": "-1"}])
def test_goto_without_or_with_a_bad_step_answers_400(started, client, login, data):
    sessie, members = started
    login(members[0])
    response = _post(client, sessie, "goto", data)
    assert response.status_code == 400
    assert f"een getal van 0 tot en met {steps.LAST}" in response.content.decode()
    response = client.post(reverse("weekcyclus:projector_control", args=[sessie.pk, "goto"]), data)
    assert response.status_code == 400
    assert "een getal van 0 tot en met" in response.json()["message"]
    assert _post(client, sessie, "goto", {"step": "3"}).status_code == 200
    assert Sessie.objects.get(pk=sessie.pk).current_step == 3


def test_hand_over_to_someone_absent_or_unknown_is_a_form_error(started, client, login):
    sessie, members = started
    login(members[0])
    for to in (members[3].pk, "999999", "", "abc"):
        body = _post(client, sessie, "handover", {"to": to}).content.decode()
        assert "nu in de sessie aanwezig is" in body
    assert _facilitator(sessie) == members[0]
