"""The team page's manager view shows a leidinggevende the proposals their team members
contributed to only once they were submitted to the team's own Prof-cirkel (issue 12): a
validated proposal that never reached the circle stays the group's, like /voorstellen/<id>/."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from didactiek.models import Verbetervoorstel
from profcirkel import services as profcirkel_services
from tests.factories import GroepFactory, TeamFactory, UserFactory, add_member
from weekcyclus.models import Deelnemer, Sessie, Weekcyclus


def _proposal(org, member, titel, status=Verbetervoorstel.Status.GEVALIDEERD):
    groep = GroepFactory(organisation=org, created_by=member)
    add_member(groep, member)
    when = timezone.now() - timedelta(days=3)
    week = Weekcyclus.objects.create(groep=groep, week_start=timezone.localdate(when))
    sessie = Sessie.objects.create(
        weekcyclus=week, number=1, starts_at=when, state=Sessie.State.CLOSED
    )
    Deelnemer.objects.create(sessie=sessie, user=member)
    return Verbetervoorstel.objects.create(
        organisation=org, sessie=sessie, titel=titel, status=status, validated_at=when
    )


def test_leidinggevende_sees_only_proposals_submitted_to_their_circle(org, team, login):
    member = UserFactory(organisation=org, team=team)
    other_team = TeamFactory(organisation=org)
    colleague = UserFactory(organisation=org, team=other_team)
    never_submitted = _proposal(org, member, "Nooit ingediend")
    submitted = _proposal(org, member, "Bij onze cirkel")
    profcirkel_services.voorstel_submit(voorstel=submitted, by=member)
    # A proposal of a group with the member and a colleague, submitted by the colleague to the
    # circle of *their* team: it is not this leidinggevende's circle.
    elsewhere = _proposal(org, colleague, "Bij een andere cirkel")
    add_member(elsewhere.sessie.weekcyclus.groep, member)
    Deelnemer.objects.create(sessie=elsewhere.sessie, user=member)
    profcirkel_services.voorstel_submit(voorstel=elsewhere, by=colleague)

    client = login(team.leidinggevende)
    body = client.get(reverse("team_detail", args=[team.pk])).content.decode()
    assert "Bij onze cirkel" in body
    assert "Nooit ingediend" not in body
    assert "Bij een andere cirkel" not in body
    # The same rule as the proposal page itself.
    assert client.get(f"/voorstellen/{never_submitted.pk}/").status_code == 404
    assert client.get(f"/voorstellen/{submitted.pk}/").status_code == 200
