"""Leeractiviteiten: adding, editing, status, the private reflection and written time; the
page's query count; and privacy: nobody but the owner reaches any of it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from didactiek.models import DidactischeVraag
from tests.factories import (
    GroepFactory,
    LeeractiviteitFactory,
    ProfTrajectFactory,
    UserFactory,
    add_member,
)
from trajecten import services
from trajecten.models import Leeractiviteit, ProfTraject, Tijdregistratie, Vraagkeuze
from weekcyclus.models import Leervoornemen
from werkplekleren.models import Role

from .test_suggesties import past_session

REFLECTIE = "Ik merk dat ik onzeker word als de dienst uitloopt"


def _ids(*numbers):
    return [
        str(pk)
        for pk in DidactischeVraag.objects.filter(number__in=numbers).values_list("pk", flat=True)
    ]


@pytest.fixture
def traject(professional, kader):
    return ProfTrajectFactory(
        user=professional, state="actief", start=timezone.localdate() - timedelta(weeks=4)
    )


def _list(traject):
    return reverse("trajecten:activiteiten", args=[traject.pk])


def _detail(activiteit):
    return reverse("trajecten:activiteit", args=[activiteit.pk])


def test_adding_an_activity(traject, login):
    client = login(traject.user)
    response = client.post(
        _list(traject),
        {
            "kind": "podcast",
            "title": "  Podcast over overdracht ",
            "link": "https://voorbeeld.example/podcast",
            "vragen": _ids(4, 9),
            "planned_minutes": "45",
        },
    )
    assert response.status_code == 302 and response.url == _list(traject)
    activiteit = Leeractiviteit.objects.get(traject=traject)
    assert (activiteit.kind, activiteit.title, activiteit.link, activiteit.planned_minutes) == (
        "podcast",
        "Podcast over overdracht",
        "https://voorbeeld.example/podcast",
        45,
    )
    assert activiteit.status == Leeractiviteit.Status.GEPLAND and activiteit.source == ""
    assert sorted(v.number for v in activiteit.vragen.all()) == [4, 9]
    body = client.get(_list(traject)).content.decode()
    assert "Podcast over overdracht" in body and _detail(activiteit) in body
    assert "0 van 45 min" in body


def test_the_add_form_offers_the_nine_kinds(traject, login):
    body = login(traject.user).get(_list(traject)).content.decode()
    for kind in Leeractiviteit.Kind:
        assert f'value="{kind.value}"' in body
    assert body.count('name="vragen"') == 10


def test_a_refused_activity_keeps_the_input(traject, login):
    client = login(traject.user)
    response = client.post(
        _list(traject),
        {"kind": "boek", "title": "", "link": "https://voorbeeld.example/boek"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Geef de activiteit een titel." in body
    assert "https://voorbeeld.example/boek" in body
    body = client.post(
        _list(traject), {"kind": "boek", "title": "Boek", "link": "geen link"}
    ).content.decode()
    assert "Vul een geldige link in" in body and 'value="Boek"' in body
    body = client.post(_list(traject), {"kind": "toneel", "title": "Toneel"}).content.decode()
    assert "Toneel" in body
    assert not Leeractiviteit.objects.exists()


def test_editing_status_and_private_reflection(traject, login):
    activiteit = LeeractiviteitFactory(traject=traject, title="Training feedback")
    client = login(traject.user)
    body = client.get(_detail(activiteit)).content.decode()
    assert "alleen voor jou" in body
    for status in ("gepland", "bezig", "afgerond"):
        assert f'value="{status}"' in body
    response = client.post(
        _detail(activiteit),
        {
            "kind": "training",
            "title": "Training feedback geven",
            "link": "",
            "vragen": _ids(9),
            "planned_minutes": "120",
            "status": "afgerond",
            "reflectie": REFLECTIE,
        },
    )
    assert response.status_code == 302
    activiteit.refresh_from_db()
    assert activiteit.status == Leeractiviteit.Status.AFGEROND
    assert activiteit.reflectie == REFLECTIE
    assert activiteit.title == "Training feedback geven" and activiteit.kind == "training"
    assert activiteit.planned_minutes == 120
    assert [v.number for v in activiteit.vragen.all()] == [9]
    assert REFLECTIE in client.get(_detail(activiteit)).content.decode()


def test_a_refused_edit_keeps_the_input(traject, login):
    activiteit = LeeractiviteitFactory(traject=traject, title="Oud")
    body = (
        login(traject.user)
        .post(
            _detail(activiteit),
            {"kind": "video", "title": "", "status": "bezig", "reflectie": REFLECTIE},
        )
        .content.decode()
    )
    assert "Geef de activiteit een titel." in body and REFLECTIE in body
    activiteit.refresh_from_db()
    assert activiteit.title == "Oud" and activiteit.reflectie == ""


def test_writing_time(traject, login):
    activiteit = LeeractiviteitFactory(traject=traject, planned_minutes=60)
    client = login(traject.user)
    url = reverse("trajecten:tijd_log", args=[activiteit.pk])
    today = timezone.localdate()
    body = client.get(_detail(activiteit)).content.decode()
    assert f'value="{today:%Y-%m-%d}"' in body  # the date defaults to today
    assert client.get(url).status_code == 405
    client.post(url, {"minutes": "30", "day": f"{today:%Y-%m-%d}"})
    client.post(url, {"minutes": "15", "day": f"{today - timedelta(days=2):%Y-%m-%d}"})
    rows = list(
        Tijdregistratie.objects.filter(activiteit=activiteit)
        .order_by("day")
        .values_list("day", "minutes")
    )
    assert rows == [(today - timedelta(days=2), 15), (today, 30)]
    activiteit.refresh_from_db()
    assert activiteit.status == Leeractiviteit.Status.BEZIG  # time written: under way
    body = client.get(_detail(activiteit)).content.decode()
    assert "Samen 45 minuten." in body
    assert "45 van 60 min" in client.get(_list(traject)).content.decode()


def test_refused_time_is_explained(traject, login):
    activiteit = LeeractiviteitFactory(traject=traject)
    client = login(traject.user)
    url = reverse("trajecten:tijd_log", args=[activiteit.pk])
    tomorrow = timezone.localdate() + timedelta(days=1)
    body = client.post(url, {"minutes": "20", "day": f"{tomorrow:%Y-%m-%d}"}).content.decode()
    assert "Je kunt geen tijd in de toekomst schrijven." in body
    assert 'value="20"' in body
    body = client.post(url, {"minutes": "0", "day": ""}).content.decode()
    assert "Vul een datum in." in body
    assert not Tijdregistratie.objects.exists()


def test_activities_page_query_count_does_not_grow(traject, org, login, django_assert_num_queries):
    groep = GroepFactory(organisation=org)
    add_member(groep, traject.user)
    client = login(traject.user)

    def populate(n):
        for _ in range(n):
            activiteit = LeeractiviteitFactory(traject=traject, planned_minutes=30)
            activiteit.vragen.set(DidactischeVraag.objects.filter(number__in=[1, 9]))
            services.tijd_log(activiteit=activiteit, minutes=10)
            services.tijd_log(activiteit=activiteit, minutes=5)
            sessie = past_session(groep, traject.user)
            Leervoornemen.objects.create(sessie=sessie, user=traject.user, wil_leren="Plannen")

    # session, user, roles, traject; activities and their questions; the kader (form);
    # suggestions: sources taken, leervoornemens, proposals
    expected = 10
    populate(1)
    with django_assert_num_queries(expected):
        assert client.get(_list(traject)).status_code == 200
    populate(9)
    with django_assert_num_queries(expected):
        body = client.get(_list(traject)).content.decode()
    assert body.count("15 van 30 min") == 10


def test_activity_page_query_count_does_not_grow(traject, login, django_assert_num_queries):
    activiteit = LeeractiviteitFactory(traject=traject)
    client = login(traject.user)
    services.tijd_log(activiteit=activiteit, minutes=10)
    with django_assert_num_queries(7):  # session, user, roles, activity, questions,
        client.get(_detail(activiteit))  # the kader, the time entries
    for _ in range(10):
        services.tijd_log(activiteit=activiteit, minutes=10)
    with django_assert_num_queries(7):
        assert "Samen 110 minuten." in client.get(_detail(activiteit)).content.decode()


# --- Privacy: the owner alone --------------------------------------------------------------


@pytest.fixture
def owned(org, team, professional, kader):
    """An active traject with a reflected-on activity and written time, in a group."""
    groep = GroepFactory(organisation=org)
    add_member(groep, professional)
    traject = services.traject_save(
        user=professional,
        ambitie="Rustig overdragen",
        groepen=[groep],
        vragen=DidactischeVraag.objects.filter(number__in=[1, 9]),
    )
    services.traject_activate(traject=traject)
    activiteit = services.activiteit_add(traject=traject, kind="boek", title="Boek over rust")
    services.activiteit_update(activiteit=activiteit, reflectie=REFLECTIE)
    services.tijd_log(activiteit=activiteit, minutes=25)
    sessie = past_session(groep, professional)
    Leervoornemen.objects.create(sessie=sessie, user=professional, wil_leren="Grenzen stellen")
    return traject, activiteit, groep


def _outsider(kind, org, other_org, team, groep):
    if kind == "leidinggevende":
        return team.leidinggevende
    if kind == "leidinggevende_professional":
        boss = team.leidinggevende
        boss.role_assignments.create(organisation=org, role=Role.PROFESSIONAL)
        return boss
    if kind == "lo":
        return UserFactory(organisation=org, roles=[Role.LO])
    if kind == "groepslid":
        member = UserFactory(organisation=org, team=team)
        add_member(groep, member)
        return member
    if kind == "admin":
        return UserFactory(organisation=org, roles=[Role.ADMIN, Role.LO, Role.LEIDINGGEVENDE])
    return UserFactory(organisation=other_org, roles=[Role.PROFESSIONAL, Role.LO])


OUTSIDERS = [
    "leidinggevende",
    "leidinggevende_professional",
    "lo",
    "groepslid",
    "admin",
    "andere_organisatie",
]


@pytest.mark.parametrize("kind", OUTSIDERS)
def test_nobody_else_reaches_any_traject_url(kind, owned, org, other_org, team, login):
    traject, activiteit, groep = owned
    client = login(_outsider(kind, org, other_org, team, groep))
    today = f"{timezone.localdate():%Y-%m-%d}"
    gets = [
        reverse("trajecten:compose_edit", args=[traject.pk]),
        reverse("trajecten:vragen", args=[traject.pk]),
        reverse("trajecten:activiteiten", args=[traject.pk]),
        reverse("trajecten:activiteit", args=[activiteit.pk]),
    ]
    posts = [
        (gets[0], {"action": "save", "ambitie": "Overgenomen"}),
        (reverse("trajecten:finish", args=[traject.pk]), {}),
        (gets[1], {"vragen": _ids(3)}),
        (gets[2], {"kind": "boek", "title": "Ingebroken"}),
        (
            reverse("trajecten:suggestie_add", args=[traject.pk]),
            {"source": "leervoornemen:1", "title": "Ingebroken"},
        ),
        (
            gets[3],
            {"kind": "boek", "title": "Ingebroken", "status": "afgerond", "reflectie": "Gelezen"},
        ),
        (reverse("trajecten:tijd_log", args=[activiteit.pk]), {"minutes": "60", "day": today}),
    ]
    bodies = []
    for url in gets:
        response = client.get(url)
        assert response.status_code == 404, url
        bodies.append(response.content.decode())
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == 404, url
        bodies.append(response.content.decode())
    # The pages of this module an outsider may open (their own, if any) never show it.
    for url in (reverse("trajecten:compose"),):
        bodies.append(client.get(url, follow=True).content.decode())
    for body in bodies:
        assert REFLECTIE not in body
        assert "Boek over rust" not in body and "Grenzen stellen" not in body

    traject.refresh_from_db()
    activiteit.refresh_from_db()
    assert traject.ambitie == "Rustig overdragen" and traject.state == ProfTraject.State.ACTIEF
    assert Vraagkeuze.objects.filter(traject=traject).count() == 1
    assert list(traject.activiteiten.all()) == [activiteit]
    assert activiteit.title == "Boek over rust" and activiteit.reflectie == REFLECTIE
    assert list(activiteit.tijden.values_list("minutes", flat=True)) == [25]


def test_an_outsiders_own_traject_pages_show_nothing_of_anyone_else(owned, org, team, login):
    traject, activiteit, groep = owned
    member = UserFactory(organisation=org, team=team)
    add_member(groep, member)
    # The other member was in the same session and has a traject of their own.
    mine = ProfTrajectFactory(user=member, state="actief", start=traject.start)
    client = login(member)
    urls = [
        reverse("trajecten:compose"),
        reverse("trajecten:compose_edit", args=[mine.pk]),
        reverse("trajecten:vragen", args=[mine.pk]),
        reverse("trajecten:activiteiten", args=[mine.pk]),
    ]
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200
        body = response.content.decode()
        assert REFLECTIE not in body
        assert "Boek over rust" not in body and "Grenzen stellen" not in body


def test_malformed_and_missing_ids_are_404(owned, login):
    traject, activiteit, groep = owned
    client = login(traject.user)
    assert client.get("/traject/activiteiten/999999/").status_code == 404
    assert client.get("/traject/999999/activiteiten/").status_code == 404
    assert client.get("/traject/abc/bewerken/").status_code == 404
