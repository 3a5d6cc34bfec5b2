"""The core of the living demo organisation for ``make run``: the organisation, its teams and
people (grows with every feature). Each app adds its own demo data in ``<app>/demo.py``;
``manage.py seed_demo`` calls them in the order of the layers.

Idempotent: rows are found by their natural keys (slug, e-mail, name) and only what is
missing is created, so running it twice creates nothing new. Existing accounts keep their
password.
"""

from dataclasses import dataclass, field

from . import services
from .models import Organisation, Role, Team, User

DEMO_PASSWORD = "leren-op-het-werk"
DOMAIN = "linde.example"
ORGANISATION = ("Zorggroep De Linde", "de-linde")

TEAMS = {
    "Thuiszorg Noord": ("Marco Jansen", "marco.jansen"),
    "Planning & Administratie": ("Aylin Kaya", "aylin.kaya"),
}
PROFESSIONALS = {
    "Thuiszorg Noord": [
        ("Sanne de Vries", "sanne.devries"),
        ("Daan Bakker", "daan.bakker"),
        ("Fatima El Amrani", "fatima.elamrani"),
        ("Jeroen Visser", "jeroen.visser"),
        ("Lotte Smit", "lotte.smit"),
        ("Kevin Mulder", "kevin.mulder"),
    ],
    "Planning & Administratie": [
        ("Noor Hendriks", "noor.hendriks"),
        ("Bram de Boer", "bram.deboer"),
        ("Priya Ramdin", "priya.ramdin"),
        ("Thijs Dekker", "thijs.dekker"),
        ("Eva Peters", "eva.peters"),
        ("Youssef Haddou", "youssef.haddou"),
        # In no group: her traject has stalled (L&O's dashboard shows it; trajecten/demo.py).
        ("Hanna de Graaf", "hanna.degraaf"),
    ],
}
OTHERS = [
    ("Femke de Wit", "femke.dewit", [Role.LO]),
    ("Rik van Dam", "beheer", [Role.ADMIN]),
]
# Imported but not in yet: their invitation waits for the admin to send it (README).
INVITED = ("Joris Nieuwkomer", "joris.nieuwkomer", "Thuiszorg Noord")
# Someone who left: deactivated, so the administrator can try "Gegevens wissen" (the
# retention rule would erase them after RETENTION_MONTHS_AFTER_DEACTIVATION months).
LEFT = ("Wim Vertrokken", "wim.vertrokken", "Thuiszorg Noord")


@dataclass
class SeedResult:
    created: dict[str, int] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (role, name, email)
    invited: str = ""  # the person with a pending invitation

    def count(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1


def _email(local: str) -> str:
    return f"{local}@{DOMAIN}"


def _person(result: SeedResult, organisation, *, name, local, roles, team=None) -> User:
    user = User.objects.filter(email=_email(local)).first()
    if user is None:
        user = services.person_create(
            organisation=organisation,
            email=_email(local),
            name=name,
            team=team,
            roles=roles,
            password=DEMO_PASSWORD,
        )
        result.count("people")
    return user


def seed_organisation(result: SeedResult) -> tuple[Organisation, dict[str, User]]:
    """The organisation, its teams, leidinggevenden, professionals (by their e-mail's local
    part), L&O and the admin; a pending invitation and someone who left."""
    name, slug = ORGANISATION
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        organisation = services.organisation_create(name=name, slug=slug)
        result.count("organisations")

    people: dict[str, User] = {}
    for team_name, (lg_name, lg_local) in TEAMS.items():
        lg = _person(
            result, organisation, name=lg_name, local=lg_local, roles=[Role.LEIDINGGEVENDE]
        )
        result.logins.append((str(Role.LEIDINGGEVENDE.label), lg.name, lg.email))
        team = Team.objects.filter(organisation=organisation, name=team_name).first()
        if team is None:
            team = services.team_create(
                organisation=organisation, name=team_name, leidinggevende=lg
            )
            result.count("teams")
        if lg.team_id is None:
            # The leidinggevende belongs to the team they lead.
            lg.team = team
            lg.save(update_fields=["team"])
        for prof_name, local in PROFESSIONALS[team_name]:
            people[local] = _person(
                result,
                organisation,
                name=prof_name,
                local=local,
                roles=[Role.PROFESSIONAL],
                team=team,
            )
            result.logins.append((str(Role.PROFESSIONAL.label), prof_name, _email(local)))

    for other_name, local, roles in OTHERS:
        user = _person(result, organisation, name=other_name, local=local, roles=roles)
        result.logins.append((str(roles[0].label), user.name, user.email))

    invited_name, invited_local, invited_team = INVITED
    if not User.objects.filter(email=_email(invited_local)).exists():
        invitee = services.person_create(
            organisation=organisation,
            email=_email(invited_local),
            name=invited_name,
            team=Team.objects.get(organisation=organisation, name=invited_team),
        )
        # Not sent: the admin sends it from the invitations page to try the flow.
        services.invitations_create(users=[invitee], by=None, send=False)
        result.count("invitations")
    result.invited = _email(invited_local)
    if not User.objects.filter(email=_email(LEFT[1])).exists():
        admin = User.objects.get(email=_email("beheer"))
        left = _person(
            result,
            organisation,
            name=LEFT[0],
            local=LEFT[1],
            roles=[Role.PROFESSIONAL],
            team=Team.objects.get(organisation=organisation, name=LEFT[2]),
        )
        services.person_deactivate(person=left, by=admin)

    return organisation, people
