"""A validated proposal in the Prof-cirkel: submitted to the circle of the submitter's team,
answered (a reason when adapted or rejected), given an owner and a date, realised, its
effect reviewed. Every step checks who acts and refuses to run out of order; every step is
written down for the group and e-mailed to its active members after commit."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from didactiek.models import DidactischeVraag, Verbetervoorstel
from profcirkel import selectors, services
from profcirkel.models import Bijeenkomst, ProfCirkel, VoorstelUpdate
from tests.factories import (
    GroepFactory,
    SessieFactory,
    TeamFactory,
    UserFactory,
    WeekcyclusFactory,
    add_member,
)
from tests.mailbox import deliver
from weekcyclus.models import GroepMember
from werkplekleren.models import Role

Status = Verbetervoorstel.Status
Antwoord = Verbetervoorstel.Antwoord


def make_voorstel(org, team, *, members=None, titel="Vaste overdracht", status=Status.GEVALIDEERD):
    """A group of three colleagues of ``team`` and its validated proposal."""
    members = members or [UserFactory(organisation=org, team=team) for _ in range(3)]
    groep = GroepFactory(organisation=org, created_by=members[0])
    for member in members:
        add_member(groep, member)
    sessie = SessieFactory(weekcyclus=WeekcyclusFactory(groep=groep))
    voorstel = Verbetervoorstel.objects.create(
        organisation=org,
        sessie=sessie,
        titel=titel,
        stappen=[{"tekst": "Om 14:30 overdragen", "ideeen": []}],
        tekst="Zo blijft niets liggen.",
        status=status,
        validated_at=timezone.now() if status != Status.CONCEPT else None,
    )
    return voorstel, groep, members, sessie


@pytest.fixture
def world(org, team):
    voorstel, groep, members, sessie = make_voorstel(org, team)
    return SimpleNamespace(
        org=org,
        team=team,
        lg=team.leidinggevende,
        voorstel=voorstel,
        groep=groep,
        members=members,
        sessie=sessie,
        colleague=UserFactory(organisation=org, team=team),  # same team, not in the group
        lo=UserFactory(organisation=org, roles=[Role.LO]),
    )


def submitted(w):
    return services.voorstel_submit(voorstel=w.voorstel, by=w.members[0])


def answered(w, antwoord=Antwoord.OVERGENOMEN, reden=""):
    v = submitted(w)
    return services.voorstel_answer(voorstel=v, by=w.lg, antwoord=antwoord, reden=reden)


def in_progress(w, owner=None, days=14):
    v = answered(w)
    return services.voorstel_assign(
        voorstel=v,
        by=w.lg,
        owner=owner or w.members[1],
        due_date=timezone.localdate() + timedelta(days=days),
    )


def realised(w):
    v = in_progress(w)
    return services.voorstel_implemented(voorstel=v, by=w.members[1])


# --- Circles -------------------------------------------------------------------------------


def test_a_team_has_one_circle(team):
    cirkel = services.cirkel_for_team(team=team)
    assert services.cirkel_for_team(team=team) == cirkel
    assert cirkel.organisation_id == team.organisation_id
    assert ProfCirkel.objects.count() == 1


def test_the_leidinggevende_invites_lo_of_the_organisation(world, other_org):
    cirkel = services.cirkel_for_team(team=world.team)
    services.cirkel_invite(cirkel=cirkel, by=world.lg, user=world.lo)
    assert list(cirkel.invited.all()) == [world.lo]
    with pytest.raises(ValidationError, match="L&O"):
        services.cirkel_invite(cirkel=cirkel, by=world.lg, user=world.colleague)
    foreign_lo = UserFactory(organisation=other_org, roles=[Role.LO])
    with pytest.raises(ValidationError):
        services.cirkel_invite(cirkel=cirkel, by=world.lg, user=foreign_lo)
    for someone in (world.colleague, world.lo, TeamFactory(organisation=world.org).leidinggevende):
        with pytest.raises(PermissionDenied):
            services.cirkel_invite(cirkel=cirkel, by=someone, user=world.lo)


def test_the_leidinggevende_and_team_members_record_meetings(world):
    cirkel = services.cirkel_for_team(team=world.team)
    today = timezone.localdate()
    services.bijeenkomst_add(cirkel=cirkel, by=world.lg, held_on=today, notes=" Eerste ")
    services.bijeenkomst_add(cirkel=cirkel, by=world.colleague, held_on=today)
    assert [b.notes for b in Bijeenkomst.objects.order_by("pk")] == ["Eerste", ""]
    services.cirkel_invite(cirkel=cirkel, by=world.lg, user=world.lo)
    outsider = UserFactory(organisation=world.org, team=TeamFactory(organisation=world.org))
    for someone in (world.lo, outsider):
        with pytest.raises(PermissionDenied):
            services.bijeenkomst_add(cirkel=cirkel, by=someone, held_on=today)
    with pytest.raises(ValidationError, match="datum"):
        services.bijeenkomst_add(cirkel=cirkel, by=world.lg, held_on=None)


# --- Submitting ----------------------------------------------------------------------------


def test_a_member_submits_to_the_circle_of_his_own_team(world):
    other_team = TeamFactory(organisation=world.org)
    world.members[2].team = other_team
    world.members[2].save()
    v = services.voorstel_submit(voorstel=world.voorstel, by=world.members[2])
    assert v.status == Status.INGEDIEND
    assert v.submitted_at is not None
    assert v.cirkel.team == other_team
    v.refresh_from_db()
    assert v.status == Status.INGEDIEND and v.cirkel.team == other_team


def test_submitting_needs_a_team(world):
    world.members[0].team = None
    world.members[0].save()
    with pytest.raises(ValidationError, match="team"):
        services.voorstel_submit(voorstel=world.voorstel, by=world.members[0])
    assert Verbetervoorstel.objects.get().status == Status.GEVALIDEERD


def test_only_active_members_of_the_group_submit(world):
    GroepMember.objects.filter(user=world.members[1]).update(status=GroepMember.Status.LEFT)
    for someone in (world.colleague, world.lg, world.lo, world.members[1]):
        with pytest.raises(PermissionDenied):
            services.voorstel_submit(voorstel=world.voorstel, by=someone)


def test_only_a_validated_proposal_is_submitted_and_only_once(world, org, team):
    concept, _g, members, _s = make_voorstel(org, team, status=Status.CONCEPT)
    with pytest.raises(ValidationError, match="gevalideerd"):
        services.voorstel_submit(voorstel=concept, by=members[0])
    submitted(world)
    with pytest.raises(ValidationError, match="al ingediend"):
        services.voorstel_submit(voorstel=world.voorstel, by=world.members[1])


def test_submitted_by_a_real_vote(org, team):
    """The whole way: a session validates by vote, then one click submits it."""
    from tests.weekcyclus.sessie_setup import group_with_session
    from tests.weekcyclus.test_voorstel_services import REVIEW
    from weekcyclus import services as wservices
    from weekcyclus import steps

    _groep, members, _cyclus, sessie = group_with_session(org, n_members=3)
    for m in members:
        m.team = team
        m.save()
    wservices.sessie_start(sessie=sessie, by=members[0])
    d = [wservices.sessie_join(sessie=sessie, user=m) for m in members]
    wservices.sessie_goto_step(sessie=sessie, by=members[0], step=steps.index("voorstel"))
    wservices.voorstel_save(
        sessie=sessie,
        deelnemer=d[0],
        titel="Vaste overdracht",
        stappen=[{"tekst": "Om 14:30 overdragen", "ideeen": []}],
        tekst="",
        base_version=0,
    )
    wservices.sessie_goto_step(sessie=sessie, by=members[0], step=steps.index("valideren"))
    wservices.voorstel_review_save(sessie=sessie, deelnemer=d[0], answers=REVIEW)
    for deelnemer in d[:2]:  # two of three present: a majority
        voorstel = wservices.voorstel_vote(sessie=sessie, deelnemer=deelnemer, akkoord=True)
    assert voorstel.status == Status.GEVALIDEERD
    voorstel = services.voorstel_submit(voorstel=voorstel, by=members[1])
    assert voorstel.cirkel.team == team and voorstel.status == Status.INGEDIEND
    with pytest.raises(ValidationError, match="Prof-cirkel"):
        wservices.voorstel_reopen(sessie=sessie, deelnemer=d[0])


# --- Answering -----------------------------------------------------------------------------


def test_adopted_as_is_needs_no_reason(world):
    v = answered(world)
    assert v.status == Status.BEANTWOORD and v.antwoord == Antwoord.OVERGENOMEN
    assert v.answered_by == world.lg and v.answered_at is not None


@pytest.mark.parametrize("antwoord", [Antwoord.AANGEPAST, Antwoord.AFGEWEZEN])
def test_adapting_or_rejecting_needs_a_reason(world, antwoord):
    v = submitted(world)
    for reden in ("", "   "):
        with pytest.raises(ValidationError, match="reden"):
            services.voorstel_answer(voorstel=v, by=world.lg, antwoord=antwoord, reden=reden)
    assert Verbetervoorstel.objects.get().status == Status.INGEDIEND
    v = services.voorstel_answer(voorstel=v, by=world.lg, antwoord=antwoord, reden=" Budget ")
    assert v.status == Status.BEANTWOORD and v.antwoord_reden == "Budget"


def test_an_unknown_answer_is_refused(world):
    v = submitted(world)
    with pytest.raises(ValidationError):
        services.voorstel_answer(voorstel=v, by=world.lg, antwoord="misschien", reden="x")


def test_only_the_leidinggevende_of_the_circle_answers(world):
    v = submitted(world)
    cirkel = v.cirkel
    services.cirkel_invite(cirkel=cirkel, by=world.lg, user=world.lo)
    other_lg = TeamFactory(organisation=world.org).leidinggevende
    for someone in (world.members[0], world.colleague, world.lo, other_lg):
        with pytest.raises(PermissionDenied):
            services.voorstel_answer(
                voorstel=v, by=someone, antwoord=Antwoord.OVERGENOMEN, reden=""
            )


def test_a_rejected_proposal_ends_there(world):
    v = answered(world, Antwoord.AFGEWEZEN, "Past niet in het rooster")
    with pytest.raises(ValidationError, match="afgewezen"):
        services.voorstel_assign(
            voorstel=v, by=world.lg, owner=world.members[0], due_date=timezone.localdate()
        )
    with pytest.raises(ValidationError):
        services.voorstel_implemented(voorstel=v, by=world.lg)
    assert Verbetervoorstel.objects.get().status == Status.BEANTWOORD


# --- Out of order --------------------------------------------------------------------------


def test_steps_out_of_order_are_refused(world):
    w, v, lg = world, world.voorstel, world.lg
    day = timezone.localdate() + timedelta(days=7)
    with pytest.raises(ValidationError, match="ingediend"):
        services.voorstel_answer(voorstel=v, by=lg, antwoord=Antwoord.OVERGENOMEN, reden="")
    v = submitted(w)
    with pytest.raises(ValidationError, match="eigenaar"):
        services.voorstel_assign(voorstel=v, by=lg, owner=w.members[0], due_date=day)
    with pytest.raises(ValidationError, match="in uitvoering"):
        services.voorstel_implemented(voorstel=v, by=lg)
    with pytest.raises(ValidationError, match="gerealiseerd"):
        services.voorstel_review_effect(voorstel=v, by=lg, effect="Rustiger")
    v = services.voorstel_answer(voorstel=v, by=lg, antwoord=Antwoord.OVERGENOMEN, reden="")
    with pytest.raises(ValidationError):
        services.voorstel_answer(voorstel=v, by=lg, antwoord=Antwoord.AFGEWEZEN, reden="Toch niet")
    with pytest.raises(ValidationError):
        services.voorstel_implemented(voorstel=v, by=lg)
    v = services.voorstel_assign(voorstel=v, by=lg, owner=w.members[0], due_date=day)
    with pytest.raises(ValidationError):
        services.voorstel_review_effect(voorstel=v, by=lg, effect="Rustiger")
    v = services.voorstel_implemented(voorstel=v, by=lg)
    with pytest.raises(ValidationError):
        services.voorstel_implemented(voorstel=v, by=lg)
    with pytest.raises(ValidationError):
        services.voorstel_assign(voorstel=v, by=lg, owner=w.members[0], due_date=day)
    v = services.voorstel_review_effect(voorstel=v, by=w.members[2], effect="Rustiger")
    assert v.status == Status.EFFECT_BEOORDEELD
    with pytest.raises(ValidationError):
        services.voorstel_review_effect(voorstel=v, by=lg, effect="Nog rustiger")


# --- Owner and date ------------------------------------------------------------------------


def test_the_leidinggevende_gives_an_owner_of_the_organisation_and_a_date(world, other_org):
    v = answered(world, Antwoord.AANGEPAST, "Eerst op één afdeling")
    day = timezone.localdate() + timedelta(days=10)
    outsider = UserFactory(organisation=other_org)
    with pytest.raises(ValidationError, match="organisatie"):
        services.voorstel_assign(voorstel=v, by=world.lg, owner=outsider, due_date=day)
    with pytest.raises(ValidationError, match="datum"):
        services.voorstel_assign(voorstel=v, by=world.lg, owner=world.lo, due_date=None)
    with pytest.raises(ValidationError, match="verleden"):
        services.voorstel_assign(
            voorstel=v, by=world.lg, owner=world.lo, due_date=timezone.localdate() - timedelta(1)
        )
    for someone in (world.members[0], world.lo):
        with pytest.raises(PermissionDenied):
            services.voorstel_assign(voorstel=v, by=someone, owner=world.lo, due_date=day)
    v = services.voorstel_assign(voorstel=v, by=world.lg, owner=world.lo, due_date=day)
    assert (v.status, v.owner, v.due_date) == (Status.IN_UITVOERING, world.lo, day)
    # While in progress it can be handed over or moved.
    v = services.voorstel_assign(voorstel=v, by=world.lg, owner=world.colleague, due_date=day)
    assert v.owner == world.colleague and v.status == Status.IN_UITVOERING


def test_the_owner_or_the_leidinggevende_marks_it_realised(world):
    v = in_progress(world, owner=world.lo)
    for someone in (world.members[0], world.colleague):
        with pytest.raises(PermissionDenied):
            services.voorstel_implemented(voorstel=v, by=someone)
    v = services.voorstel_implemented(voorstel=v, by=world.lo)
    assert v.status == Status.GEREALISEERD and v.implemented_at is not None


def test_the_leidinggevende_may_mark_it_realised_too(world):
    v = services.voorstel_implemented(voorstel=in_progress(world), by=world.lg)
    assert v.status == Status.GEREALISEERD


# --- Effect --------------------------------------------------------------------------------


def test_the_effect_is_reviewed_with_questions_and_optional_numbers(world, kader):
    v = realised(world)
    vragen = list(DidactischeVraag.objects.filter(number__in=[2, 5]))
    with pytest.raises(ValidationError, match="veranderde"):
        services.voorstel_review_effect(voorstel=v, by=world.members[0], effect="  ")
    v = services.voorstel_review_effect(
        voorstel=v,
        by=world.members[0],
        effect="De overdracht duurt nog tien minuten.",
        vragen=vragen,
        cijfers={"uren_bespaard": "2,5", "foutpercentage": 3, "tevredenheid": ""},
    )
    v.refresh_from_db()
    assert v.status == Status.EFFECT_BEOORDEELD and v.reviewed_at is not None
    assert v.effect_cijfers == {"uren_bespaard": 2.5, "foutpercentage": 3}
    assert {q.number for q in v.effect_vragen.all()} == {2, 5}


@pytest.mark.parametrize(
    "cijfers",
    [
        {"uren_bespaard": "veel"},
        {"foutpercentage": "12 procent"},
        {"foutpercentage": "120%"},
        {"tevredenheid": 11},
        {"foutpercentage": -1},
        {"uren_bespaard": True},
        {"uren_bespaard": "nan"},
        {"geluk": 8},
    ],
)
def test_effect_numbers_must_be_numbers_in_range(world, cijfers):
    v = realised(world)
    with pytest.raises(ValidationError):
        services.voorstel_review_effect(voorstel=v, by=world.lg, effect="Rustiger", cijfers=cijfers)
    assert Verbetervoorstel.objects.get().status == Status.GEREALISEERD


def test_who_reviews_the_effect(world):
    v = realised(world)  # owner: members[1]
    for someone in (world.colleague, world.lo):
        with pytest.raises(PermissionDenied):
            services.voorstel_review_effect(voorstel=v, by=someone, effect="Rustiger")
    # The owner may, also when outside the group.
    Verbetervoorstel.objects.filter(pk=v.pk).update(owner=world.lo)
    v = services.voorstel_review_effect(voorstel=v, by=world.lo, effect="Rustiger")
    assert v.status == Status.EFFECT_BEOORDEELD


# --- Overdue -------------------------------------------------------------------------------


def _travel(monkeypatch, days):
    moment = timezone.now() + timedelta(days=days)
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_in_progress_past_its_date_is_overdue(world, monkeypatch):
    v = in_progress(world, days=3)
    scope = Verbetervoorstel.objects.all()
    assert not selectors.is_overdue(v)
    assert not selectors.voorstellen_overdue(voorstellen=scope).exists()
    _travel(monkeypatch, 3)
    assert not selectors.is_overdue(v)  # due today is not late yet
    _travel(monkeypatch, 4)
    assert selectors.is_overdue(v)
    assert list(selectors.voorstellen_overdue(voorstellen=scope)) == [v]
    v = services.voorstel_implemented(voorstel=v, by=world.lg)
    assert not selectors.is_overdue(v)
    assert not selectors.voorstellen_overdue(voorstellen=scope).exists()


# --- Notifications -------------------------------------------------------------------------


def test_every_step_is_told_to_the_group(world, django_capture_on_commit_callbacks):
    w = world
    # Not told: an invited member, one who left, and a deactivated one.
    add_member(w.groep, UserFactory(organisation=w.org), status=GroepMember.Status.INVITED)
    add_member(w.groep, UserFactory(organisation=w.org), status=GroepMember.Status.LEFT)
    gone = UserFactory(organisation=w.org, is_active=False)
    add_member(w.groep, gone)
    group = sorted(m.email for m in w.members)
    day = timezone.localdate() + timedelta(days=7)

    steps = [
        (lambda v: services.voorstel_submit(voorstel=v, by=w.members[0]), "is door"),
        (
            lambda v: services.voorstel_answer(
                voorstel=v, by=w.lg, antwoord=Antwoord.AANGEPAST, reden="Eerst één afdeling"
            ),
            "Jullie voorstel ‘Vaste overdracht’ is aangepast overgenomen: Eerst één afdeling",
        ),
        (
            lambda v: services.voorstel_assign(voorstel=v, by=w.lg, owner=w.lo, due_date=day),
            "wordt uitgevoerd",
        ),
        (lambda v: services.voorstel_implemented(voorstel=v, by=w.lo), "is gerealiseerd"),
        (
            lambda v: services.voorstel_review_effect(voorstel=v, by=w.members[1], effect="Rust"),
            "beoordeeld: Rust",
        ),
    ]
    v = w.voorstel
    for number, (step, text) in enumerate(steps, start=1):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            v = step(v)
            assert mail.outbox == []  # nothing is sent before the commit
        assert VoorstelUpdate.objects.filter(voorstel=v).count() == number
        update = VoorstelUpdate.objects.filter(voorstel=v).order_by("-pk").first()
        assert text in update.text
        deliver("voorstel_update")
        assert sorted(m.to[0] for m in mail.outbox) == group
        assert all(len(m.to) == 1 for m in mail.outbox)  # no one sees the others' addresses
        assert all(text in m.body and "Vaste overdracht" in m.subject for m in mail.outbox)
        assert f"/voorstellen/{v.pk}/" in mail.outbox[0].body


def test_updates_are_events_shown_in_the_readers_language(
    world, client, django_capture_on_commit_callbacks
):
    from django.utils import translation

    w = world
    english = w.members[1]
    english.language = "en"
    english.save()
    day = timezone.localdate() + timedelta(days=7)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        v = answered(w, Antwoord.AANGEPAST, "Eerst één afdeling")
    update = VoorstelUpdate.objects.order_by("-pk").first()
    # Stored as an event; the Dutch sentence kept beside it, whoever acted in which language.
    assert (update.kind, update.params) == (
        "aangepast",
        {"titel": "Vaste overdracht", "reden": "Eerst één afdeling"},
    )
    assert update.text == (
        "Jullie voorstel ‘Vaste overdracht’ is aangepast overgenomen: Eerst één afdeling"
    )
    with translation.override("en"):
        assert update.message == (
            "Your proposal ‘Vaste overdracht’ has been adopted with changes: Eerst één afdeling"
        )
    with translation.override("nl"):
        assert update.message == update.text
    # Each member's mail in their own language.
    sent = {m.to[0]: m.body for m in deliver("voorstel_update")}
    assert "has been adopted with changes: Eerst één afdeling" in sent[english.email]
    assert "is aangepast overgenomen: Eerst één afdeling" in sent[w.members[0].email]

    # A date is stored as a date and shown in the reader's format.
    v = services.voorstel_assign(voorstel=v, by=w.lg, owner=w.lo, due_date=day)
    update = VoorstelUpdate.objects.filter(voorstel=v).order_by("-pk").first()
    assert update.params["when"] == day.isoformat()
    with translation.override("en"):
        assert update.message.startswith("Your proposal ‘Vaste overdracht’ is being carried out")
        assert update.message.endswith(f"done by {day.day} {day:%B} {day.year}.")

    # The history on the proposal's page, in English for an English reader.
    client.force_login(english)
    client.cookies["django_language"] = "en"
    body = client.get(reverse("profcirkel:voorstel_detail", args=[v.pk])).content.decode()
    assert "Your proposal ‘Vaste overdracht’ has been submitted by" in body
    assert "is being carried out" in body
    assert "Jullie voorstel" not in body


def test_sentences_written_before_become_events(world):
    import importlib

    from django.apps import apps
    from django.utils import translation

    migration = importlib.import_module("profcirkel.migrations.0003_voorstelupdate_events")
    old = [
        "Jullie voorstel ‘Vaste overdracht’ is door Ada Jansen ingediend bij de Prof-cirkel van "
        "Team Zuid.",
        "Jullie voorstel ‘Vaste overdracht’ wordt uitgevoerd. Eigenaar: Bo de Vries, klaar "
        "uiterlijk 3 maart 2031.",
        "Iets dat nooit een gebeurtenis was.",
    ]
    rows = [VoorstelUpdate.objects.create(voorstel=world.voorstel, text=t) for t in old]
    migration.to_events(apps, None)
    for row in rows:
        row.refresh_from_db()
    assert (rows[0].kind, rows[0].params["name"], rows[0].params["team"]) == (
        "ingediend",
        "Ada Jansen",
        "Team Zuid",
    )
    assert (rows[1].kind, rows[1].params["when"]) == ("uitvoering", "2031-03-03")
    assert rows[2].kind == "" and rows[2].message == old[2]
    with translation.override("en"):
        assert rows[1].message == (
            "Your proposal ‘Vaste overdracht’ is being carried out. Owner: Bo de Vries, "
            "done by 3 March 2031."
        )


def test_a_refused_step_tells_nobody(world, django_capture_on_commit_callbacks):
    v = submitted(world)
    told = len(deliver("voorstel_update"))  # the submission itself
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.voorstel_answer(voorstel=v, by=world.lg, antwoord=Antwoord.AFGEWEZEN, reden="")
    assert VoorstelUpdate.objects.count() == 1 and len(deliver("voorstel_update")) == told


# --- Check-in ------------------------------------------------------------------------------


def test_updates_for_checkin_since_the_previous_session(world, org, team):
    w = world
    cyclus = w.sessie.weekcyclus
    second = SessieFactory(weekcyclus=cyclus, number=2)
    third = SessieFactory(weekcyclus=cyclus, number=3)
    other, _g, other_members, _s = make_voorstel(org, team, titel="Iets anders")
    services.voorstel_submit(voorstel=other, by=other_members[0])  # another group's

    # No earlier session has started: everything of the group, newest first.
    v = answered(w)
    updates = selectors.updates_for_checkin(sessie=second)
    assert [u.pk for u in updates] == list(
        VoorstelUpdate.objects.filter(voorstel=v)
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)
    )
    assert len(updates) == 2

    # The second session started (its check-in showed those); the third shows what came after.
    second.started_at = timezone.now()
    second.save()
    v = services.voorstel_assign(
        voorstel=v, by=w.lg, owner=w.members[0], due_date=timezone.localdate() + timedelta(9)
    )
    v = services.voorstel_implemented(voorstel=v, by=w.members[0])
    texts = [u.text for u in selectors.updates_for_checkin(sessie=third)]
    assert len(texts) == 2
    assert texts[0] == (
        "Jullie voorstel ‘Vaste overdracht’ is gerealiseerd. Kijk samen wat het heeft opgeleverd."
    )
    assert "wordt uitgevoerd" in texts[1]
    # The first session never took place, so the second still shows everything.
    assert len(selectors.updates_for_checkin(sessie=second)) == 4
