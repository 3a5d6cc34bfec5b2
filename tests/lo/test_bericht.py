"""The support message: L&O → a professional of their own organisation; on the recipient's
home page until read, and by e-mail after commit."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import UserFactory
from tests.mailbox import deliver
from trajecten import services
from trajecten.lo_selectors import unread_berichten
from trajecten.models import SupportBericht
from werkplekleren.models import Role


@pytest.fixture
def lo(org):
    return UserFactory(organisation=org, roles=[Role.LO], name="Lotte de Vries")


def test_service_sends_and_mails_after_commit(lo, professional, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        bericht = services.support_bericht_send(by=lo, to=professional, text="  Hoe gaat het?  ")
    assert len(callbacks) == 1  # the mail task is enqueued after commit
    assert mail.outbox == []  # and sent by the worker, not in the request
    deliver()
    assert bericht.text == "Hoe gaat het?"
    assert bericht.organisation_id == lo.organisation_id and bericht.read_at is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [professional.email]
    assert "Hoe gaat het?" in mail.outbox[0].body and "Lotte de Vries" in mail.outbox[0].body


def test_no_mail_before_commit(lo, professional, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        services.support_bericht_send(by=lo, to=professional, text="Hallo")
    assert mail.outbox == []


def test_service_rules(org, other_org, lo, professional):
    colleague_lo = UserFactory(organisation=org, roles=[Role.LO])
    leidinggevende = UserFactory(organisation=org, roles=[Role.LEIDINGGEVENDE])
    foreign = UserFactory(organisation=other_org)
    with pytest.raises(PermissionDenied):  # only L&O sends
        services.support_bericht_send(by=leidinggevende, to=professional, text="Hoi")
    with pytest.raises(PermissionDenied):
        services.support_bericht_send(by=professional, to=professional, text="Hoi")
    with pytest.raises(ValidationError):  # same organisation only
        services.support_bericht_send(by=lo, to=foreign, text="Hoi")
    with pytest.raises(ValidationError):  # recipient a professional
        services.support_bericht_send(by=lo, to=colleague_lo, text="Hoi")
    with pytest.raises(ValidationError):
        services.support_bericht_send(by=lo, to=leidinggevende, text="Hoi")
    with pytest.raises(ValidationError):  # a message, and a short one
        services.support_bericht_send(by=lo, to=professional, text="   ")
    with pytest.raises(ValidationError):
        services.support_bericht_send(by=lo, to=professional, text="x" * 1001)
    professional.is_active = False
    professional.save()
    with pytest.raises(ValidationError):
        services.support_bericht_send(by=lo, to=professional, text="Hoi")
    assert SupportBericht.objects.count() == 0


def test_send_through_the_dashboard_then_home_and_read(
    lo, professional, login, client, django_capture_on_commit_callbacks
):
    login(lo)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/lo/bericht/", {"to": professional.pk, "text": "Zet hem op!"})
    assert response.status_code == 302 and response["Location"] == "/lo/"
    assert len(deliver()) == 1
    bericht = SupportBericht.objects.get()
    assert (bericht.from_user, bericht.to_user) == (lo, professional)
    # L&O cannot mark someone else's message read.
    assert client.post(f"/lo/bericht/{bericht.pk}/gelezen/").status_code == 404

    client.logout()
    login(professional)
    html = client.get("/").content.decode()
    assert "Berichten van L&O" in html and "Zet hem op!" in html and "Lotte de Vries" in html
    assert unread_berichten(user=professional) == [bericht]
    response = client.post(f"/lo/bericht/{bericht.pk}/gelezen/")
    assert response.status_code == 302 and response["Location"] == "/"
    bericht.refresh_from_db()
    assert bericht.read_at is not None
    html = client.get("/").content.decode()
    assert "Zet hem op!" not in html and "Berichten van L&O" not in html
    assert client.get(f"/lo/bericht/{bericht.pk}/gelezen/").status_code == 405


def test_refusals_through_the_dashboard(org, other_org, lo, professional, login, client):
    foreign = UserFactory(organisation=other_org)
    login(lo)
    assert client.post("/lo/bericht/", {"to": foreign.pk, "text": "Hoi"}).status_code == 404
    assert client.post("/lo/bericht/", {"to": "x", "text": "Hoi"}).status_code == 404
    response = client.post("/lo/bericht/", {"to": professional.pk, "text": ""}, follow=True)
    assert "Schrijf een kort bericht." in response.content.decode()
    assert SupportBericht.objects.count() == 0
    client.logout()
    login(professional)  # a professional cannot send
    other = UserFactory(organisation=org)
    assert client.post("/lo/bericht/", {"to": other.pk, "text": "Hoi"}).status_code == 404


def test_home_links_to_the_dashboard_for_lo(lo, login, client):
    login(lo)
    assert 'href="/lo/"' in client.get("/").content.decode()
