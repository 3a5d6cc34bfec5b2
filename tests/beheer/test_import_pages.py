"""Upload → preview → apply, through the pages."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import UserFactory
from werkplekleren.models import Team, User

FILE = (
    "\ufeffnaam;e-mail;team;rollen\r\n"
    "Anna Bos;anna@voorbeeld.nl;Team Zuid;professional\r\n"
    "Bram Jansen;bram@voorbeeld.nl;Team Oost;leidinggevende, professional\r\n"
    "Fout;fout;;\r\n"
    "Vreemd;vreemd@andere.nl;;\r\n"
)


def upload(client, text=FILE, name="mensen.csv"):
    file = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post(reverse("beheer:import"), {"file": file})


def test_upload_preview_apply_and_again(as_admin, org, other_org, team):
    UserFactory(organisation=other_org, email="vreemd@andere.nl")
    client = as_admin
    assert client.get(reverse("beheer:import")).status_code == 200
    response = upload(client)
    assert response.status_code == 302 and response.url == reverse("beheer:import_preview")

    body = client.get(reverse("beheer:import_preview")).content.decode()
    assert "Team Oost" in body and 'id="nieuwe-teams"' in body
    assert "is geen geldig e-mailadres" in body
    assert "hoort bij een account buiten deze organisatie" in body
    assert "Toepassen: 2 nieuw, 0 gewijzigd" in body
    assert not User.objects.filter(email="anna@voorbeeld.nl").exists()  # preview writes nothing

    token = body.split('name="token" value="')[1].split('"')[0]
    response = client.post(reverse("beheer:import_apply"), {"token": token})
    assert response.status_code == 302
    assert User.objects.get(email="anna@voorbeeld.nl").team == team
    assert Team.objects.filter(organisation=org, name="Team Oost").exists()
    message = client.get(response.url).content.decode()
    assert "Import klaar: 2 nieuw, 0 bijgewerkt, 0 ongewijzigd, 2 overgeslagen" in message

    # The token cannot be replayed: the stored upload is gone.
    response = client.post(reverse("beheer:import_apply"), {"token": token})
    assert response.url == reverse("beheer:import")

    upload(client)
    body = client.get(reverse("beheer:import_preview")).content.decode()
    assert "Er verandert niets" in body and "Toepassen" not in body


def test_apply_refuses_a_token_of_another_file(as_admin):
    upload(as_admin, "naam;e-mail\nA;a@voorbeeld.nl\n")
    body = as_admin.get(reverse("beheer:import_preview")).content.decode()
    token = body.split('name="token" value="')[1].split('"')[0]
    upload(as_admin, "naam;e-mail\nB;b@voorbeeld.nl\n")  # another file in the session now
    response = as_admin.post(reverse("beheer:import_apply"), {"token": token})
    assert response.url == reverse("beheer:import")
    assert not User.objects.filter(email__in=["a@voorbeeld.nl", "b@voorbeeld.nl"]).exists()


def test_upload_errors_in_dutch(as_admin):
    response = as_admin.post(reverse("beheer:import"), {})
    assert response.status_code == 400 and "Kies een CSV-bestand." in response.content.decode()
    file = SimpleUploadedFile("x.csv", "naam;e-mail\nJosé;j@x.nl\n".encode("cp1252"))
    response = as_admin.post(reverse("beheer:import"), {"file": file})
    assert response.status_code == 400 and "geen UTF-8" in response.content.decode()


def test_preview_without_upload_goes_back_to_the_form(as_admin):
    response = as_admin.get(reverse("beheer:import_preview"))
    assert response.url == reverse("beheer:import")
