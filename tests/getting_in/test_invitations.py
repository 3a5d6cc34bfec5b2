"""Invitations: adding a person (one by one or by CSV import) sends a one-time link to set a
password; it expires, can be resent, and accepting logs the person in."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.factories import OrganisationFactory, UserFactory
from tests.mailbox import deliver
from werkplekleren import services
from werkplekleren.models import Invitation, Organisation, OutgoingMail, Role, User

CSV = (
    "naam;e-mail;team;rollen\r\n"
    "Anna Bos;anna@voorbeeld.nl;Team Zuid;professional\r\n"
    "Bram Jansen;bram@voorbeeld.nl;;leidinggevende, professional\r\n"
)


def send_opened_invitations():
    """What the worker's ``send_invitations`` task does with the invitations a request
    opened; then the mail task's body for each mail."""
    ids = list(Invitation.objects.filter(sent_at__isnull=True).values_list("pk", flat=True))
    services.invitations_send_pending(invitation_ids=ids)
    return deliver("invitation")


def link_in(message) -> str:
    line = next(w for w in message.body.split() if "/uitnodiging/" in w)
    return line[line.index("/uitnodiging/") :]


def invite(as_admin, **data):
    payload = {"name": "Carla de Wit", "email": "carla@voorbeeld.nl", "roles": ["professional"]}
    payload.update(data)
    return as_admin.post(reverse("beheer:invitations"), payload)


def test_adding_one_person_sends_an_invitation_with_html_and_text(as_admin, org, admin):
    response = invite(as_admin)
    assert response.status_code == 302
    carla = User.objects.get(email="carla@voorbeeld.nl")
    assert carla.organisation == org and not carla.has_usable_password()
    assert carla.roles == {Role.PROFESSIONAL}
    invitation = Invitation.objects.get(user=carla)
    assert invitation.invited_by == admin and invitation.sent_at is None  # the worker sends

    (message,) = send_opened_invitations()
    assert message.to == ["carla@voorbeeld.nl"]
    assert "Welkom bij Werkplekleren+ van Organisatie A" in message.subject
    assert "/uitnodiging/" in message.body and "Beste Carla" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Wachtwoord kiezen" in html and link_in(message) in html
    # Only a hash of the token is stored; the sent mail's bodies are forgotten.
    invitation.refresh_from_db()
    assert invitation.token_hash and link_in(message).split("/")[2] not in invitation.token_hash
    sent = OutgoingMail.objects.get(kind="invitation")
    assert sent.state == OutgoingMail.State.SENT and sent.text == "" and sent.html == ""


def test_bad_input_keeps_what_was_typed_and_says_why(as_admin, org):
    UserFactory(organisation=org, email="bestaand@voorbeeld.nl")
    response = invite(as_admin, email="bestaand@voorbeeld.nl", name="Nieuw Iemand")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Er is al een account met dit e-mailadres." in body and "Nieuw Iemand" in body
    response = invite(as_admin, email="geen-adres", roles=[])
    body = response.content.decode()
    assert "Vul een geldig e-mailadres in." in body and "Kies minstens één rol." in body
    assert Invitation.objects.count() == 0


def test_accepting_sets_the_password_logs_in_and_shows_the_first_run_page(as_admin, client):
    invite(as_admin)
    (message,) = send_opened_invitations()
    client.logout()
    link = link_in(message)
    page = client.get(link)
    assert page.status_code == 200 and "Kies een wachtwoord" in page.content.decode()

    weak = client.post(link, {"new_password1": "12345678", "new_password2": "12345678"})
    body = weak.content.decode()
    assert weak.status_code == 200 and SESSION_KEY not in client.session
    assert "Dit wachtwoord is te algemeen." in body or "volledig uit cijfers" in body

    ok = client.post(
        link, {"new_password1": "Fietsbel-Kraan-42", "new_password2": "Fietsbel-Kraan-42"}
    )
    assert ok.status_code == 302 and ok.url == reverse("welcome")
    carla = User.objects.get(email="carla@voorbeeld.nl")
    assert int(client.session[SESSION_KEY]) == carla.pk and carla.check_password(
        "Fietsbel-Kraan-42"
    )
    welcome = client.get(ok.url).content.decode()
    assert "Als professional" in welcome and "Als organisatiebeheerder" not in welcome
    assert Invitation.objects.get(user=carla).accepted_at is not None

    # One-time: the link is spent.
    client.logout()
    again = client.get(link)
    assert "Deze link werkt niet (meer)" in again.content.decode()


def test_an_expired_invitation_is_refused_and_a_resend_replaces_the_link(
    as_admin, client, settings
):
    settings.INVITATION_VALID_DAYS = 3
    invite(as_admin)
    (first,) = send_opened_invitations()
    invitation = Invitation.objects.get()
    assert invitation.expires_at - invitation.sent_at == timedelta(days=3)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    expired = client.get(link_in(first))
    assert expired.status_code == 410 and "Deze uitnodiging is verlopen" in expired.content.decode()
    pending = as_admin.get(reverse("beheer:invitations")).content.decode()
    assert "carla@voorbeeld.nl" in pending and "verlopen" in pending

    response = as_admin.post(reverse("beheer:invitation_resend", args=[invitation.pk]))
    assert response.status_code == 302
    second = deliver("invitation")[-1]
    assert link_in(second) != link_in(first)
    invitation.refresh_from_db()
    assert invitation.send_count == 2 and not invitation.is_expired
    assert "Deze link werkt niet (meer)" in client.get(link_in(first)).content.decode()
    assert client.get(link_in(second)).status_code == 200


def test_only_the_own_admin_sees_and_resends(as_admin, org, other_org, login, client):
    stranger = UserFactory(organisation=other_org, roles=[Role.PROFESSIONAL])
    foreign_person = UserFactory(organisation=other_org, email="x@b.nl")
    foreign = Invitation.objects.create(organisation=other_org, user=foreign_person)
    assert as_admin.post(reverse("beheer:invitation_resend", args=[foreign.pk])).status_code == 404
    assert (
        as_admin.post("/organisatie/beheer/uitnodigingen/9999999999999999999/opnieuw/").status_code
        == 404
    )
    client.logout()
    login(stranger)
    assert client.get(reverse("beheer:invitations")).status_code == 404


def upload_and_apply(client, text):
    file = SimpleUploadedFile("mensen.csv", text.encode(), content_type="text/csv")
    client.post(reverse("beheer:import"), {"file": file})
    body = client.get(reverse("beheer:import_preview")).content.decode()
    if 'name="token" value="' not in body:
        return
    token = body.split('name="token" value="')[1].split('"')[0]
    client.post(reverse("beheer:import_apply"), {"token": token})


def test_a_csv_import_invites_the_new_people_and_a_reimport_sends_nothing(as_admin):
    upload_and_apply(as_admin, CSV)
    messages = send_opened_invitations()
    assert sorted(m.to[0] for m in messages) == ["anna@voorbeeld.nl", "bram@voorbeeld.nl"]
    assert Invitation.objects.count() == 2

    upload_and_apply(as_admin, CSV)  # the same file again
    upload_and_apply(as_admin, CSV.replace("Anna Bos", "Anna Bos-de Vries"))  # a change
    assert Invitation.objects.count() == 2
    assert send_opened_invitations() == messages  # nothing new in the outbox
    assert OutgoingMail.objects.filter(kind="invitation").count() == 2


def test_logging_in_another_way_closes_the_invitation(as_admin, client):
    invite(as_admin)
    carla = User.objects.get(email="carla@voorbeeld.nl")
    carla.set_password("Fietsbel-Kraan-42")
    carla.save()
    assert client.login(username="carla@voorbeeld.nl", password="Fietsbel-Kraan-42")
    assert Invitation.objects.get(user=carla).accepted_at is not None
    assert "carla@voorbeeld.nl" not in as_admin.get(reverse("beheer:invitations")).content.decode()


def test_organisation_create_command_invites_the_first_admin(db):
    out = StringIO()
    call_command(
        "organisation_create",
        "--name",
        "Zorggroep Noord",
        "--slug",
        "zorggroep-noord",
        "--admin-email",
        "Beheer@Zorggroep-Noord.nl",
        "--admin-name",
        "Bea Beheer",
        stdout=out,
    )
    organisation = Organisation.objects.get(slug="zorggroep-noord")
    admin = User.objects.get(email="beheer@zorggroep-noord.nl")
    assert admin.organisation == organisation and admin.roles == {Role.ADMIN}
    assert "beheer@zorggroep-noord.nl" in out.getvalue()
    (message,) = send_opened_invitations()
    assert message.to == ["beheer@zorggroep-noord.nl"] and "Zorggroep Noord" in message.subject


def test_organisation_create_command_refuses_clearly(db):
    OrganisationFactory(slug="bestaat")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="(?i)korte naam"):
        call_command(
            "organisation_create",
            "--name=X",
            "--slug=bestaat",
            "--admin-email=a@b.nl",
            "--admin-name=A",
        )
    assert not User.objects.filter(email="a@b.nl").exists()


def test_the_platform_page_is_for_superusers_only(client, login, org, admin):
    login(admin)
    assert client.get(reverse("platform_organisations")).status_code == 404
    client.logout()
    operator = User.objects.create_superuser("operator@platform.nl", "x", name="Operator")
    client.force_login(operator)
    assert client.get(reverse("platform_organisations")).status_code == 200
    response = client.post(
        reverse("platform_organisations"),
        {
            "name": "Gemeente West",
            "slug": "gemeente-west",
            "admin_name": "Wim West",
            "admin_email": "wim@west.nl",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(email="wim@west.nl").organisation.slug == "gemeente-west"
    refused = client.post(
        reverse("platform_organisations"),
        {"name": "Dubbel", "slug": "gemeente-west", "admin_name": "Y", "admin_email": "y@y.nl"},
    ).content.decode()
    assert "Dubbel" in refused and "korte naam" in refused.lower()
    (message,) = send_opened_invitations()
    assert message.to == ["wim@west.nl"]
