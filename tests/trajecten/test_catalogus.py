"""The learning catalogue: L&O curates it (list, add with a file, edit, take out); a
professional browses their organisation's catalogue and adds an item with one click."""

import io
import wave

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from didactiek.models import DidactischeVraag
from tests.factories import UserFactory
from trajecten import services
from trajecten.models import CatalogusItem, Leeractiviteit
from werkplekleren.models import Role


@pytest.fixture
def lo(org):
    return UserFactory(organisation=org, roles=[Role.LO])


@pytest.fixture
def traject(org, kader):
    user = UserFactory(organisation=org, roles=[Role.PROFESSIONAL])
    traject = services.traject_save(
        user=user,
        ambitie="Beter samenwerken",
        talenten="Luisteren",
        leerbehoeften="Feedback geven",
        vragen=DidactischeVraag.objects.filter(number__in=[6, 9]),
    )
    return services.traject_activate(traject=traject)


def _item(org, title="Podcast over feedback", kind="podcast", numbers=(9,), **extra):
    item = CatalogusItem.objects.create(
        organisation=org,
        kind=kind,
        title=title,
        link=extra.pop("link", "https://example.org/podcast"),
        minutes=extra.pop("minutes", 40),
        **extra,
    )
    item.vragen.set(DidactischeVraag.objects.filter(number__in=numbers))
    return item


def _wav() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x10" * 4000)
    return buffer.getvalue()


def _post(**overrides) -> dict:
    data = {
        "kind": "vitaliteit",
        "title": "Zakelijke meditatie van tien minuten",
        "title_en": "A ten-minute business meditation",
        "description": "Rustig ademen aan je bureau.",
        "description_en": "",
        "link": "",
        "minutes": "10",
        "language": "nl",
        "vragen": [str(DidactischeVraag.objects.get(number=6).pk)],
        "talenten": "rust nemen,  focus ,",
        "active": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_lo_adds_an_item_with_a_file_and_edits_it(client, lo, kader, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(lo)
    assert client.get(reverse("lo:catalogus_new")).status_code == 200
    upload = SimpleUploadedFile("meditatie.wav", _wav(), content_type="audio/wav")
    response = client.post(reverse("lo:catalogus_new"), {**_post(), "file": upload})
    assert response.status_code == 302 and response.url == reverse("lo:catalogus")
    item = CatalogusItem.objects.get()
    assert (item.title_nl, item.title_en, item.kind, item.minutes) == (
        "Zakelijke meditatie van tien minuten",
        "A ten-minute business meditation",
        "vitaliteit",
        10,
    )
    assert item.media.kind == "audio" and item.media.organisation_id == lo.organisation_id
    assert item.talenten == "rust nemen, focus"
    assert list(item.vragen.values_list("number", flat=True)) == [6]
    body = client.get(reverse("lo:catalogus")).content.decode()
    assert "staat in de catalogus" in body and "Zakelijke meditatie van tien minuten" in body

    # Edit: a link instead, out of the catalogue; the file stays.
    response = client.post(
        reverse("lo:catalogus_edit", args=[item.pk]),
        _post(link="https://example.org/meditatie", active=None, minutes="12"),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.link, item.minutes, item.active) == ("https://example.org/meditatie", 12, False)
    assert item.media_id is not None


def test_bad_input_keeps_what_was_typed_with_a_dutch_message(client, lo, kader):
    client.force_login(lo)
    response = client.post(
        reverse("lo:catalogus_new"), _post(kind="podcast", link="", minutes="nul")
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Controleer de gemarkeerde velden." in body
    assert 'value="Zakelijke meditatie van tien minuten"' in body
    # Valid fields, but neither a link nor a file for a podcast: the model's own rule.
    response = client.post(reverse("lo:catalogus_new"), _post(kind="podcast", link=""))
    assert response.status_code == 400
    assert "Geef een link of een bestand." in response.content.decode()
    upload = SimpleUploadedFile("nep.wav", b"not a wav at all", content_type="audio/wav")
    response = client.post(reverse("lo:catalogus_new"), {**_post(), "file": upload})
    assert response.status_code == 400 and "geen geldig .wav-bestand" in response.content.decode()
    assert not CatalogusItem.objects.exists()


def test_only_lo_of_the_organisation_curates(client, org, other_org, lo, professional, kader):
    item = _item(org)
    client.force_login(professional)
    assert client.get(reverse("lo:catalogus")).status_code == 404
    assert client.post(reverse("lo:catalogus_new"), _post()).status_code == 404
    other_lo = UserFactory(organisation=other_org, roles=[Role.LO])
    client.force_login(other_lo)
    assert client.get(reverse("lo:catalogus_edit", args=[item.pk])).status_code == 404
    assert client.post(reverse("lo:catalogus_edit", args=[item.pk]), _post()).status_code == 404
    item.refresh_from_db()
    assert item.title == "Podcast over feedback"
    assert "Podcast over feedback" not in client.get(reverse("lo:catalogus")).content.decode()


def test_lo_list_queries_do_not_grow_with_items(
    client, org, lo, kader, django_assert_max_num_queries
):
    for n in range(12):
        _item(org, title=f"Item {n}")
    client.force_login(lo)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("lo:catalogus"))
    assert response.content.decode().count("Item ") >= 12


def test_a_professional_adds_an_item_with_one_click(
    client, org, other_org, traject, django_assert_max_num_queries
):
    podcast = _item(org)
    _item(org, title="Oud item", active=False)
    _item(other_org, title="Van een ander")
    _item(org, title="Zakelijke meditatie", kind="vitaliteit", numbers=(6,))
    client.force_login(traject.user)
    url = reverse("trajecten:catalogus", args=[traject.pk])
    with django_assert_max_num_queries(12):
        body = client.get(url).content.decode()
    assert "Podcast over feedback" in body and "Zakelijke meditatie" in body
    assert "Oud item" not in body and "Van een ander" not in body
    filtered = client.get(url, {"vraag": "6"}).content.decode()
    assert "Zakelijke meditatie" in filtered and "Podcast over feedback" not in filtered

    add = reverse("trajecten:catalogus_add", args=[traject.pk, podcast.pk])
    response = client.post(add, {"next": url})
    assert response.status_code == 302 and response.url == url
    activiteit = Leeractiviteit.objects.get(traject=traject)
    assert (activiteit.title, activiteit.kind, activiteit.catalogus_item) == (
        "Podcast over feedback",
        "podcast",
        podcast,
    )
    assert activiteit.planned_minutes == 40 and activiteit.link == "https://example.org/podcast"
    assert "in je traject" in client.get(url).content.decode()
    # A second click adds nothing twice.
    client.post(add)
    assert Leeractiviteit.objects.filter(traject=traject).count() == 1


def test_nobody_adds_to_anothers_traject_or_from_another_catalogue(client, org, other_org, traject):
    foreign = _item(other_org, title="Van een ander")
    own = _item(org)
    client.force_login(traject.user)
    add = reverse("trajecten:catalogus_add", args=[traject.pk, foreign.pk])
    assert client.post(add).status_code == 404
    colleague = UserFactory(organisation=org, roles=[Role.PROFESSIONAL])
    client.force_login(colleague)
    assert client.get(reverse("trajecten:catalogus", args=[traject.pk])).status_code == 404
    add = reverse("trajecten:catalogus_add", args=[traject.pk, own.pk])
    assert client.post(add).status_code == 404
    assert not Leeractiviteit.objects.exists()
