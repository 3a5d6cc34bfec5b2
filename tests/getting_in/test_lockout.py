"""Login protection (django-axes): ten failed logins lock the account and, separately, the
address they came from; the right password is then refused with a Dutch message until the
cool-off ends or an organisation admin unlocks the account."""

from datetime import timedelta

from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from werkplekleren.models import Role


def attempt(client, email, password, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_ten_failures_lock_the_account_with_a_dutch_message(client, professional):
    for _ in range(9):
        response = attempt(client, professional.email, "fout")
        assert response.status_code == 200
        assert "Voer een juiste e-mailadres en wachtwoord in" in response.content.decode()
    locked = attempt(client, professional.email, "fout")
    assert locked.status_code == 429
    body = locked.content.decode()
    assert "Te veel mislukte pogingen om in te loggen" in body
    assert professional.email in body  # what was typed is kept

    right = attempt(client, professional.email, PASSWORD)
    assert right.status_code == 429 and SESSION_KEY not in client.session
    # Typed differently it is still the same account.
    assert (
        attempt(client, " " + professional.email.upper(), PASSWORD, ip="10.9.9.9").status_code
        == 429
    )


def test_the_lock_ends_after_the_cool_off(client, professional, settings):
    for _ in range(10):
        attempt(client, professional.email, "fout")
    assert attempt(client, professional.email, PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(hours=1)
    )
    response = attempt(client, professional.email, PASSWORD)
    assert response.status_code == 302 and SESSION_KEY in client.session


def test_an_address_trying_many_accounts_is_locked_too(client, org, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 20
    people = [UserFactory(organisation=org) for _ in range(10)]
    fresh = UserFactory(organisation=org)

    def fail_from_one_address(times):
        for i in range(times):  # colleagues behind one address mistype, never 10 each
            attempt(client, people[i % 10].email, "fout", ip="10.0.0.66")

    fail_from_one_address(19)
    assert attempt(client, fresh.email, PASSWORD, ip="10.0.0.66").status_code == 302
    client.logout()
    # (A success from the address starts its count again, as django-axes does.)
    fail_from_one_address(20)
    locked = attempt(client, fresh.email, PASSWORD, ip="10.0.0.66")
    assert locked.status_code == 429 and "Te veel mislukte pogingen" in locked.content.decode()
    assert attempt(client, fresh.email, PASSWORD, ip="10.0.0.67").status_code == 302


def test_the_admin_unlocks_an_account(client, org, professional):
    admin = UserFactory(organisation=org, roles=[Role.ADMIN])
    for _ in range(10):
        attempt(client, professional.email, "fout", ip="10.0.0.5")
    from django.test import Client

    admin_client = Client()
    admin_client.force_login(admin)
    page = admin_client.get(reverse("beheer:invitations")).content.decode()
    assert "Geblokkeerd na mislukte inlogpogingen" in page and professional.email in page
    response = admin_client.post(reverse("beheer:person_unlock", args=[professional.pk]))
    assert response.status_code == 302
    assert attempt(client, professional.email, PASSWORD, ip="10.0.0.6").status_code == 302


def test_an_admin_of_another_organisation_cannot_unlock(client, other_org, professional):
    stranger = UserFactory(organisation=other_org, roles=[Role.ADMIN])
    client.force_login(stranger)
    assert client.post(reverse("beheer:person_unlock", args=[professional.pk])).status_code == 404


def test_odd_login_input_is_refused_politely(client, professional):
    for username in ("a\x00b@x.nl", "x" * 5000, ""):
        response = attempt(client, username, "fout\x00")
        assert response.status_code == 200


def test_behind_the_proxy_the_address_it_saw_counts(rf, settings):
    from werkplekleren.auth import client_ip

    settings.AXES_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "192.0.2.7"  # not what the client wrote itself
    settings.AXES_CLIENT_IP_HEADER = ""
    assert client_ip(request) == "10.0.0.1"
