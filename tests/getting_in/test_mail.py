"""Every e-mail is a Celery task: HTML + text, in the recipient's language, retried, and
calendar invitations (METHOD:REQUEST) for sessions and Talentontwikkelgesprekken."""

import socket
import time
from datetime import timedelta

import pytest
from django.core import mail as django_mail
from django.urls import reverse
from django.utils import timezone

from profcirkel import services as profcirkel_services
from tests.factories import TeamFactory, UserFactory
from tests.mailbox import deliver
from tests.smtp_server import html_of, text_of
from weekcyclus import services as weekcyclus_services
from werkplekleren import mail
from werkplekleren.models import Invitation, OutgoingMail, Role, User
from werkplekleren.tasks import send_mail


@pytest.fixture
def pair(org):
    lg = UserFactory(organisation=org, roles=[Role.LEIDINGGEVENDE], name="Lea Leiding")
    team = TeamFactory(organisation=org, leidinggevende=lg)
    professional = UserFactory(organisation=org, team=team, name="Piet Prof")
    return professional, lg


def next_tuesday_ten():
    today = timezone.localdate()
    day = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
    return timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time()))


def ics_of(message) -> tuple[str, str]:
    (name, content, mimetype) = message.attachments[0]
    return content, mimetype


def test_a_planned_gesprek_invites_both_with_a_calendar_request(pair):
    professional, lg = pair
    when = next_tuesday_ten() + timedelta(hours=10)
    gesprek = profcirkel_services.gesprek_plan(
        professional=professional, leidinggevende=lg, planned_at=when
    )
    messages = deliver("gesprek_invitation")
    assert sorted(m.to[0] for m in messages) == sorted([professional.email, lg.email])
    for message in messages:
        content, mimetype = ics_of(message)
        assert mimetype == "text/calendar; method=REQUEST"
        lines = content.split("\r\n")
        assert "METHOD:REQUEST" in lines and f"UID:gesprek-{gesprek.pk}@werkplekleren" in lines
        assert any(line.startswith("ORGANIZER") for line in lines)
        assert sum(line.startswith("ATTENDEE") for line in lines) == 2
        assert "Talentontwikkelgesprek" in message.subject
        assert message.alternatives[0][1] == "text/html"


def test_a_planned_week_invites_every_member_per_session(org):
    members = [UserFactory(organisation=org) for _ in range(2)]
    groep = weekcyclus_services.groep_create(created_by=members[0], name="Koffie", members=[])
    monday = weekcyclus_services.monday_of(timezone.localdate()) + timedelta(days=7)
    plans = [
        {"day": monday, "start": timezone.datetime.min.time().replace(hour=9), "room": "Zaal 1"},
        {"day": monday + timedelta(days=2), "start": timezone.datetime.min.time().replace(hour=9)},
    ]
    cyclus = weekcyclus_services.weekcyclus_plan(
        groep=groep, by=members[0], week_start=monday, sessies=plans
    )
    messages = deliver("sessie_invitation")
    assert len(messages) == 2  # the one active member, two sessions
    uids = set()
    for message in messages:
        content, mimetype = ics_of(message)
        assert mimetype == "text/calendar; method=REQUEST" and "METHOD:REQUEST" in content
        uids.add(next(line for line in content.split("\r\n") if line.startswith("UID:")))
        assert "Koffie" in message.subject
    assert uids == {f"UID:sessie-{s.pk}@werkplekleren" for s in cyclus.sessies.all()}
    assert "in Zaal 1" in " ".join(m.body for m in messages)


def test_the_private_feed_lists_the_talentontwikkelgesprekken(client, pair):
    professional, lg = pair
    when = next_tuesday_ten() + timedelta(hours=14)
    profcirkel_services.gesprek_plan(professional=professional, leidinggevende=lg, planned_at=when)
    client.force_login(professional)
    page = client.get(reverse("weekcyclus:agenda")).content.decode()
    feed_url = next(w for w in page.split('"') if w.endswith(".ics") and w.startswith("http"))
    client.logout()
    body = client.get(feed_url[feed_url.index("/agenda/") :]).content.decode()
    assert "SUMMARY:Talentontwikkelgesprek Piet Prof – Lea Leiding" in body
    assert "METHOD:PUBLISH" in body and "ATTENDEE" not in body  # a feed, not an invitation


def test_mail_is_in_the_recipients_language(pair):
    professional, lg = pair
    professional.language = "en"
    professional.save()
    profcirkel_services.gesprek_plan(
        professional=professional, leidinggevende=lg, planned_at=next_tuesday_ten()
    )
    by_address = {m.to[0]: m for m in deliver("gesprek_invitation")}
    assert by_address[professional.email].subject.startswith("Invitation: ")
    assert by_address[lg.email].subject.startswith("Uitnodiging: ")


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_failing_mail_server_is_retried_then_given_up(org, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port(), 1
    settings.MAIL_MAX_RETRIES = 2
    person = UserFactory(organisation=org)
    queued = mail.mail_queue(to=person, kind="test", subject="Test", text="Hallo")
    send_mail.apply(args=[queued.pk])  # eagerly: each retry runs at once
    queued.refresh_from_db()
    assert queued.state == OutgoingMail.State.FAILED and queued.attempts == 3
    assert "Connection refused" in queued.last_error or "Errno" in queued.last_error
    assert queued.text == "Hallo"  # kept, so it can be looked at


def test_a_mail_no_worker_took_is_handed_out_again(org):
    person = UserFactory(organisation=org)
    queued = mail.mail_queue(to=person, kind="test", subject="Test", text="Hallo")
    assert mail.mail_requeue_stuck() == 0  # not stuck yet
    OutgoingMail.objects.filter(pk=queued.pk).update(created_at=timezone.now() - timedelta(hours=1))
    assert mail.mail_requeue_stuck() == 1
    assert mail.mail_deliver(mail_id=queued.pk) is True
    assert mail.mail_deliver(mail_id=queued.pk) is False  # sent once, never twice
    assert len(django_mail.outbox) == 1


def test_suppressed_mail_is_not_stored(org):
    person = UserFactory(organisation=org)
    with mail.suppressed():
        mail.mail_queue(to=person, kind="test", subject="Test", text="Hallo")
    assert OutgoingMail.objects.count() == 0


def _wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_hanging_mail_server_does_not_hold_up_the_request(org, celery_worker, smtp, client):
    admin = UserFactory(organisation=org, roles=[Role.ADMIN])
    client.force_login(admin)
    smtp.hang()  # the mail server accepts connections and then says nothing
    response = client.post(
        reverse("beheer:invitations"),
        {"name": "Carla de Wit", "email": "carla@voorbeeld.nl", "roles": ["professional"]},
    )
    # The request is done and the person is in …
    assert response.status_code == 302
    carla = User.objects.get(email="carla@voorbeeld.nl")
    # … while the worker's mail task is still waiting on the silent server.
    assert _wait_for(lambda: smtp.hung_connections >= 1), celery_worker.log
    invitation_mail = OutgoingMail.objects.get(kind="invitation", user=carla)
    assert invitation_mail.state == OutgoingMail.State.QUEUED
    # A second connection while the server is still silent: the first attempt timed out
    # (EMAIL_TIMEOUT) and the task tried again.
    assert _wait_for(lambda: smtp.hung_connections >= 2), celery_worker.log
    smtp.release()
    message = smtp.to("carla@voorbeeld.nl")
    assert "/uitnodiging/" in text_of(message) and "Wachtwoord kiezen" in html_of(message)
    assert _wait_for(
        lambda: OutgoingMail.objects.get(pk=invitation_mail.pk).state == OutgoingMail.State.SENT
    )
    sent = OutgoingMail.objects.get(pk=invitation_mail.pk)
    assert sent.attempts >= 2 and sent.last_error
    assert Invitation.objects.get(user=carla).sent_at is not None


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_calendar_invitation_arrives_over_smtp(org, celery_worker, smtp, pair):
    professional, lg = pair
    profcirkel_services.gesprek_plan(
        professional=professional, leidinggevende=lg, planned_at=next_tuesday_ten()
    )
    message = smtp.to(professional.email)
    calendar = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    assert calendar.get_param("method") == "REQUEST"
    assert "BEGIN:VEVENT" in calendar.get_content()
