"""Writes for organisations, people, teams and roles.

Plain keyword-only functions, atomic, validating with ``full_clean()`` before saving.
"""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Organisation, Role, RoleAssignment, Team, User, WorkerHeartbeat


@transaction.atomic
def organisation_create(*, name: str, slug: str) -> Organisation:
    organisation = Organisation(name=name, slug=slug)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def person_create(
    *,
    organisation: Organisation,
    email: str,
    name: str,
    team: Team | None = None,
    roles: Iterable[str] = (Role.PROFESSIONAL,),
    password: str | None = None,
) -> User:
    """Bring a person into an organisation with one or more roles.

    Without a password the account cannot log in until a password is set (e.g. by reset).
    """
    user = User(organisation=organisation, email=email.strip().lower(), name=name, team=team)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    for role in roles:
        role_grant(user=user, role=role)
    return user


@transaction.atomic
def role_grant(*, user: User, role: str) -> RoleAssignment:
    assignment, _ = RoleAssignment.objects.get_or_create(
        user=user, role=role, defaults={"organisation_id": user.organisation_id}
    )
    assignment.full_clean()
    user.__dict__.pop("roles", None)  # drop the cached role set
    return assignment


@transaction.atomic
def team_create(
    *, organisation: Organisation, name: str, leidinggevende: User | None = None
) -> Team:
    team = Team(organisation=organisation, name=name, leidinggevende=leidinggevende)
    team.full_clean()
    team.save()
    return team


def worker_heartbeat_record(*, hostname: str, at: datetime | None = None) -> WorkerHeartbeat:
    heartbeat, _ = WorkerHeartbeat.objects.update_or_create(
        hostname=hostname[:255], defaults={"seen_at": at or timezone.now()}
    )
    return heartbeat


@transaction.atomic
def organisation_set_ai(
    *, organisation: Organisation, by: User, ai_enabled: bool, llm_model: str
) -> Organisation:
    """AI drafting on or off for the organisation, and which model (empty: the default)."""
    if by.organisation_id != organisation.pk or Role.ADMIN not in by.roles:
        raise PermissionDenied
    organisation.ai_enabled = ai_enabled
    organisation.llm_model = llm_model.strip()
    organisation.full_clean()
    organisation.save(update_fields=["ai_enabled", "llm_model"])
    return organisation


# --- Organisation admins: settings, teams, people (werkplekleren/beheer_views.py) ----------


def _require_admin(by: User, organisation: Organisation) -> None:
    """Only an active admin of this very organisation may run it."""
    if not by.is_active or by.organisation_id != organisation.pk or Role.ADMIN not in by.roles:
        raise PermissionDenied


@transaction.atomic
def organisation_update_settings(
    *,
    organisation: Organisation,
    by: User,
    hours_per_week,
    gesprek_interval_weeks: int,
    ai_enabled: bool,
    llm_model: str,
) -> Organisation:
    """Hours made available per week, the default conversation cadence, AI and its model."""
    _require_admin(by, organisation)
    organisation.hours_per_week = hours_per_week
    organisation.gesprek_interval_weeks = gesprek_interval_weeks
    organisation.ai_enabled = ai_enabled
    organisation.llm_model = llm_model.strip()
    organisation.full_clean()
    organisation.save(
        update_fields=["hours_per_week", "gesprek_interval_weeks", "ai_enabled", "llm_model"]
    )
    return organisation


def _make_leidinggevende(person: User | None, organisation: Organisation) -> None:
    if person is None:
        return
    if person.organisation_id != organisation.pk:
        raise ValidationError(
            {"leidinggevende": _("De leidinggevende hoort bij een andere organisatie.")}
        )
    role_grant(user=person, role=Role.LEIDINGGEVENDE)


@transaction.atomic
def team_set_up(
    *,
    organisation: Organisation,
    by: User,
    name: str,
    leidinggevende: User | None = None,
    gesprek_interval_weeks: int | None = None,
) -> Team:
    """An admin creates a team; its leidinggevende gets that role if they lack it, and the
    cadence defaults to the organisation's."""
    _require_admin(by, organisation)
    _make_leidinggevende(leidinggevende, organisation)
    team = Team(
        organisation=organisation,
        name=name.strip(),
        leidinggevende=leidinggevende,
        gesprek_interval_weeks=gesprek_interval_weeks or organisation.gesprek_interval_weeks,
    )
    team.full_clean()
    team.save()
    return team


@transaction.atomic
def team_update(
    *,
    team: Team,
    by: User,
    name: str,
    leidinggevende: User | None,
    gesprek_interval_weeks: int,
) -> Team:
    """Rename a team, (re)assign its leidinggevende (granting the role), set its cadence."""
    _require_admin(by, team.organisation)
    _make_leidinggevende(leidinggevende, team.organisation)
    team.name = name.strip()
    team.leidinggevende = leidinggevende
    team.gesprek_interval_weeks = gesprek_interval_weeks
    team.full_clean()
    team.save(update_fields=["name", "leidinggevende", "gesprek_interval_weeks"])
    return team


@transaction.atomic
def person_deactivate(*, person: User, by: User) -> User:
    """The person can no longer log in (open sessions end: the auth backend refuses inactive
    users) and leaves colleague lists. Nothing they took part in is deleted: groups,
    sessions, ideas, proposals and conversations keep their rows."""
    _require_admin(by, person.organisation)
    if person.pk == by.pk:
        raise ValidationError(_("Je kunt jezelf niet deactiveren."))
    if person.is_active:
        person.is_active = False
        person.deactivated_at = timezone.now()  # the retention period counts from here
        person.save(update_fields=["is_active", "deactivated_at"])
    person.__dict__.pop("roles", None)
    return person


@transaction.atomic
def person_reactivate(*, person: User, by: User) -> User:
    _require_admin(by, person.organisation)
    if not person.is_active:
        person.is_active = True
        person.deactivated_at = None
        person.save(update_fields=["is_active", "deactivated_at"])
    person.__dict__.pop("roles", None)
    return person


@transaction.atomic
def person_update(*, person: User, name: str | None = None, team: Team | None = None) -> User:
    """Change a person's name and/or team (``None`` leaves it as it is)."""
    fields = []
    if name is not None and name != person.name:
        person.name = name
        fields.append("name")
    if team is not None and team.pk != person.team_id:
        person.team = team
        fields.append("team")
    if fields:
        person.full_clean()
        person.save(update_fields=fields)
    return person


@transaction.atomic
def people_create_bulk(
    *, organisation: Organisation, people: list[dict], batch_size: int = 500
) -> list[User]:
    """Many new people at once (the CSV import): ``{"email", "name", "team", "roles"}`` each,
    without a password. The caller has validated the rows as ``person_create``'s
    ``full_clean()`` would (address valid and free, name length, team of this organisation);
    the database's unique constraints still guard against a race."""
    users = []
    for data in people:
        user = User(
            organisation=organisation,
            email=data["email"].strip().lower(),
            name=data["name"],
            team=data.get("team"),
        )
        user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users, batch_size=batch_size)
    if users and users[0].pk is None:  # a backend that returns no primary keys
        by_email = dict(
            User.objects.filter(email__in=[u.email for u in users]).values_list("email", "pk")
        )
        for user in users:
            user.pk = by_email[user.email]
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(organisation=organisation, user=user, role=role)
            for user, data in zip(users, people, strict=True)
            for role in dict.fromkeys(data["roles"])
        ],
        batch_size=batch_size,
    )
    return users
