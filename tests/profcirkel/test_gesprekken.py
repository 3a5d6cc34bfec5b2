"""Talentontwikkelgesprekken: cadence and planning, reminders (time travel), carry-over of
talking points, agreements, the facts a conversation is prepared with, privacy through every
URL, and the query count of the conversation page."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from didactiek.models import Verbetervoorstel
from profcirkel import selectors, services
from profcirkel.models import Agendapunt, Gespreksafspraak, Talentontwikkelgesprek
from profcirkel.tasks import send_gesprek_reminders
from tests.factories import GroepFactory, TeamFactory, UserFactory, add_member
from tests.mailbox import deliver
from tests.trajecten.test_voortgang import at, choose, make_activiteit, make_sessie, make_traject
from werkplekleren.models import Role

WEEK = timedelta(weeks=1)


@pytest.fixture
def lg(team):
    return team.leidinggevende


@pytest.fixture
def when():
    """Next Tuesday 10:00 local time."""
    today = timezone.localdate()
    day = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=10))


@pytest.fixture
def gesprek(professional, lg, when):
    return services.gesprek_plan(professional=professional, leidinggevende=lg, planned_at=when)


def _outsider(kind, org, other_org, team):
    return {
        "lo": lambda: UserFactory(organisation=org, team=team, roles=[Role.LO]),
        "admin": lambda: UserFactory(organisation=org, team=team, roles=[Role.ADMIN]),
        "colleague": lambda: UserFactory(organisation=org, team=team),
        "other_leidinggevende": lambda: TeamFactory(organisation=org).leidinggevende,
        "other_organisation": lambda: UserFactory(organisation=other_org, roles=list(Role)),
    }[kind]()


OUTSIDERS = ["lo", "admin", "colleague", "other_leidinggevende", "other_organisation"]


# --- Cadence and planning ------------------------------------------------------------------


def test_next_conversation_follows_the_team_default_of_eight_weeks(gesprek, professional, lg):
    assert gesprek.state == Talentontwikkelgesprek.State.GEPLAND
    assert gesprek.organisation_id == professional.organisation_id
    following = services.gesprek_hold(gesprek=gesprek, by=lg)
    gesprek.refresh_from_db()
    assert gesprek.state == Talentontwikkelgesprek.State.GEHOUDEN
    assert gesprek.held_at is not None
    assert following.state == Talentontwikkelgesprek.State.GEPLAND
    assert following.planned_at == gesprek.planned_at + 8 * WEEK
    assert (following.professional, following.leidinggevende) == (professional, lg)


def test_team_cadence_and_per_pair_override(gesprek, team, professional, lg):
    team.gesprek_interval_weeks = 6
    team.save()
    professional.refresh_from_db()
    gesprek.refresh_from_db()
    second = services.gesprek_hold(gesprek=gesprek, by=professional)
    assert second.planned_at == gesprek.planned_at + 6 * WEEK

    services.gesprek_set_interval(gesprek=second, by=professional, weeks=3)
    third = services.gesprek_hold(gesprek=second, by=lg)
    assert third.planned_at == second.planned_at + 3 * WEEK
    assert third.interval_weeks == 3  # the pair's agreement stays with the pair
    fourth = services.gesprek_hold(gesprek=third, by=lg)
    assert fourth.planned_at == third.planned_at + 3 * WEEK

    services.gesprek_set_interval(gesprek=fourth, by=lg, weeks=None)  # back to the team's
    assert services.gesprek_hold(gesprek=fourth, by=lg).planned_at == fourth.planned_at + 6 * WEEK


def test_plan_with_own_interval(professional, lg, when):
    gesprek = services.gesprek_plan(
        professional=professional, leidinggevende=lg, planned_at=when, interval_weeks=4
    )
    assert services.gesprek_plan_next(gesprek=gesprek).planned_at == when + 4 * WEEK


def test_interval_is_validated(gesprek, lg):
    with pytest.raises(ValidationError):
        services.gesprek_set_interval(gesprek=gesprek, by=lg, weeks=53)


def test_an_already_planned_later_conversation_is_the_next_one(gesprek, professional, lg, when):
    later = services.gesprek_plan(
        professional=professional, leidinggevende=lg, planned_at=when + 5 * WEEK
    )
    assert services.gesprek_hold(gesprek=gesprek, by=lg) == later
    assert Talentontwikkelgesprek.objects.count() == 2


def test_only_the_leidinggevende_of_the_team_plans(org, other_org, team, professional, when):
    other_lg = TeamFactory(organisation=org).leidinggevende
    lo = UserFactory(organisation=org, roles=[Role.LO])
    foreign = UserFactory(organisation=other_org, roles=[Role.LEIDINGGEVENDE])
    for leidinggevende in (other_lg, lo, foreign, professional):
        with pytest.raises(ValidationError):
            services.gesprek_plan(
                professional=professional, leidinggevende=leidinggevende, planned_at=when
            )
    teamless = UserFactory(organisation=org)
    with pytest.raises(ValidationError):
        services.gesprek_plan(
            professional=teamless, leidinggevende=team.leidinggevende, planned_at=when
        )
    assert not Talentontwikkelgesprek.objects.exists()


def test_no_next_conversation_once_the_leidinggevende_left_the_team(org, gesprek, team):
    team.leidinggevende = TeamFactory(organisation=org).leidinggevende
    team.save()
    gesprek.professional.refresh_from_db()
    assert services.gesprek_hold(gesprek=gesprek, by=gesprek.professional) is None
    assert Talentontwikkelgesprek.objects.count() == 1


def test_only_a_participant_holds_and_only_once(org, team, gesprek, lg):
    colleague = UserFactory(organisation=org, team=team)
    with pytest.raises(PermissionDenied):
        services.gesprek_hold(gesprek=gesprek, by=colleague)
    services.gesprek_hold(gesprek=gesprek, by=lg)
    with pytest.raises(ValidationError):
        services.gesprek_hold(gesprek=gesprek, by=lg)
    assert Talentontwikkelgesprek.objects.count() == 2


def test_development_statement_is_the_professionals_before_it_is_held(gesprek, professional, lg):
    services.ontwikkeling_save(gesprek=gesprek, by=professional, text="  Ik durf meer.  ")
    assert gesprek.ontwikkeling == "Ik durf meer."
    with pytest.raises(PermissionDenied):
        services.ontwikkeling_save(gesprek=gesprek, by=lg, text="Hij durft meer.")
    services.gesprek_hold(gesprek=gesprek, by=lg)
    with pytest.raises(ValidationError):
        services.ontwikkeling_save(gesprek=gesprek, by=professional, text="Later nog iets.")
    gesprek.refresh_from_db()
    assert gesprek.ontwikkeling == "Ik durf meer."


# --- Reminders (time travel) ---------------------------------------------------------------


def test_reminders_two_days_and_one_day_before_once_each(gesprek, professional, lg):
    t = gesprek.planned_at
    held = services.gesprek_plan(professional=professional, leidinggevende=lg, planned_at=t)
    held.state = Talentontwikkelgesprek.State.GEHOUDEN
    held.save()

    def run(moment):
        mail.outbox.clear()
        send_gesprek_reminders(now=moment)
        return [m.to for m in deliver("gesprek_reminder")]

    assert run(t - timedelta(days=3)) == []
    assert run(t - timedelta(days=2, minutes=1)) == []
    assert run(t - timedelta(days=2) + timedelta(minutes=14)) == [[professional.email]]
    message = mail.outbox[0]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert lg.name in message.body
    assert reverse("profcirkel:gesprek_detail", args=[gesprek.pk]) in message.body
    assert run(t - timedelta(days=1, hours=12)) == []  # once
    assert run(t - timedelta(days=1, minutes=1)) == []
    assert run(t - timedelta(days=1) + timedelta(minutes=5)) == [[lg.email]]
    assert run(t - timedelta(hours=2)) == []  # once each
    assert run(t + timedelta(hours=1)) == []
    gesprek.refresh_from_db()
    assert gesprek.reminded_professional_at == t - timedelta(days=2) + timedelta(minutes=14)
    assert gesprek.reminded_leidinggevende_at == t - timedelta(days=1) + timedelta(minutes=5)


def test_a_late_first_run_still_reminds_both_once(gesprek, professional, lg):
    moment = gesprek.planned_at - timedelta(hours=20)
    assert send_gesprek_reminders(now=moment.isoformat()) == 2
    assert sorted(m.to[0] for m in deliver("gesprek_reminder")) == sorted(
        [professional.email, lg.email]
    )
    assert send_gesprek_reminders(now=moment) == 0
    assert len(deliver("gesprek_reminder")) == 2


def test_the_reminder_task_is_on_the_beat_schedule():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "profcirkel.tasks.send_gesprek_reminders" in tasks


# --- Talking points: carry-over ------------------------------------------------------------


def test_unchecked_points_carry_over_shared_and_private_author_kept(gesprek, professional, lg):
    a = services.agendapunt_add(gesprek=gesprek, by=professional, text="Rooster", shared=True)
    b = services.agendapunt_add(gesprek=gesprek, by=professional, text="Mijn twijfel", shared=False)
    c = services.agendapunt_add(gesprek=gesprek, by=lg, text="Budget training", shared=False)
    d = services.agendapunt_add(gesprek=gesprek, by=lg, text="Besproken punt", shared=True)
    services.agendapunt_check(punt=d, by=professional, checked=True)
    following = services.gesprek_hold(gesprek=gesprek, by=professional)
    carried = {p.carried_from_id: p for p in following.agendapunten.all()}
    assert set(carried) == {a.pk, b.pk, c.pk}
    for original in (a, b, c):
        copy = carried[original.pk]
        assert (copy.author_id, copy.text, copy.shared, copy.checked) == (
            original.author_id,
            original.text,
            original.shared,
            False,
        )
    # The held conversation keeps its record.
    assert gesprek.agendapunten.count() == 4


def test_points_rules(org, team, gesprek, professional, lg):
    private = services.agendapunt_add(gesprek=gesprek, by=lg, text="Eigen punt", shared=False)
    with pytest.raises(PermissionDenied):
        services.agendapunt_check(punt=private, by=professional, checked=True)
    with pytest.raises(PermissionDenied):
        services.agendapunt_add(
            gesprek=gesprek, by=UserFactory(organisation=org, team=team), text="x", shared=True
        )
    with pytest.raises(ValidationError):
        services.agendapunt_add(gesprek=gesprek, by=lg, text="   ", shared=True)
    services.gesprek_hold(gesprek=gesprek, by=lg)
    with pytest.raises(ValidationError):
        services.agendapunt_add(gesprek=gesprek, by=lg, text="Te laat", shared=True)
    with pytest.raises(ValidationError):
        services.agendapunt_check(punt=private, by=lg, checked=True)


# --- Agreements ----------------------------------------------------------------------------


def test_agreement_owner_is_one_of_the_two(org, team, gesprek, professional, lg):
    mine = services.gespreksafspraak_add(
        gesprek=gesprek, by=lg, text="Ik zoek een training", owner=professional
    )
    assert mine.owner == professional and not mine.for_organisation
    colleague = UserFactory(organisation=org, team=team)
    with pytest.raises(ValidationError):
        services.gespreksafspraak_add(gesprek=gesprek, by=lg, text="x", owner=colleague)
    with pytest.raises(ValidationError):
        services.gespreksafspraak_add(
            gesprek=gesprek, by=lg, text="Budget", owner=professional, for_organisation=True
        )
    org_afspraak = services.gespreksafspraak_add(
        gesprek=gesprek,
        by=professional,
        text="Budget voor de cursus",
        owner=lg,
        for_organisation=True,
        due_date=timezone.localdate() + timedelta(days=30),
    )
    assert org_afspraak.owner == lg and org_afspraak.for_organisation


def test_only_the_owner_marks_an_agreement_done(gesprek, professional, lg, login):
    afspraak = services.gespreksafspraak_add(gesprek=gesprek, by=lg, text="Budget", owner=lg)
    with pytest.raises(PermissionDenied):
        services.gespreksafspraak_done(afspraak=afspraak, by=professional)
    url = reverse("profcirkel:gespreksafspraak_done", args=[afspraak.pk])
    assert login(professional).post(url).status_code == 302
    afspraak.refresh_from_db()
    assert afspraak.done_at is None
    assert login(lg).post(url).status_code == 302
    afspraak.refresh_from_db()
    assert afspraak.done_at is not None


def test_agreements_are_followed_up_after_the_conversation(gesprek, professional, lg):
    afspraak = services.gespreksafspraak_add(
        gesprek=gesprek, by=lg, text="Ik lees het boek", owner=professional
    )
    services.gesprek_hold(gesprek=gesprek, by=lg)
    services.gespreksafspraak_done(afspraak=afspraak, by=professional)
    assert afspraak.done_at is not None
    with pytest.raises(ValidationError):
        services.gespreksafspraak_add(gesprek=gesprek, by=lg, text="Te laat", owner=lg)


# --- Pages ---------------------------------------------------------------------------------


def test_list_shows_the_next_one_first_for_both(professional, lg, gesprek, when, login):
    later = services.gesprek_plan(
        professional=professional, leidinggevende=lg, planned_at=when + 3 * WEEK
    )
    for viewer in (professional, lg):
        body = login(viewer).get(reverse("profcirkel:gesprek_list")).content.decode()
        first = body.index(reverse("profcirkel:gesprek_detail", args=[gesprek.pk]))
        assert first < body.index(reverse("profcirkel:gesprek_detail", args=[later.pk]))
    professional_body = login(professional).get(reverse("profcirkel:gesprek_list")).content
    assert reverse("profcirkel:gesprek_plan").encode() not in professional_body
    assert (
        reverse("profcirkel:gesprek_plan").encode()
        in login(lg).get(reverse("profcirkel:gesprek_list")).content
    )


def test_leidinggevende_plans_on_the_list_page(org, team, professional, lg, login):
    client = login(lg)
    outsider = UserFactory(organisation=org, team=TeamFactory(organisation=org))
    response = client.post(
        reverse("profcirkel:gesprek_plan"),
        {"professional": outsider.pk, "planned_at": "2030-05-07T10:00"},
    )
    assert response.status_code == 200
    assert "Kies iemand uit je team." in response.content.decode()
    response = client.post(
        reverse("profcirkel:gesprek_plan"),
        {"professional": professional.pk, "planned_at": "2030-05-07T10:00", "interval_weeks": "6"},
    )
    gesprek = Talentontwikkelgesprek.objects.get()
    assert response.url == reverse("profcirkel:gesprek_detail", args=[gesprek.pk])
    assert timezone.localtime(gesprek.planned_at).hour == 10
    assert gesprek.interval_weeks == 6
    # A professional cannot plan.
    assert (
        login(professional)
        .post(
            reverse("profcirkel:gesprek_plan"),
            {"professional": professional.pk, "planned_at": "2030-05-07T10:00"},
        )
        .status_code
        == 200
    )
    assert Talentontwikkelgesprek.objects.count() == 1


def test_the_whole_flow_through_the_pages(gesprek, professional, lg, login):
    pro, boss = Client(), Client()
    pro.force_login(professional)
    boss.force_login(lg)
    detail = reverse("profcirkel:gesprek_detail", args=[gesprek.pk])
    pro.post(
        reverse("profcirkel:gesprek_ontwikkeling", args=[gesprek.pk]),
        {"text": "Ik geef vaker feedback."},
    )
    pro.post(reverse("profcirkel:agendapunt_add", args=[gesprek.pk]), {"text": "Rooster"})
    pro.post(
        reverse("profcirkel:gespreksafspraak_add", args=[gesprek.pk]),
        {"text": "Budget voor de cursus", "wie": "organisatie", "due_date": "2030-01-31"},
    )
    afspraak = Gespreksafspraak.objects.get()
    assert afspraak.owner == lg and afspraak.for_organisation
    punt = Agendapunt.objects.get()
    assert punt.shared
    body = boss.get(detail).content.decode()
    assert "Ik geef vaker feedback." in body and "Rooster" in body
    ontwikkeling_url = reverse("profcirkel:gesprek_ontwikkeling", args=[gesprek.pk])
    assert ontwikkeling_url not in body  # only the professional edits it
    assert ontwikkeling_url in pro.get(detail).content.decode()
    boss.post(reverse("profcirkel:agendapunt_check", args=[punt.pk]), {"checked": "1"})
    punt.refresh_from_db()
    assert punt.checked
    boss.post(reverse("profcirkel:gesprek_interval", args=[gesprek.pk]), {"weeks": "4"})
    boss.post(reverse("profcirkel:gesprek_hold", args=[gesprek.pk]))
    gesprek.refresh_from_db()
    assert gesprek.state == Talentontwikkelgesprek.State.GEHOUDEN
    following = Talentontwikkelgesprek.objects.exclude(pk=gesprek.pk).get()
    assert following.planned_at == gesprek.planned_at + 4 * WEEK
    for client in (pro, boss):
        body = client.get(detail).content.decode()
        assert reverse("profcirkel:gesprek_detail", args=[following.pk]) in body
        assert "Budget voor de cursus" in body and "Ik geef vaker feedback." in body
        assert reverse("profcirkel:gesprek_hold", args=[gesprek.pk]) not in body


def test_a_refused_point_keeps_the_page(gesprek, professional, login):
    response = login(professional).post(
        reverse("profcirkel:agendapunt_add", args=[gesprek.pk]), {"text": ""}
    )
    assert response.status_code == 200
    assert "Schrijf het gesprekspunt op." in response.content.decode()


# --- Privacy through every URL -------------------------------------------------------------

PRO_SECRET = "Ik overweeg een andere baan"
LG_SECRET = "Reorganisatie in het voorjaar"


def test_private_points_never_reach_the_other(gesprek, team, professional, lg, login):
    team_url = reverse("profcirkel:verantwoording", args=[team.pk])
    services.agendapunt_add(gesprek=gesprek, by=professional, text=PRO_SECRET, shared=False)
    services.agendapunt_add(gesprek=gesprek, by=lg, text=LG_SECRET, shared=False)
    services.agendapunt_add(gesprek=gesprek, by=lg, text="Gedeeld punt", shared=True)
    pages = [
        reverse("profcirkel:gesprek_list"),
        reverse("profcirkel:gesprek_detail", args=[gesprek.pk]),
    ]

    def check():
        for viewer, own, theirs in (
            (professional, PRO_SECRET, LG_SECRET),
            (lg, LG_SECRET, PRO_SECRET),
        ):
            client = login(viewer)
            for url in pages:
                body = client.get(url).content.decode()
                assert theirs not in body, (viewer, url)
            detail = client.get(pages[1]).content.decode()
            assert own in detail and "Gedeeld punt" in detail
            assert detail.count("alleen voor jou") == 1
            assert theirs not in client.get(team_url).content.decode()

    check()
    following = services.gesprek_hold(gesprek=gesprek, by=lg)
    pages.append(reverse("profcirkel:gesprek_detail", args=[following.pk]))
    check()
    body = login(professional).get(pages[2]).content.decode()
    assert PRO_SECRET in body and LG_SECRET not in body
    # The other's private point cannot be ticked off either.
    theirs = following.agendapunten.get(text=LG_SECRET)
    url = reverse("profcirkel:agendapunt_check", args=[theirs.pk])
    assert login(professional).post(url, {"checked": "1"}).status_code == 404


def _every_url(gesprek, punt, afspraak):
    g = [gesprek.pk]
    return [
        ("get", reverse("profcirkel:gesprek_detail", args=g), {}),
        ("post", reverse("profcirkel:gesprek_ontwikkeling", args=g), {"text": "x"}),
        ("post", reverse("profcirkel:agendapunt_add", args=g), {"text": "x"}),
        ("post", reverse("profcirkel:agendapunt_check", args=[punt.pk]), {"checked": "1"}),
        (
            "post",
            reverse("profcirkel:gespreksafspraak_add", args=g),
            {"text": "x", "wie": "professional"},
        ),
        ("post", reverse("profcirkel:gespreksafspraak_done", args=[afspraak.pk]), {}),
        ("post", reverse("profcirkel:gesprek_hold", args=g), {}),
        ("post", reverse("profcirkel:gesprek_interval", args=g), {"weeks": "2"}),
    ]


@pytest.mark.parametrize("kind", OUTSIDERS)
def test_everyone_else_gets_404_on_every_conversation_url(
    kind, org, other_org, team, gesprek, professional, lg, login
):
    punt = services.agendapunt_add(gesprek=gesprek, by=lg, text="Gedeeld", shared=True)
    afspraak = services.gespreksafspraak_add(gesprek=gesprek, by=lg, text="Doen", owner=lg)
    services.ontwikkeling_save(gesprek=gesprek, by=professional, text="Het gaat goed.")
    client = login(_outsider(kind, org, other_org, team))
    for method, url, data in _every_url(gesprek, punt, afspraak):
        assert getattr(client, method)(url, data).status_code == 404, url
    body = client.get(reverse("profcirkel:gesprek_list")).content.decode()
    assert (
        "Het gaat goed." not in body
        and reverse("profcirkel:gesprek_detail", args=[gesprek.pk]) not in body
    )
    gesprek.refresh_from_db()
    assert gesprek.state == Talentontwikkelgesprek.State.GEPLAND
    assert gesprek.agendapunten.count() == 1 and gesprek.interval_weeks is None


def test_anonymous_is_sent_to_login(gesprek, client):
    response = client.get(reverse("profcirkel:gesprek_detail", args=[gesprek.pk]))
    assert response.status_code == 302 and "login" in response.url


# --- Facts ---------------------------------------------------------------------------------


def test_facts_since_the_last_conversation_never_how_someone_learned(
    org, professional, lg, gesprek, kader, login
):
    today = timezone.localdate()
    traject = make_traject(
        professional, start=today - timedelta(days=60), end=today + timedelta(days=100)
    )
    choose(traject, today - timedelta(days=today.weekday() + 14), [2, 7])
    previous = services.gesprek_plan(
        professional=professional, leidinggevende=lg, planned_at=timezone.now() - 3 * WEEK
    )
    Talentontwikkelgesprek.objects.filter(pk=previous.pk).update(
        state=Talentontwikkelgesprek.State.GEHOUDEN, held_at=timezone.now() - 3 * WEEK
    )
    groep = GroepFactory(organisation=org, created_by=professional)
    add_member(groep, professional)
    before = make_sessie(groep, at(today - timedelta(days=30)), present=[professional])
    after = make_sessie(groep, at(today - timedelta(days=7)), minutes=90, present=[professional])
    concept = make_sessie(groep, at(today - timedelta(days=6)), present=[professional])
    activiteit = make_activiteit(
        traject,
        title="Geheime cursus conflicthantering",
        logs=[(today - timedelta(days=40), 30), (today - timedelta(days=3), 45)],
    )
    activiteit.reflectie = "Ik vermijd conflicten"
    activiteit.save()
    old = Verbetervoorstel.objects.create(
        organisation=org, sessie=before, titel="Oud voorstel", status="gevalideerd"
    )
    Verbetervoorstel.objects.filter(pk=old.pk).update(updated_at=timezone.now() - 5 * WEEK)
    Verbetervoorstel.objects.create(
        organisation=org, sessie=after, titel="Overdracht met checklist", status="ingediend"
    )
    Verbetervoorstel.objects.create(
        organisation=org, sessie=concept, titel="Nog een concept", status="concept"
    )

    facts = selectors.gesprek_facts(gesprek=gesprek)
    since = timezone.localdate(timezone.now() - 3 * WEEK)
    assert facts.since == since
    assert facts.hours_used == Decimal("3.3")  # 90 + 60 session minutes + 45 logged, since then
    weeks = (
        (today - timedelta(days=today.weekday())) - (since - timedelta(days=since.weekday()))
    ).days // 7 + 1
    assert facts.hours_available == Decimal(4) * weeks
    assert [(v.titel, v.status) for v in facts.voorstellen] == [
        ("Overdracht met checklist", "ingediend")
    ]
    assert [v.number for v in facts.vragen] == [2, 7]

    for viewer in (professional, lg):
        body = (
            login(viewer)
            .get(reverse("profcirkel:gesprek_detail", args=[gesprek.pk]))
            .content.decode()
        )
        assert "Overdracht met checklist" in body and "Ingediend" in body
        assert "Oud voorstel" not in body and "Nog een concept" not in body
        assert "Geheime cursus conflicthantering" not in body
        assert "Ik vermijd conflicten" not in body


def test_facts_without_a_traject(gesprek):
    facts = selectors.gesprek_facts(gesprek=gesprek)
    assert not facts.has_traject and facts.since is None and facts.voorstellen == []


# --- Query count ---------------------------------------------------------------------------


def test_conversation_page_in_fixed_queries(
    gesprek, professional, lg, login, kader, django_assert_num_queries
):
    today = timezone.localdate()
    traject = make_traject(
        professional, start=today - timedelta(days=60), end=today + timedelta(days=100)
    )
    choose(traject, today - timedelta(days=today.weekday()), [1, 3])
    services.agendapunt_add(gesprek=gesprek, by=professional, text="Eerste", shared=True)
    services.gespreksafspraak_add(gesprek=gesprek, by=lg, text="Afspraak 0", owner=lg)
    client = login(lg)
    url = reverse("profcirkel:gesprek_detail", args=[gesprek.pk])
    # session, user, roles, conversation; points, agreements; facts: last held, traject,
    # sessions, logged time, question choice, its questions, proposals; the team's cadence
    with django_assert_num_queries(14):
        assert client.get(url).status_code == 200
    for n in range(6):
        services.agendapunt_add(
            gesprek=gesprek, by=professional, text=f"Punt {n}", shared=n % 2 == 0
        )
        services.agendapunt_add(gesprek=gesprek, by=lg, text=f"Mijn punt {n}", shared=n % 2 == 0)
        services.gespreksafspraak_add(
            gesprek=gesprek, by=lg, text=f"Afspraak {n + 1}", owner=professional if n % 2 else lg
        )
    with django_assert_num_queries(14):
        body = client.get(url).content.decode()
    assert body.count("Afspraak ") >= 7 and "Mijn punt 5" in body
