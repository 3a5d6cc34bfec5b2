"""Password reset by e-mail and change when logged in: Dutch, Django's validators, and the
reset never tells whether an address exists."""

from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tests.mailbox import deliver
from werkplekleren.models import OutgoingMail


def reset_link(message) -> str:
    word = next(w for w in message.body.split() if "/accounts/reset/" in w)
    return word[word.index("/accounts/reset/") :]


def test_reset_end_to_end(client, professional):
    page = client.get(reverse("password_reset"))
    assert page.status_code == 200 and "Wachtwoord vergeten" in page.content.decode()
    response = client.post(reverse("password_reset"), {"email": professional.email.upper()})
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert mail.outbox == []  # nothing is sent inside the request …
    (message,) = deliver("password_reset")  # … the mail task sends it
    assert message.to == [professional.email]
    assert "nieuw wachtwoord" in message.subject.lower()
    assert message.alternatives[0][1] == "text/html"

    confirm = client.get(reset_link(message), follow=True)
    assert "Kies een nieuw wachtwoord" in confirm.content.decode()
    form_url = confirm.redirect_chain[-1][0]
    short = client.post(form_url, {"new_password1": "kort", "new_password2": "kort"})
    assert "Dit wachtwoord is te kort" in short.content.decode()  # the validators, in Dutch
    done = client.post(
        form_url, {"new_password1": "Zonnige-Dijk-77", "new_password2": "Zonnige-Dijk-77"}
    )
    assert done.status_code == 302 and done.url == reverse("password_reset_complete")
    professional.refresh_from_db()
    assert professional.check_password("Zonnige-Dijk-77")
    assert int(client.session[SESSION_KEY]) == professional.pk  # and logged in
    # The link works once.
    client.logout()
    again = client.get(reset_link(message), follow=True)
    assert "Deze link werkt niet (meer)" in again.content.decode()


def test_reset_reads_the_same_for_an_unknown_address(client, professional):
    known = client.post(reverse("password_reset"), {"email": professional.email}, follow=True)
    unknown = client.post(reverse("password_reset"), {"email": "niemand@nergens.nl"}, follow=True)
    import re

    def page(response):  # the same page, apart from the form's CSRF token
        return re.sub(
            r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', "", response.content.decode()
        )

    assert page(known) == page(unknown)
    assert "Als er een account bij dit e-mailadres hoort" in unknown.content.decode()
    assert OutgoingMail.objects.filter(to="niemand@nergens.nl").count() == 0
    assert OutgoingMail.objects.filter(to=professional.email).count() == 1


def test_reset_for_a_deactivated_person_sends_nothing(client, professional):
    professional.is_active = False
    professional.save()
    client.post(reverse("password_reset"), {"email": professional.email})
    assert OutgoingMail.objects.count() == 0


def test_an_invited_person_who_lost_the_link_can_reset(client, org):
    invited = UserFactory(organisation=org, email="nieuw@voorbeeld.nl", password=None)
    invited.set_unusable_password()
    invited.save()
    client.post(reverse("password_reset"), {"email": "nieuw@voorbeeld.nl"})
    assert len(deliver("password_reset")) == 1


def test_reset_form_errors_are_dutch(client):
    body = client.post(reverse("password_reset"), {"email": "geen adres"}).content.decode()
    assert "Vul een geldig e-mailadres in." in body and "geen adres" in body


def test_reset_mail_is_in_the_recipients_language(client, professional):
    professional.language = "en"
    professional.save()
    client.post(reverse("password_reset"), {"email": professional.email})
    (message,) = deliver("password_reset")
    assert message.subject == "A new password for Werkplekleren+"


def test_change_password_when_logged_in(client, professional, login):
    login(professional)
    page = client.get(reverse("password_change"))
    assert page.status_code == 200 and "Wachtwoord wijzigen" in page.content.decode()
    wrong = client.post(
        reverse("password_change"),
        {"old_password": "fout", "new_password1": "Nieuw-Pad-93", "new_password2": "Nieuw-Pad-93"},
    )
    assert "niet juist ingevoerd" in wrong.content.decode()
    ok = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Nieuw-Pad-93",
            "new_password2": "Nieuw-Pad-93",
        },
    )
    assert ok.status_code == 302 and ok.url == reverse("password_change_done")
    professional.refresh_from_db()
    assert professional.check_password("Nieuw-Pad-93")
    assert client.get(reverse("home")).status_code == 200  # still logged in


def test_password_pages_need_login_to_change(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and reverse("login") in response.url


def test_language_switch_sets_the_mail_language(client, professional, login):
    login(professional)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    professional.refresh_from_db()
    assert professional.language == "en"
