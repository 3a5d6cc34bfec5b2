"""Session flow: every step transition, facilitation, input per step, votes, guests."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from didactiek.models import DidactischeVraag
from tests.factories import UserFactory
from tests.weekcyclus.sessie_setup import group_with_session, minutes_ago_today
from weekcyclus import live, services, steps
from weekcyclus.models import Afspraak, Bijdrage, Deelnemer, Sessie, Stem


@pytest.fixture
def started(org):
    groep, members, cyclus, sessie = group_with_session(org)
    services.sessie_start(sessie=sessie, by=members[0])
    deelnemers = [services.sessie_join(sessie=sessie, user=m) for m in members]
    return sessie, members, deelnemers


def _goto(sessie, facilitator, key):
    return services.sessie_goto_step(sessie=sessie, by=facilitator, step=steps.index(key))


def test_start_makes_the_starter_facilitator_and_present(org):
    groep, members, cyclus, sessie = group_with_session(org)
    services.sessie_start(sessie=sessie, by=members[1])
    sessie.refresh_from_db()
    assert sessie.state == Sessie.State.LIVE
    assert sessie.facilitator == members[1]
    assert sessie.current_step == 0 and sessie.timer_started_at is not None
    assert Deelnemer.objects.filter(sessie=sessie, user=members[1]).exists()
    with pytest.raises(ValidationError):
        services.sessie_start(sessie=sessie, by=members[2])


def test_only_members_start_or_join(org):
    groep, members, cyclus, sessie = group_with_session(org)
    outsider = UserFactory(organisation=org)
    with pytest.raises(PermissionDenied):
        services.sessie_start(sessie=sessie, by=outsider)
    with pytest.raises(PermissionDenied):
        services.sessie_join(sessie=sessie, user=outsider)


def test_every_step_transition_forward_and_back(started):
    sessie, members, _ = started
    facilitator = members[0]
    for expected in range(1, len(steps.STEPS)):
        services.sessie_step_next(sessie=sessie, by=facilitator)
        sessie.refresh_from_db()
        assert sessie.current_step == expected
    services.sessie_step_next(sessie=sessie, by=facilitator)  # stays on the last step
    assert Sessie.objects.get(pk=sessie.pk).current_step == steps.LAST
    for expected in range(steps.LAST - 1, -1, -1):
        services.sessie_step_previous(sessie=sessie, by=facilitator)
        assert Sessie.objects.get(pk=sessie.pk).current_step == expected
    services.sessie_step_previous(sessie=sessie, by=facilitator)
    assert Sessie.objects.get(pk=sessie.pk).current_step == 0
    with pytest.raises(ValidationError):
        services.sessie_goto_step(sessie=sessie, by=facilitator, step=len(steps.STEPS))


def test_only_the_facilitator_moves_the_steps(started):
    sessie, members, _ = started
    with pytest.raises(PermissionDenied):
        services.sessie_step_next(sessie=sessie, by=members[1])
    with pytest.raises(PermissionDenied):
        services.sessie_timer_toggle(sessie=sessie, by=members[1])
    with pytest.raises(PermissionDenied):
        services.sessie_close(sessie=sessie, by=members[1])


def test_handover_to_a_member_only(started, org):
    sessie, members, _ = started
    services.sessie_handover(sessie=sessie, by=members[0], to=members[2])
    assert Sessie.objects.get(pk=sessie.pk).facilitator == members[2]
    services.sessie_step_next(sessie=sessie, by=members[2])
    with pytest.raises(PermissionDenied):
        services.sessie_step_next(sessie=sessie, by=members[0])
    with pytest.raises(ValidationError):
        services.sessie_handover(sessie=sessie, by=members[2], to=UserFactory(organisation=org))


def test_timer_pauses_resumes_and_restarts_per_step(started):
    sessie, members, _ = started
    sessie.refresh_from_db()
    sessie.timer_started_at = timezone.now() - timedelta(seconds=90)
    sessie.save()
    services.sessie_timer_toggle(sessie=sessie, by=members[0])  # pause
    sessie.refresh_from_db()
    assert sessie.timer_started_at is None
    assert 90 <= sessie.timer_elapsed_seconds <= 92
    assert sessie.timer_elapsed() == sessie.timer_elapsed_seconds  # paused: no time passes
    services.sessie_step_next(sessie=sessie, by=members[0])
    sessie.refresh_from_db()
    assert sessie.timer_elapsed_seconds == 0 and sessie.timer_started_at is None  # stays paused
    services.sessie_timer_toggle(sessie=sessie, by=members[0])
    sessie.refresh_from_db()
    assert sessie.timer_started_at is not None


def test_step_minutes_are_editable_and_validated(org):
    groep, members, cyclus, sessie = group_with_session(org)
    assert sum(sessie.step_minutes) == 60
    services.sessie_set_step_minutes(sessie=sessie, by=members[1], minutes=[5] * 4 + [10] * 4)
    assert Sessie.objects.get(pk=sessie.pk).step_minutes == [5] * 4 + [10] * 4
    for bad in ([5] * 7, [0] + [5] * 7, ["5"] * 8):
        with pytest.raises(ValidationError):
            services.sessie_set_step_minutes(sessie=sessie, by=members[1], minutes=bad)


def test_step_minutes_must_sum_to_the_session_length(org):
    groep, members, cyclus, sessie = group_with_session(org)
    with pytest.raises(ValidationError, match="samen 40 minuten; de sessie duurt 60"):
        services.sessie_set_step_minutes(sessie=sessie, by=members[1], minutes=[5] * 8)
    assert sum(Sessie.objects.get(pk=sessie.pk).step_minutes) == 60


def test_input_is_only_accepted_in_its_own_step(started):
    sessie, members, deelnemers = started
    with pytest.raises(ValidationError, match="Brainstorm"):
        services.bijdrage_add(deelnemer=deelnemers[1], kind=Bijdrage.Kind.IDEE, text="Idee")
    _goto(sessie, members[0], "analyse")
    note = services.bijdrage_add(deelnemer=deelnemers[1], kind=Bijdrage.Kind.ANALYSE, text="x")
    assert note.kind == Bijdrage.Kind.ANALYSE
    with pytest.raises(ValidationError):
        services.deelnemer_checkin(deelnemer=deelnemers[1], energie=4)


def test_checkin_energy_is_optional_and_bounded(started):
    sessie, members, deelnemers = started
    services.deelnemer_checkin(deelnemer=deelnemers[1], energie=4)
    services.deelnemer_checkin(deelnemer=deelnemers[2], energie=None)
    assert Deelnemer.objects.get(pk=deelnemers[1].pk).energie == 4
    with pytest.raises(ValidationError):
        services.deelnemer_checkin(deelnemer=deelnemers[1], energie=6)


def test_agreements_carry_to_the_next_session_check_in(org):
    groep, members, cyclus, first = group_with_session(org, start_in_minutes=minutes_ago_today(120))
    services.sessie_start(sessie=first, by=members[0])
    d0 = services.sessie_join(sessie=first, user=members[0])
    _goto(first, members[0], "afsluiten")
    afspraak = services.afspraak_add(sessie=first, deelnemer=d0, text="Bel de planning", owner=None)
    services.sessie_close(sessie=first, by=members[0])
    soon = timezone.localtime() + timedelta(minutes=1)  # (one moment: never across midnight)
    second = services.sessie_plan(weekcyclus=cyclus, number=2, day=soon.date(), start=soon.time())
    services.sessie_start(sessie=second, by=members[1])
    d1 = services.sessie_join(sessie=second, user=members[1])
    services.afspraak_review(afspraak=afspraak, deelnemer=d1, status=Afspraak.Status.DONE)
    afspraak.refresh_from_db()
    assert afspraak.status == Afspraak.Status.DONE and afspraak.reviewed_in == second
    with pytest.raises(ValidationError):
        services.afspraak_review(afspraak=afspraak, deelnemer=d1, status="misschien")


def test_choose_werksituatie_and_questions(started):
    sessie, members, deelnemers = started
    _goto(sessie, members[0], "kiezen")
    ws = services.werksituatie_add(
        weekcyclus=sessie.weekcyclus, by=members[1], title="Overdracht", kind="werkproces"
    )
    vragen = DidactischeVraag.objects.filter(number__in=[1, 4])
    services.sessie_choose(sessie=sessie, deelnemer=deelnemers[1], werksituatie=ws, vragen=vragen)
    sessie.refresh_from_db()
    assert sessie.werksituatie == ws
    assert sorted(sessie.vragen.values_list("number", flat=True)) == [1, 4]


def test_votes_are_limited_per_participant_and_can_be_taken_back(started):
    sessie, members, deelnemers = started
    _goto(sessie, members[0], "brainstorm")
    ideas = [
        services.bijdrage_add(deelnemer=deelnemers[i % 4], kind=Bijdrage.Kind.IDEE, text=f"i{i}")
        for i in range(5)
    ]
    voter = deelnemers[2]
    for idea in ideas[:3]:
        assert services.idee_vote_toggle(idee=idea, deelnemer=voter) is True
    with pytest.raises(ValidationError, match="3 stemmen"):
        services.idee_vote_toggle(idee=ideas[3], deelnemer=voter)
    assert services.idee_vote_toggle(idee=ideas[0], deelnemer=voter) is False  # take one back
    assert services.idee_vote_toggle(idee=ideas[3], deelnemer=voter) is True
    assert Stem.objects.filter(deelnemer=voter).count() == 3
    # Other participants have their own votes.
    assert services.idee_vote_toggle(idee=ideas[3], deelnemer=deelnemers[1]) is True


def test_shared_statement_refuses_a_stale_edit(started):
    sessie, members, deelnemers = started
    _goto(sessie, members[0], "probleemstelling")
    services.probleemstelling_update(
        sessie=sessie, deelnemer=deelnemers[1], text="Overdrachten gaan mis", base_version=0
    )
    with pytest.raises(services.EditConflict):
        services.probleemstelling_update(
            sessie=sessie, deelnemer=deelnemers[2], text="Iets anders", base_version=0
        )
    sessie.refresh_from_db()
    assert sessie.probleemstelling == "Overdrachten gaan mis"
    services.probleemstelling_update(
        sessie=sessie, deelnemer=deelnemers[2], text="Beter geformuleerd", base_version=1
    )
    assert Sessie.objects.get(pk=sessie.pk).probleemstelling == "Beter geformuleerd"


def test_close_step_agreements_and_private_learning_wishes(started):
    sessie, members, deelnemers = started
    _goto(sessie, members[0], "afsluiten")
    afspraak = services.afspraak_add(
        sessie=sessie, deelnemer=deelnemers[1], text="Checklist testen", owner=members[3]
    )
    assert afspraak.owner == members[3]
    with pytest.raises(ValidationError):
        services.afspraak_add(
            sessie=sessie,
            deelnemer=deelnemers[1],
            text="x",
            owner=UserFactory(organisation=sessie.weekcyclus.groep.organisation),
        )
    wish = services.leervoornemen_save(
        sessie=sessie,
        deelnemer=deelnemers[1],
        wil_leren="Feedback geven",
        organisatie_kan="",
        shared=False,
    )
    assert wish.user == members[1] and wish.shared is False


def test_close_ends_the_session_and_its_guest_links(started):
    sessie, members, _ = started
    invitation = services.gast_invite(sessie=sessie, by=members[1], name="Expert")
    assert invitation.is_valid()
    services.sessie_close(sessie=sessie, by=members[0])
    sessie.refresh_from_db()
    invitation.refresh_from_db()
    assert sessie.state == Sessie.State.CLOSED and sessie.ended_at
    assert not invitation.is_valid()
    with pytest.raises(ValidationError):
        services.gast_join(invitation=invitation)
    with pytest.raises(ValidationError):
        services.sessie_join(sessie=sessie, user=members[3])


def test_guest_link_expires_when_the_session_ends(org):
    groep, members, cyclus, sessie = group_with_session(org)
    invitation = services.gast_invite(sessie=sessie, by=members[0], name="Collega Finance")
    assert invitation.expires_at == sessie.ends_at
    later = sessie.ends_at + timedelta(seconds=1)
    assert not invitation.is_valid(now=later)
    guest = services.gast_join(invitation=invitation)
    assert guest.is_guest and guest.display_name == "Collega Finance"
    assert services.gast_join(invitation=invitation) == guest  # idempotent


def test_no_guest_links_for_past_sessions(org):
    groep, members, cyclus, sessie = group_with_session(org, start_in_minutes=-120)
    with pytest.raises(ValidationError):
        services.gast_invite(sessie=sessie, by=members[0], name="Te laat")


def test_guests_add_ideas_and_vote_but_do_not_decide(started):
    sessie, members, _ = started
    guest = services.gast_join(
        invitation=services.gast_invite(sessie=sessie, by=members[0], name="Gast")
    )
    _goto(sessie, members[0], "brainstorm")
    idea = services.bijdrage_add(deelnemer=guest, kind=Bijdrage.Kind.IDEE, text="Van buiten")
    assert services.idee_vote_toggle(idee=idea, deelnemer=guest)
    _goto(sessie, members[0], "probleemstelling")
    with pytest.raises(PermissionDenied):
        services.probleemstelling_update(sessie=sessie, deelnemer=guest, text="x", base_version=0)


def test_every_change_bumps_the_live_version(started):
    sessie, members, deelnemers = started
    before = Sessie.objects.get(pk=sessie.pk).version
    services.sessie_step_next(sessie=sessie, by=members[0])
    after = Sessie.objects.get(pk=sessie.pk).version
    assert after == before + 1
    assert live.current_version(sessie.pk) == after


def test_an_agreement_made_again_is_listed_once(org):
    groep, members, cyclus, first = group_with_session(org, start_in_minutes=minutes_ago_today(120))
    services.sessie_start(sessie=first, by=members[0])
    d0 = services.sessie_join(sessie=first, user=members[0])
    _goto(first, members[0], "afsluiten")
    earlier = services.afspraak_add(sessie=first, deelnemer=d0, text="Bel de planning", owner=None)
    again = services.afspraak_add(sessie=first, deelnemer=d0, text="Bel de planning ", owner=None)
    assert again.pk == earlier.pk  # not a second one in the same session
    services.sessie_close(sessie=first, by=members[0])
    soon = timezone.localtime() + timedelta(minutes=1)  # (one moment: never across midnight)
    second = services.sessie_plan(weekcyclus=cyclus, number=2, day=soon.date(), start=soon.time())
    services.sessie_start(sessie=second, by=members[1])
    d1 = services.sessie_join(sessie=second, user=members[1])
    _goto(second, members[1], "afsluiten")
    newer = services.afspraak_add(sessie=second, deelnemer=d1, text="bel de  planning", owner=None)
    open_ones = Afspraak.objects.filter(status=Afspraak.Status.OPEN)
    assert list(open_ones) == [newer]  # the earlier one is replaced, not listed twice
    earlier.refresh_from_db()
    assert earlier.status == Afspraak.Status.DROPPED and earlier.reviewed_in == second
    # Someone else's agreement with the same words is another agreement.
    other = services.afspraak_add(
        sessie=second, deelnemer=d1, text="Bel de planning", owner=members[2]
    )
    assert other.pk != newer.pk
    assert Afspraak.objects.filter(status=Afspraak.Status.OPEN).count() == 2


def test_the_demo_checks_in_each_open_agreement_once(db, kader):
    import io

    from django.core.management import call_command

    call_command("seed_demo", stdout=io.StringIO())
    open_ones = Afspraak.objects.filter(status=Afspraak.Status.OPEN)
    keys = [(a.sessie.weekcyclus.groep_id, a.text, a.owner_id) for a in open_ones]
    assert keys and len(keys) == len(set(keys))
