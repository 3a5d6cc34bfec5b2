import factory

from didactiek.frames import default_step_minutes, fit_minutes
from weekcyclus.models import Groep, GroepMember
from werkplekleren.models import Organisation, Role, RoleAssignment, Team, User

PASSWORD = "test-wachtwoord-123"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    """A person with roles: ``UserFactory(roles=[Role.LO])``; professional by default."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    class Params:
        dutch_name = factory.Faker("name", locale="nl_NL")

    email = factory.Sequence(lambda n: f"persoon{n}@voorbeeld.example")
    # Without apostrophes ("Raf d'Heripon", "van 't Hek"): tests look for names in HTML,
    # where an apostrophe is escaped.
    name = factory.LazyAttribute(lambda user: user.dutch_name.replace("'", ""))
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if not create:
            return
        for role in [Role.PROFESSIONAL] if extracted is None else extracted:
            RoleAssignment.objects.create(organisation=self.organisation, user=self, role=role)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    leidinggevende = factory.LazyAttribute(
        lambda team: UserFactory(organisation=team.organisation, roles=[Role.LEIDINGGEVENDE])
    )


class GroepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Groep

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Groep {n}")
    created_by = factory.LazyAttribute(lambda g: UserFactory(organisation=g.organisation))


def add_member(groep: Groep, user: User, status=GroepMember.Status.ACTIVE) -> GroepMember:
    return GroepMember.objects.create(groep=groep, user=user, status=status)


# --- Weekcycli, sessions and werksituaties (planning) --------------------------------------


def _next_monday():
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    return today + timedelta(days=7 - today.weekday())


def _sessie_start(sessie):
    """09:00 local time on day ``number - 1`` of the week (Monday for session 1)."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    day = sessie.weekcyclus.week_start + timedelta(days=sessie.number - 1)
    return timezone.make_aware(datetime.combine(day, time(9)))


class WeekcyclusFactory(factory.django.DjangoModelFactory):
    """A week of a group; ``week_start`` is a Monday (next week's by default)."""

    class Meta:
        model = "weekcyclus.Weekcyclus"

    groep = factory.SubFactory(GroepFactory)
    week_start = factory.LazyFunction(_next_monday)


class SessieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "weekcyclus.Sessie"

    weekcyclus = factory.SubFactory(WeekcyclusFactory)
    number = 1
    starts_at = factory.LazyAttribute(_sessie_start)
    duration_minutes = 60
    room = factory.Sequence(lambda n: f"Lokaal {n}")
    # The default frame's minutes, fitted to the session's length (they must sum to it).
    step_minutes = factory.LazyAttribute(
        lambda o: fit_minutes(default_step_minutes(), o.duration_minutes)
    )


class WerksituatieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "didactiek.Werksituatie"

    weekcyclus = factory.SubFactory(WeekcyclusFactory)
    title = factory.Sequence(lambda n: f"Werksituatie {n}")
    kind = "werkproces"
    critical = True


# --- Prof-trajecten ------------------------------------------------------------------------


class ProfTrajectFactory(factory.django.DjangoModelFactory):
    """A concept traject of a professional (``state="actief"`` for a running one)."""

    class Meta:
        model = "trajecten.ProfTraject"

    user = factory.SubFactory(UserFactory)
    organisation = factory.LazyAttribute(lambda t: t.user.organisation)
    ambitie = "Rustiger overdragen aan het eind van de dienst"


class LeeractiviteitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "trajecten.Leeractiviteit"

    traject = factory.SubFactory(ProfTrajectFactory)
    kind = "video"
    title = factory.Sequence(lambda n: f"Activiteit {n}")
